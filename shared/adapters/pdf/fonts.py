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

_FAMILIES = ((SANS, SANS_BOLD), (CONDENSED, CONDENSED_BOLD))


@functools.cache
def register_fonts() -> None:
    """Load the four TTF files and tie each bold face to its regular one (so that `<b>` in a
    Paragraph picks it). About 30 ms, once per process; later calls return at once."""
    for regular, bold in _FAMILIES:
        for name in (regular, bold):
            pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / f"{name}.ttf")))
        pdfmetrics.registerFontFamily(
            regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
        )
