"""The DejaVu fonts of the PDFs, registered with reportlab once per process, on first use.

DejaVu covers Latin (French accents, Œ, Polish, Nordic, Vietnamese...), Greek and Cyrillic,
where reportlab's built-in Helvetica covers Latin-1 and little more. The TTF files and their
licence ship in `fonts/` beside this module (the deployment zip copies `shared/` whole).
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
# Narrower, for the dense table of the attendance sheet.
CONDENSED = "DejaVuSansCondensed"
CONDENSED_BOLD = "DejaVuSansCondensed-Bold"

# A family: its regular face, then its bold one (which `<b>` in a Paragraph picks).
SANS_FAMILY = (SANS, SANS_BOLD)
CONDENSED_FAMILY = (CONDENSED, CONDENSED_BOLD)
FAMILIES = (SANS_FAMILY, CONDENSED_FAMILY)


def register_fonts(*families: tuple[str, str]) -> None:
    """Load the families a PDF prints with (all of them if none is named), each once per
    process: later calls return at once. Only those: each TTF file is parsed whole, 10-20 ms,
    and the kit and the attestations need DejaVu Sans alone where the attendance sheet also
    needs the condensed pair."""
    for regular, bold in families or FAMILIES:
        _register_family(regular, bold)


@functools.cache
def _register_family(regular: str, bold: str) -> None:
    for name in (regular, bold):
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
    )
