"""PDF documents, drawn with reportlab and the DejaVu fonts shipped in `fonts/`.

Importing this package (as any of its modules does) loads reportlab: import its modules only
where a PDF is made (`shared.bootstrap.render_*`), never from a module that the app imports at
start-up.

reportlab compiles, when `reportlab.platypus.paragraph` is imported, a regular expression
matching URLs (`uri_pat`, case-insensitive over most of Unicode), ~35 ms: a third of reportlab's
import, paid by the first PDF of every container. It serves only to hyphenate URLs, which no
PDF here asks for, so it is imported here with that one expression compiled on first use
(`shared.adapters.pdf.lazy_regex`): same expression, same matches, compiled if ever used.
"""

from shared.adapters.pdf.lazy_regex import compiled_on_first_use

# The start of reportlab's `uri_pat` (from Django's URL validator): long enough to be no other.
_URI_PATTERN = "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?"

with compiled_on_first_use(_URI_PATTERN):
    import reportlab.platypus.paragraph  # noqa: F401
