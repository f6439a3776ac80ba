"""The certification attestations of a class: one portrait A4 page per validated pupil —
name, birthdate, Pix score, the level of each of the 16 competences with its French name,
the session's date, the certification number, and the verification code with the address
where anyone can check it. `render_attestations(book) -> bytes`.

What to print is computed by `shared.domain.attestation`; this module only draws it, with
the other PDFs' fonts (DejaVu: "Nguyễn" prints as typed) and text helpers. It imports
reportlab: import it on the PDF's path only (shared/bootstrap.py does).
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from shared.adapters.pdf import styles
from shared.adapters.pdf.attendance import day
from shared.adapters.pdf.fonts import SANS, SANS_BOLD, SANS_FAMILY, register_fonts
from shared.adapters.pdf.pages import footed_template
from shared.adapters.pdf.styles import escape, markup
from shared.domain.attestation import Attestation, AttestationBook
from shared.domain.results import MAX_LEVEL, MAX_PIX_SCORE
from shared.domain.roster.text import french_number

# As the other PDFs: page streams compressed, not also ASCII85-encoded.
rl_config.useA85 = 0

PAGE = portrait(A4)
MARGIN = 16 * mm
FOOT_SPACE = 14 * mm
WIDTH = PAGE[0] - 2 * MARGIN
CODE_WIDTH = 14 * mm
LEVEL_WIDTH = 24 * mm
NAME_WIDTH = WIDTH - CODE_WIDTH - LEVEL_WIDTH
PADDING = 3

NO_ADDRESS = "sur le site de vérification des certifications Pix (adresse : voir l'établissement)"

PUPIL = ParagraphStyle(
    "attestation-pupil", fontName=SANS_BOLD, fontSize=18, leading=22, alignment=TA_CENTER
)
CENTERED = ParagraphStyle("attestation-centered", parent=styles.BODY, alignment=TA_CENTER)
SCORE = ParagraphStyle(
    "attestation-score",
    fontName=SANS_BOLD,
    fontSize=26,
    leading=31,
    alignment=TA_CENTER,
    spaceBefore=4,
)
TEXT = ParagraphStyle("attestation-text", parent=styles.BODY, fontSize=10, leading=13)
CODE = ParagraphStyle("attestation-code", fontName=SANS_BOLD, fontSize=14, leading=18)


def _competences(attestation: Attestation) -> Table:
    rows: list[list[Paragraph | str]] = [
        [
            Paragraph("<b>Code</b>", styles.BODY),
            Paragraph("<b>Compétence</b>", styles.BODY),
            Paragraph(f"<b>Niveau (sur {MAX_LEVEL})</b>", styles.BODY),
        ]
    ]
    rows += [
        [c.code, Paragraph(escape(c.name), styles.BODY), str(c.level)]
        for c in attestation.competences
    ]
    return Table(
        rows,
        colWidths=[CODE_WIDTH, NAME_WIDTH, LEVEL_WIDTH],
        style=[
            styles.TABLE_FONT,
            ("GRID", (0, 0), (-1, -1), styles.LINE, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_GREY),
            ("ALIGN", (2, 1), (2, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
        ],
        hAlign="LEFT",
    )


def _verification(attestation: Attestation) -> list[Flowable]:
    where = (
        escape(attestation.verification_address) if attestation.verification_address else NO_ADDRESS
    )
    return [
        Paragraph(f"Code de vérification : {escape(attestation.verification_code)}", CODE),
        Paragraph(
            "Toute personne (un futur établissement, un employeur…) peut vérifier cette "
            f"certification avec ce code : {where}",
            TEXT,
        ),
    ]


def attestation_story(book: AttestationBook, attestation: Attestation) -> list[Flowable]:
    return [
        Paragraph("Attestation de certification Pix", styles.TITLE),
        Paragraph(markup(book.center_name), styles.CENTER_NAME),
        Spacer(0, 10 * mm),
        Paragraph("Pix certifie que", CENTERED),
        Spacer(0, 2 * mm),
        Paragraph(f"{markup(attestation.first_name)} {markup(attestation.last_name)}", PUPIL),
        Paragraph(
            f"date de naissance : {day(attestation.birthdate)}"
            f" – classe {markup(attestation.division)}",
            CENTERED,
        ),
        Spacer(0, 4 * mm),
        Paragraph("a obtenu la certification Pix avec un score de", CENTERED),
        Paragraph(f"{attestation.pix_score} pix", SCORE),
        Paragraph(f"(sur {french_number(MAX_PIX_SCORE)} pix possibles)", CENTERED),
        Spacer(0, 6 * mm),
        Paragraph("Niveau atteint dans chaque compétence", styles.HEADING),
        _competences(attestation),
        Spacer(0, 6 * mm),
        Paragraph(
            f"<b>Date de passage :</b> {day(attestation.session_date)} "
            f"(session n° {attestation.session_id})",
            TEXT,
        ),
        Paragraph(f"<b>Numéro de certification :</b> {attestation.certification_number}", TEXT),
        Spacer(0, 4 * mm),
        *_verification(attestation),
    ]


def _template(book: AttestationBook) -> PageTemplate:
    foot = f"Attestations de certification Pix – {styles.clean(book.center_name)}"
    return footed_template("attestation", foot, PAGE, MARGIN, FOOT_SPACE)


def render_attestations(book: AttestationBook) -> bytes:
    """The PDF: one portrait A4 page per attestation, in the book's order."""
    register_fonts(SANS_FAMILY)
    story: list[Flowable] = []
    for number, attestation in enumerate(book.attestations):
        if number:
            story.append(PageBreak())
        story.extend(attestation_story(book, attestation))
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        pageTemplates=[_template(book)],
        title=f"Attestations de certification Pix – classe {styles.clean(book.division)}",
        author="Pix Certif SCO",
        lang="fr-FR",
        initialFontName=SANS,
    )
    document.build(story)
    return buffer.getvalue()
