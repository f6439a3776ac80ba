"""The attendance sheet (feuille d'émargement) followed by the incident report (PV d'incident),
as one PDF: `render_attendance_sheet(sheet) -> bytes`.

This module imports reportlab: import it on the PDF's path only (`functions.wiring` does, on
the attendance sheet's first request), never from a module that the app imports at start-up.
"""

from __future__ import annotations

import io
from datetime import date, time
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from shared.adapters.pdf import styles
from shared.adapters.pdf.fonts import CONDENSED, CONDENSED_FAMILY, SANS, SANS_FAMILY, register_fonts
from shared.adapters.pdf.incident_report import incident_report_story
from shared.adapters.pdf.pages import NumberedCanvas, draw_foot
from shared.adapters.pdf.styles import clean, escape, markup
from shared.domain.attendance import AttendanceRow, AttendanceSheet

# Page streams compressed only, not also ASCII85-encoded (reportlab's default): the file is
# about a fifth smaller and the render ~10 % faster. Process-wide, for every PDF made here.
rl_config.useA85 = 0

# With no candidate enrolled, the sheet is filled in by hand: at least this many numbered rows,
# two full pages under a header of usual height (11 rows on the first page, 18 on the next).
EMPTY_SHEET_BLANK_ROWS = 29

SHEET_TEMPLATE = "sheet"
REPORT_TEMPLATE = "incident-report"
SHEET_PAGE = landscape(A4)
REPORT_PAGE = portrait(A4)
MARGIN = 10 * mm
FOOT_SPACE = 12 * mm  # bottom margin: the page's foot is drawn in it
FRAME_SIZE = (SHEET_PAGE[0] - 2 * MARGIN, SHEET_PAGE[1] - MARGIN - FOOT_SPACE)
LAYOUT_SLACK = 0.01  # points

# The candidates' table: (column title, width). The widths add up to the landscape frame.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("N°", 9 * mm),
    ("Nom de naissance", 36 * mm),
    ("Prénom", 32 * mm),
    ("Date de naissance (jj/mm/aaaa)", 22 * mm),
    ("Commune de naissance", 32 * mm),
    ("Code du département de naissance", 20 * mm),
    ("Pays de naissance", 26 * mm),
    ("Classe", 16 * mm),
    ("Temps majoré", 15 * mm),
    ("Signature", 48 * mm),
    ("Écran de fin de test vu (cocher)", 21 * mm),
)
WIDTHS = [width for _, width in COLUMNS]
NUMBER, LAST, FIRST, BIRTH, CITY, DEPARTMENT, COUNTRY, DIVISION, EXTRA, SIGN, END_SCREEN = range(
    len(COLUMNS)
)
CELL_SIDE_PADDING = 3
# Vertical padding around one line of text: rows about 9 mm high, room enough to sign.
CELL_TOP_BOTTOM_PADDING = 7.5
TICK_BOX_SIZE = 4.5 * mm
# An empty cell: no flowable to lay out or draw (an empty string would still be drawn).
EMPTY: tuple[()] = ()

# Ranges with -1 do not depend on the number of rows: one style for every sheet.
ROWS_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), CONDENSED, styles.CELL_FONT_SIZE, styles.CELL_LEADING),
        ("GRID", (0, 0), (-1, -1), styles.LINE, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
        ("TOPPADDING", (0, 1), (-1, -1), CELL_TOP_BOTTOM_PADDING),
        ("BOTTOMPADDING", (0, 1), (-1, -1), CELL_TOP_BOTTOM_PADDING),
        ("TOPPADDING", (0, 0), (-1, 0), 3),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_GREY),
        ("ALIGN", (NUMBER, 1), (NUMBER, -1), "CENTER"),
        ("ALIGN", (BIRTH, 1), (BIRTH, -1), "CENTER"),
        ("ALIGN", (DEPARTMENT, 1), (DEPARTMENT, -1), "CENTER"),
        ("ALIGN", (DIVISION, 1), (DIVISION, -1), "CENTER"),
        ("ALIGN", (EXTRA, 1), (EXTRA, -1), "CENTER"),
        ("ALIGN", (END_SCREEN, 1), (END_SCREEN, -1), "CENTER"),
    ]
)


class TickBox(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """An empty square to tick by hand. Stateless: one instance serves every row."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size)


def day(value: date) -> str:
    """jj/mm/aaaa."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def hour(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def extra_time(percentage: int) -> str:
    return f"{percentage} %" if percentage else ""


class _Cells:
    """Makes the table's cells: a plain string when the text fits its column on one line
    (cheap to lay out; drawn literally, no markup), a wrapping Paragraph otherwise."""

    def __init__(self) -> None:
        self._font = pdfmetrics.getFont(CONDENSED)
        self._room = [width - 2 * CELL_SIDE_PADDING for width in WIDTHS]

    def fit(self, value: str, column: int) -> str | Paragraph:
        text = clean(value)
        if self._font.stringWidth(text, styles.CELL_FONT_SIZE) <= self._room[column]:
            return text
        return Paragraph(escape(text), styles.CELL)


def candidate_rows(sheet: AttendanceSheet, blank: int | None = None) -> list[list[Any]]:
    """The title row, one numbered row per candidate, then `blank` numbered blank rows (by
    default the sheet's minimum)."""
    cells = _Cells()
    tick = TickBox(TICK_BOX_SIZE)

    def row(number: int, candidate: AttendanceRow) -> list[Any]:
        return [
            str(number),
            cells.fit(candidate.last_name, LAST),
            cells.fit(candidate.first_name, FIRST),
            day(candidate.birthdate),
            cells.fit(candidate.birth_city, CITY),
            cells.fit(candidate.birth_department_code, DEPARTMENT),
            cells.fit(candidate.birth_country, COUNTRY),
            cells.fit(candidate.division, DIVISION),
            extra_time(candidate.extra_time_percentage) or EMPTY,
            EMPTY,
            tick,
        ]

    titles = [Paragraph(title, styles.COLUMN_TITLE) for title, _ in COLUMNS]
    rows = [row(number, candidate) for number, candidate in enumerate(sheet.rows, start=1)]
    if blank is None:
        blank = minimum_blank_rows(sheet)
    first_blank = len(rows) + 1
    blanks = [
        [str(number), *[EMPTY] * (len(COLUMNS) - 2), tick]
        for number in range(first_blank, first_blank + blank)
    ]
    return [titles, *rows, *blanks]


def minimum_blank_rows(sheet: AttendanceSheet) -> int:
    return sheet.blank_rows if sheet.rows else max(sheet.blank_rows, EMPTY_SHEET_BLANK_ROWS)


def blank_rows_to_fill(
    heights: list[float], minimum: int, first_room: float, page_room: float
) -> int:
    """How many blank rows follow the candidates: at least `minimum`, then as many as the
    page where the last of them falls still has room for, so that the sheet never ends on a
    page holding a couple of blank rows (8 pupils gave a second sheet page with 2 rows).

    `heights`: the title row's, each candidate row's, then a blank row's; `first_room` and
    `page_room`: the frame's height left for the table on the first page and on the next."""
    title, *candidates, blank = heights
    room = first_room - title

    def place(height: float) -> None:
        nonlocal room
        if height > room:  # on the next page, under the repeated title row
            room = page_room - title
        room -= height

    for height in candidates:
        place(height)
    for _ in range(minimum):
        place(blank)
    return minimum + max(0, int(room // blank))


def _label(text: str) -> Paragraph:
    return Paragraph(text, styles.BODY_BOLD)


def _value(text: str) -> Paragraph:
    return Paragraph(text, styles.BODY)


def header(sheet: AttendanceSheet) -> Table:
    """The session's block above the table, laid out as the seed's: the session on the left,
    its number, supervisor and the supervisors' signature on the right."""
    session = Table(
        [
            [_label("La session de certification"), "", ""],
            [_label("Date"), _value(day(sheet.date)), ""],
            [
                _label("Heure locale (début/fin)"),
                _value(hour(sheet.start_time)),
                _value(hour(sheet.end_time)),
            ],
            [_label("Nom du site"), _value(markup(sheet.address)), ""],
            [_label("Nom de la salle"), _value(markup(sheet.room)), ""],
        ],
        colWidths=[50 * mm, 50 * mm, 50 * mm],
        style=[
            styles.TABLE_FONT,
            ("GRID", (0, 0), (-1, -1), styles.LINE, colors.black),
            ("SPAN", (0, 0), (-1, 0)),
            ("SPAN", (1, 1), (-1, 1)),
            ("SPAN", (1, 3), (-1, 3)),
            ("SPAN", (1, 4), (-1, 4)),
            ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_GREY),
            ("BACKGROUND", (0, 1), (0, -1), styles.HEADER_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
    )
    supervision = Table(
        [
            [_label("N° de session :"), Paragraph(str(sheet.session_id), styles.HEADING)],
            [_label("Session surveillée par :"), _value(markup(sheet.examiner))],
            [_label("Signature du ou des surveillant(s) :"), ""],
            ["", ""],
        ],
        colWidths=[48 * mm, 72 * mm],
        rowHeights=[None, None, None, 18 * mm],
        style=[
            styles.TABLE_FONT,
            ("BOX", (0, 0), (-1, -1), styles.LINE, colors.black),
            ("LINEBELOW", (0, 0), (-1, 1), styles.LINE, colors.black),
            ("BACKGROUND", (0, 0), (0, 1), styles.HEADER_GREY),
            ("LINEAFTER", (0, 0), (0, 1), styles.LINE, colors.black),
            ("SPAN", (0, 2), (-1, 2)),
            ("SPAN", (0, 3), (-1, 3)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
    )
    return Table(
        [[session, supervision]],
        colWidths=[157 * mm, 120 * mm],
        style=[
            styles.TABLE_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
        hAlign="LEFT",
    )


def sheet_story(sheet: AttendanceSheet) -> list[Flowable]:
    title = Table(
        [
            [
                Paragraph("Feuille d'émargement", styles.TITLE),
                Paragraph(markup(sheet.center_name), styles.CENTER_NAME),
            ]
        ],
        colWidths=[120 * mm, 157 * mm],
        style=[
            styles.TABLE_FONT,
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
        hAlign="LEFT",
    )
    head: list[Flowable] = [
        title,
        header(sheet),
        Spacer(0, 4 * mm),
        Paragraph("Participants", styles.HEADING),
    ]
    participants = Table(
        candidate_rows(sheet, _blank_rows(sheet, head)),
        colWidths=WIDTHS,
        repeatRows=1,
        splitByRow=1,
        style=ROWS_STYLE,
        hAlign="LEFT",
    )
    return [*head, participants]


def _blank_rows(sheet: AttendanceSheet, head: list[Flowable]) -> int:
    """Lays the table out once (its rows' heights) to size the blank rows to the last page."""
    width, height = FRAME_SIZE
    used = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in head)
    measured = Table(
        candidate_rows(sheet, blank=1), colWidths=WIDTHS, style=ROWS_STYLE, hAlign="LEFT"
    )
    measured.wrap(width, height)
    heights = list(measured._rowHeights)
    # A hair of slack against rounding: a blank row too many would spill onto a page of its
    # own (the measure is reportlab's own, so no more is needed: 18 rows fill a page by 0.3 pt).
    return blank_rows_to_fill(
        heights, minimum_blank_rows(sheet), height - used - LAYOUT_SLACK, height - LAYOUT_SLACK
    )


def _templates(sheet: AttendanceSheet) -> list[PageTemplate]:
    sheet_foot = f"Feuille d'émargement – session n° {sheet.session_id} du {day(sheet.date)}"
    report_foot = f"PV d'incident – session n° {sheet.session_id} du {day(sheet.date)}"

    def frame(page: tuple[float, float]) -> Frame:
        width, height = page
        return Frame(
            MARGIN,
            FOOT_SPACE,
            width - 2 * MARGIN,
            height - MARGIN - FOOT_SPACE,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def on_sheet_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_foot(canvas, sheet_foot)

    def on_report_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_foot(canvas, report_foot)

    return [
        PageTemplate(SHEET_TEMPLATE, [frame(SHEET_PAGE)], on_sheet_page, pagesize=SHEET_PAGE),
        PageTemplate(REPORT_TEMPLATE, [frame(REPORT_PAGE)], on_report_page, pagesize=REPORT_PAGE),
    ]


def render_attendance_sheet(sheet: AttendanceSheet) -> bytes:
    """The PDF: the attendance sheet (landscape A4, as many pages as the candidates need, the
    table's title row on each) then the PV d'incident (portrait A4); "Page x/y" on every page."""
    register_fonts(SANS_FAMILY, CONDENSED_FAMILY)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=SHEET_PAGE,
        pageTemplates=_templates(sheet),
        title=f"Feuille d'émargement et PV d'incident – session n° {sheet.session_id}",
        author="Pix Certif SCO",
        lang="fr-FR",
        initialFontName=SANS,
    )
    story = [
        *sheet_story(sheet),
        NextPageTemplate(REPORT_TEMPLATE),
        PageBreak(),
        *incident_report_story(sheet),
    ]
    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
