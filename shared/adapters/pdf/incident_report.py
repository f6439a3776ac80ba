"""The incident report (PV d'incident) printed after the attendance sheet: the supervisor's
notes during the session, and the legend of the issue-report codes.

The legend comes from `shared.domain.issue_reports` (the one table of codes C1–C6, E1–E7,
A1–A2, their wording and the PV's two notes): nothing of it is written here.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from shared.adapters.pdf import styles
from shared.adapters.pdf.styles import escape
from shared.domain.attendance import AttendanceSheet
from shared.domain.issue_reports import PV_NOTES, IssueCode, IssueGroup, codes_by_group

REPORT_WIDTH = 190 * mm  # portrait A4 less 10 mm margins
COMMENT_BOX_HEIGHT = 38 * mm
REPORT_LINES = 10
REPORT_LINE_HEIGHT = 8 * mm
REPORT_WIDTHS = [55 * mm, 20 * mm, 22 * mm, 93 * mm]
LEGEND_WIDTHS = [14 * mm, 116 * mm, 60 * mm]

CLOSING = (
    "Le PV d'incident est à <b>usage de note pour le surveillant</b>, afin de pouvoir "
    "communiquer les informations de manière explicite à la personne qui va finaliser la "
    "session sur Pix Certif.",
    "Il guide le surveillant dans la rédaction des signalements et facilitera la finalisation "
    "de la session.",
)


def _comment_box() -> Table:
    return Table(
        [
            [
                Paragraph(
                    "<b>Commentaire global sur la session</b> (optionnel – ne rien indiquer si "
                    "tout s'est bien déroulé)",
                    styles.BODY,
                )
            ],
            [""],
        ],
        colWidths=[REPORT_WIDTH],
        rowHeights=[None, COMMENT_BOX_HEIGHT],
        style=[styles.TABLE_FONT, ("BOX", (0, 0), (-1, -1), styles.LINE, colors.black)],
        hAlign="LEFT",
    )


def _reports_table() -> Table:
    titles = ["Prénom/Nom", "Code (*)", "N° épreuve", "Détails"]
    return Table(
        [[Paragraph(t, styles.SMALL_BOLD) for t in titles]]
        + [["", "", "", ""] for _ in range(REPORT_LINES)],
        colWidths=REPORT_WIDTHS,
        rowHeights=[None] + [REPORT_LINE_HEIGHT] * REPORT_LINES,
        repeatRows=1,
        style=[
            styles.TABLE_FONT,
            ("GRID", (0, 0), (-1, -1), styles.LINE, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
        hAlign="LEFT",
    )


def _legend_table(group: IssueGroup, codes: list[IssueCode]) -> Table:
    rows = [
        [Paragraph(escape(group.value), styles.BODY_BOLD), "", ""],
        [Paragraph(t, styles.SMALL_BOLD) for t in ("Code", "Incident", "Détails attendus")],
        *(
            [
                Paragraph(escape(code.code), styles.SMALL_BOLD),
                Paragraph(escape(code.label), styles.SMALL),
                Paragraph(escape(code.expected_details), styles.SMALL),
            ]
            for code in codes
        ),
    ]
    return Table(
        rows,
        colWidths=LEGEND_WIDTHS,
        repeatRows=2,
        style=[
            styles.TABLE_FONT,
            ("GRID", (0, 0), (-1, -1), styles.LINE, colors.black),
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), styles.GROUP_GREY),
            ("BACKGROUND", (0, 1), (-1, 1), styles.HEADER_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
        hAlign="LEFT",
    )


def incident_report_story(sheet: AttendanceSheet) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph("PV d'incident", styles.TITLE),
        Paragraph(f"<b>N° de session :</b> {sheet.session_id}", styles.BODY),
        Spacer(0, 4 * mm),
        _comment_box(),
        Paragraph("Signalements individuels", styles.HEADING),
        _reports_table(),
        Spacer(0, 1.5 * mm),
        Paragraph("(*) Code du signalement : voir les tableaux ci-dessous.", styles.SMALL),
        Spacer(0, 3 * mm),
    ]
    for group, codes in codes_by_group():
        story += [KeepTogether(_legend_table(group, codes)), Spacer(0, 3 * mm)]
    story += [Paragraph(escape(note), styles.BULLET, bulletText="•") for note in PV_NOTES]
    story += [Spacer(0, 3 * mm), *(Paragraph(text, styles.BODY) for text in CLOSING)]
    return story
