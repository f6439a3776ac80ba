"""PDF documents, drawn with reportlab and the DejaVu fonts shipped in `fonts/`.

Import `shared.adapters.pdf.attendance` only where a PDF is made: reportlab is loaded by that
module, not by this package, and nothing that the app imports at start-up may import it.
"""
