"""The invigilator's kit PDF (shared.adapters.pdf.invigilator_kit), read back with pypdf: what it
prints, not how it is drawn."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from shared.adapters.pdf.invigilator_kit import NO_ADDRESS, render_invigilator_kit
from shared.domain.audit import Actor, Audit
from shared.domain.invigilator_kit import STEPS, InvigilatorKit, invigilator_kit
from shared.domain.people import Center
from shared.domain.session import Session, SessionCodes, SessionDetails, new_session

SESSION_ID = 90817
PASSWORD = "C-7K2MX"
ACCESS_CODE = "BCDF23"
WEB_ADDRESS = "https://certif-sco.example.fr/"
PORTAL_URL = "https://certif-sco.example.fr/#/surveillant"
PUPILS_URL = "https://certif-sco.example.fr/#/candidat"


def a_session(center_name: str = "Collège Anne Frank", **details: Any) -> Session:
    """Session 90817 of a Paris school, on 4 January 2027 at 09:05 (zero-padded when printed)."""
    values: dict[str, Any] = {
        "address": "Collège Anne Frank, 12 rue des Lilas",
        "room": "Salle 208",
        "date": date(2027, 1, 4),
        "time": time(9, 5),
        "examiner": "Paul Martin",
    }
    values.update(details)
    return new_session(
        SESSION_ID,
        Center(id="c-paris", name=center_name, timezone="Europe/Paris", external_id="0999001A"),
        SessionDetails(**values),
        SessionCodes(access_code=ACCESS_CODE, supervisor_password=PASSWORD),
        Audit(actor=Actor.system("u"), at=datetime(2026, 12, 1, tzinfo=UTC)),
    )


def a_kit(
    session: Session | None = None,
    web_address: str | None = WEB_ADDRESS,
    candidates_count: int = 27,
) -> InvigilatorKit:
    return invigilator_kit(session or a_session(), web_address, candidates_count)


class Printed:
    """A rendered kit read back: the text of each page and the fonts in use."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.reader = PdfReader(io.BytesIO(pdf))
        self.pages = [page.extract_text() or "" for page in self.reader.pages]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        return flat(self.text)

    def font_names(self) -> set[str]:
        """The fonts that the pages use (subsets are named "ABCDEF+Name")."""
        names: set[str] = set()
        for page in self.reader.pages:
            resources = cast(DictionaryObject, page["/Resources"].get_object())
            fonts = cast(DictionaryObject, resources["/Font"].get_object())
            for font in fonts.values():
                names.add(str(cast(DictionaryObject, font.get_object())["/BaseFont"]))
        return names


def render(kit: InvigilatorKit) -> Printed:
    return Printed(render_invigilator_kit(kit))


def flat(text: str) -> str:
    """Without any whitespace: a value wrapped over several lines still compares equal."""
    return "".join(text.split())


def test_a_usual_kit_is_one_portrait_a4_page_numbered() -> None:
    printed = render(a_kit())

    assert printed.pdf.startswith(b"%PDF-")
    assert len(printed.pages) == 1
    page = printed.reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert "Page 1/1" in printed.pages[0]


def test_the_box_shows_what_to_log_in_with_and_the_session() -> None:
    printed = render(a_kit(candidates_count=27))

    text = printed.flat
    assert flat(f"Kit surveillant — session {SESSION_ID}") in text
    assert "Collège Anne Frank" in printed.text
    # Each label followed by its value (the box is drawn row by row, label then value).
    for label, value in (
        ("Numéro de session", str(SESSION_ID)),
        ("Mot de passe surveillant", PASSWORD),
        ("Code d'accès (pour les élèves)", ACCESS_CODE),
        ("Salle", "Salle 208"),
        ("Date", "04/01/2027"),
        ("Heure de début", "09:05"),
        ("Surveillant(s)", "Paul Martin"),
        ("Candidats inscrits", "27"),
    ):
        assert flat(label + value) in text, label
    assert flat("Site : Collège Anne Frank, 12 rue des Lilas") in text


def test_the_addresses_of_the_invigilators_portal_and_of_the_pupils() -> None:
    text = render(a_kit(web_address=WEB_ADDRESS)).flat

    assert flat(f"Espace surveillant : {PORTAL_URL}") in text
    assert flat(f"Les élèves rejoignent la session sur : {PUPILS_URL}") in text
    assert flat(NO_ADDRESS) not in text


def test_without_the_web_address_the_kit_says_whom_to_ask() -> None:
    kit = a_kit(web_address=None)
    assert kit.portal_url is None and kit.pupils_url is None

    text = render(kit).flat

    assert flat(f"Espace surveillant : {NO_ADDRESS}") in text
    assert flat(f"Les élèves rejoignent la session sur : {NO_ADDRESS}") in text
    assert "http" not in text


def test_the_days_steps_are_printed_numbered_in_order_title_then_text() -> None:
    text = render(a_kit()).flat

    assert flat("Le déroulé de la journée") in text
    positions = []
    for number, step in enumerate(STEPS, start=1):
        numbered = flat(f"{number}. {step.title} {step.text}")
        assert numbered in text, step.title
        positions.append(text.index(numbered))
    assert positions == sorted(positions)


def test_the_foot_note_says_the_kit_and_the_password_are_confidential() -> None:
    text = render(a_kit()).flat

    assert flat("Document réservé au surveillant.") in text
    assert flat("Le mot de passe surveillant est confidentiel") in text
    # After the last step: at the foot of the kit.
    assert text.index(flat("Document réservé au surveillant.")) > text.index(flat(STEPS[-1].text))


@pytest.mark.parametrize(
    "hostile",
    ["<b>x</b> & co", "Nguyễn Thị", "Tom & Jerry", "a<br/>b", "&amp; &nbsp;", "O'Brien"],
)
def test_user_text_prints_literally(hostile: str) -> None:
    # Given markup or letters beyond Latin-1 in every value typed by the school
    session = a_session(center_name=hostile, address=hostile, room=hostile, examiner=hostile)

    # When the kit is printed
    text = render(a_kit(session)).flat

    # Then each value is printed as typed, never interpreted
    assert text.count(flat(hostile)) >= 4


def test_decomposed_accents_print_as_composed_letters() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"

    printed = render(a_kit(a_session(examiner=decomposed)))

    assert "Nguyễn Thị Ánh" in printed.text


def test_only_the_embedded_dejavu_fonts_are_used() -> None:
    printed = render(a_kit(a_session(examiner="Nguyễn Thị Ánh", room="Łukasz – Ørsted")))

    fonts = printed.font_names()
    assert fonts and all("DejaVu" in font for font in fonts), fonts
    assert not any("Helvetica" in font for font in fonts)
    assert b"/FontFile2" in printed.pdf  # the TrueType programs are in the file


@pytest.mark.parametrize(
    "long_value",
    [
        ("Salle polyvalente du bâtiment B, deuxième étage " * 6)[:255],
        "W" * 255,  # one word of the widest letter: split where the cell ends
    ],
    ids=["words", "one-word"],
)
@pytest.mark.parametrize("web_address", [WEB_ADDRESS, None], ids=["address", "no-address"])
def test_long_values_wrap_and_the_kit_keeps_to_two_pages(
    long_value: str, web_address: str | None
) -> None:
    # Given 255 characters (the form's limit) in every value typed by the school
    session = a_session(
        center_name=long_value, address=long_value, room=long_value, examiner=long_value
    )

    # When printed
    printed = render(a_kit(session, web_address))

    # Then everything is there, wrapped over several lines, on two pages at most
    assert 1 <= len(printed.pages) <= 2
    assert printed.flat.count(flat(long_value)) >= 4
    assert long_value not in printed.text
    for step in STEPS:
        assert flat(step.title) in printed.flat
    total = len(printed.pages)
    for number, page in enumerate(printed.pages, start=1):
        assert f"Page {number}/{total}" in page


def test_renders_the_same_twice() -> None:
    # Fonts are registered once per process; later renders reuse them.
    assert render(a_kit()).text == render(a_kit()).text


def test_a_kit_loads_only_the_two_fonts_it_prints_with() -> None:
    # In a fresh interpreter, as a container's first kit: parsing a font is ~10-20 ms, and the
    # condensed pair is the attendance sheet's, not the kit's.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from tests.unit.test_invigilator_kit_pdf import a_kit\n"
        "from shared.adapters.pdf.invigilator_kit import render_invigilator_kit\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "render_invigilator_kit(a_kit())\n"
        "print(*sorted(n for n in pdfmetrics.getRegisteredFontNames() if 'DejaVu' in n))\n"
    )
    root = Path(__file__).resolve().parents[2]

    loaded = subprocess.run(
        [sys.executable, "-c", code, str(root)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    ).stdout.split()

    assert loaded == ["DejaVuSans", "DejaVuSans-Bold"]
