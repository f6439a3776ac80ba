"""Paragraph styles, colours and text helpers shared by the PDFs.

User text (names, room, examiner...) is printed literally: `clean` makes it one printable line,
`markup` also escapes it for a reportlab Paragraph, whose text is XML-like markup (`<b>`,
`&amp;`...): unescaped, a pupil named `<b>Bob</b>` would print in bold as "Bob", and
`Tom & Jerry` would fail to parse.
"""

from __future__ import annotations

import unicodedata

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from shared.adapters.pdf.fonts import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD

HEADER_GREY = colors.Color(0.88, 0.88, 0.88)
GROUP_GREY = colors.Color(0.78, 0.78, 0.78)
LINE = 0.5  # width of table rules, points
# Every table sets its font: a Table's default is Helvetica, which would be put in the PDF
# (for its empty cells) beside DejaVu.
TABLE_FONT = ("FONT", (0, 0), (-1, -1), SANS, 9)

TITLE = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=15, leading=19, spaceAfter=4)
HEADING = ParagraphStyle(
    "heading", fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
)
BODY = ParagraphStyle("body", fontName=SANS, fontSize=9, leading=11.5)
BODY_BOLD = ParagraphStyle("body-bold", parent=BODY, fontName=SANS_BOLD)
CENTER_NAME = ParagraphStyle(
    "center-name", parent=BODY, fontSize=10, leading=13, alignment=TA_RIGHT
)
SMALL = ParagraphStyle("small", fontName=SANS, fontSize=8, leading=10)
SMALL_BOLD = ParagraphStyle("small-bold", parent=SMALL, fontName=SANS_BOLD)
BULLET = ParagraphStyle(
    "bullet", parent=BODY, leftIndent=12, bulletIndent=2, bulletFontName=SANS, spaceAfter=3
)
# The attendance sheet's table: condensed, so that long names fit on one line more often.
CELL_FONT_SIZE = 9
CELL_LEADING = 11
CELL = ParagraphStyle("cell", fontName=CONDENSED, fontSize=CELL_FONT_SIZE, leading=CELL_LEADING)
COLUMN_TITLE = ParagraphStyle(
    "column-title",
    fontName=CONDENSED_BOLD,
    fontSize=7.5,
    leading=9,
    alignment=TA_CENTER,
)


def clean(value: str) -> str:
    """One printable line: composed accents (NFC: "Nguyễn" typed with combining marks draws
    as its precomposed letters), control characters and line breaks made spaces, runs of
    spaces collapsed."""
    text = unicodedata.normalize("NFC", value)
    if not text.isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def escape(text: str) -> str:
    """Paragraph markup that prints `text` as is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(value: str) -> str:
    """User text, cleaned and escaped for a Paragraph."""
    return escape(clean(value))
