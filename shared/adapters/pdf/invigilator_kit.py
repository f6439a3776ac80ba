"""The invigilator's kit (kit surveillant): one or two portrait A4 pages for the person in the
exam room — the codes to log in and to give the pupils, in large print, then the day's steps.
`render_invigilator_kit(kit) -> bytes`.

What to print is computed by `shared.domain.invigilator_kit`; this module only draws it, with
the attendance sheet's fonts, text helpers and numbered canvas. It imports reportlab: import
it on the PDF's path only, never from a module that the app imports at start-up.
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from shared.adapters.pdf import styles
from shared.adapters.pdf.attendance import day, hour
from shared.adapters.pdf.fonts import SANS, SANS_BOLD, SANS_FAMILY, register_fonts
from shared.adapters.pdf.pages import NumberedCanvas, footed_template
from shared.adapters.pdf.styles import escape, markup
from shared.domain.invigilator_kit import InvigilatorKit, KitStep

# As the attendance sheet: page streams compressed, not also ASCII85-encoded. The setting is
# process-wide (attendance.py, imported above for its date formats, sets it too); said again
# here so that the kit keeps it if that import goes.
rl_config.useA85 = 0

PAGE = portrait(A4)
MARGIN = 12 * mm
FOOT_SPACE = 14 * mm  # bottom margin: the page's foot is drawn in it
WIDTH = PAGE[0] - 2 * MARGIN
LABEL_WIDTH = 72 * mm
VALUE_WIDTH = WIDTH - LABEL_WIDTH
BOX_PADDING = 4
STEP_INDENT = 7 * mm

NO_ADDRESS = "adresse de Pix Certif : demandez-la à l'administrateur de l'établissement"
CONFIDENTIAL = (
    "<b>Document réservé au surveillant.</b> Le mot de passe surveillant est confidentiel : "
    "ne l'écrivez pas au tableau, ne le communiquez pas aux élèves et ne laissez pas ce kit à "
    "leur vue. Seuls le numéro de session et le code d'accès sont à donner aux élèves."
)

CENTER = ParagraphStyle("kit-center", fontName=SANS_BOLD, fontSize=12, leading=15)
SITE = ParagraphStyle("kit-site", parent=styles.BODY, fontSize=10, leading=13, spaceBefore=2)
# The box is read from the desk or copied onto the board: large print, the codes larger still.
LABEL = ParagraphStyle("kit-label", fontName=SANS_BOLD, fontSize=11, leading=14)
VALUE = ParagraphStyle("kit-value", fontName=SANS, fontSize=14, leading=17)
CODE = ParagraphStyle("kit-code", fontName=SANS_BOLD, fontSize=22, leading=26)
LINK = ParagraphStyle("kit-link", parent=styles.BODY, fontSize=10, leading=13, spaceAfter=3)
STEP_TITLE = ParagraphStyle(
    "kit-step-title",
    fontName=SANS_BOLD,
    fontSize=10.5,
    leading=13.5,
    leftIndent=STEP_INDENT,
    bulletIndent=0,
    bulletFontName=SANS_BOLD,
    bulletFontSize=10.5,
    spaceBefore=4,
)
STEP_TEXT = ParagraphStyle(
    "kit-step-text", fontName=SANS, fontSize=10, leading=13, leftIndent=STEP_INDENT
)
NOTE = ParagraphStyle("kit-note", parent=styles.BODY, fontSize=9, leading=12)


def _row(label: str, value: str, style: ParagraphStyle = VALUE) -> list[Paragraph]:
    """One line of the box; `value` is Paragraph markup (user text escaped by the caller)."""
    return [Paragraph(label, LABEL), Paragraph(value, style)]


def codes_box(kit: InvigilatorKit) -> Table:
    rows = [
        _row("Numéro de session", str(kit.session_id), CODE),
        _row("Mot de passe surveillant", markup(kit.supervisor_password), CODE),
        _row("Code d'accès (pour les élèves)", markup(kit.access_code), CODE),
        _row("Salle", markup(kit.room)),
        _row("Date", day(kit.date)),
        _row("Heure de début", hour(kit.start_time)),
        _row("Surveillant(s)", markup(kit.examiner)),
        _row("Candidats inscrits", str(kit.candidates_count)),
    ]
    return Table(
        rows,
        colWidths=[LABEL_WIDTH, VALUE_WIDTH],
        style=[
            styles.TABLE_FONT,
            ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
            ("INNERGRID", (0, 0), (-1, -1), styles.LINE, colors.black),
            ("BACKGROUND", (0, 0), (0, -1), styles.HEADER_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), BOX_PADDING),
        ],
        hAlign="LEFT",
    )


def _address(url: str | None) -> str:
    return escape(url) if url else NO_ADDRESS


def step(number: int, kit_step: KitStep) -> KeepTogether:
    """A numbered step: its title in bold, then its text, never apart."""
    return KeepTogether(
        [
            Paragraph(f"<b>{escape(kit_step.title)}</b>", STEP_TITLE, bulletText=f"{number}."),
            Paragraph(escape(kit_step.text), STEP_TEXT),
        ]
    )


def _note() -> Table:
    return Table(
        [[Paragraph(CONFIDENTIAL, NOTE)]],
        colWidths=[WIDTH],
        style=[
            styles.TABLE_FONT,
            ("BOX", (0, 0), (-1, -1), styles.LINE, colors.black),
            ("BACKGROUND", (0, 0), (-1, -1), styles.HEADER_GREY),
            ("LEFTPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
        hAlign="LEFT",
    )


def kit_story(kit: InvigilatorKit) -> list[Flowable]:
    return [
        Paragraph(f"Kit surveillant — session {kit.session_id}", styles.TITLE),
        Paragraph(markup(kit.center_name), CENTER),
        Paragraph(f"<b>Site :</b> {markup(kit.address)}", SITE),
        Spacer(0, 4 * mm),
        codes_box(kit),
        Spacer(0, 4 * mm),
        Paragraph(f"<b>Espace surveillant :</b> {_address(kit.portal_url)}", LINK),
        Paragraph(
            f"<b>Les élèves rejoignent la session sur :</b> {_address(kit.pupils_url)}", LINK
        ),
        Paragraph("Le déroulé de la journée", styles.HEADING),
        *(step(number, kit_step) for number, kit_step in enumerate(kit.steps, start=1)),
        Spacer(0, 4 * mm),
        KeepTogether(_note()),
    ]


def _template(kit: InvigilatorKit) -> PageTemplate:
    foot = f"Kit surveillant – session n° {kit.session_id} du {day(kit.date)} – confidentiel"
    return footed_template("kit", foot, PAGE, MARGIN, FOOT_SPACE)


def render_invigilator_kit(kit: InvigilatorKit) -> bytes:
    """The PDF: portrait A4, one page usually, two with long names of room, site or examiner;
    "Page x/y" on every page."""
    register_fonts(SANS_FAMILY)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        pageTemplates=[_template(kit)],
        title=f"Kit surveillant – session n° {kit.session_id}",
        author="Pix Certif SCO",
        lang="fr-FR",
        initialFontName=SANS,
    )
    document.build(kit_story(kit), canvasmaker=NumberedCanvas)
    return buffer.getvalue()
