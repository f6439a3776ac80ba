"""The attendance sheet and PV d'incident PDF (shared.adapters.pdf.attendance), read back with
pypdf: what it prints, not how it is drawn."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import date, time
from functools import cache
from typing import Any, cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from shared.adapters.pdf.attendance import (
    COLUMNS,
    EMPTY_SHEET_BLANK_ROWS,
    render_attendance_sheet,
)
from shared.domain.attendance import AttendanceRow, AttendanceSheet
from shared.domain.issue_reports import ISSUE_CODES, PV_NOTES, IssueGroup

SESSION_ID = 90817  # larger than any row number, so a line "90817" is never a row's number


def a_row(number: int, **changes: Any) -> AttendanceRow:
    values: dict[str, Any] = {
        "last_name": f"CANDIDAT{number:04d}",
        "first_name": f"Prénom{number:04d}",
        "birthdate": date(2010, 1 + number % 12, 1 + number % 28),
        "birth_city": "Besançon",
        "birth_department_code": "25",
        "birth_country": "France",
        "division": f"3E{1 + number % 4}",
        "extra_time_percentage": 33 if number % 5 == 0 else 0,
    }
    values.update(changes)
    return AttendanceRow(**values)


def a_sheet(rows: Sequence[AttendanceRow] = (), **changes: Any) -> AttendanceSheet:
    values: dict[str, Any] = {
        "session_id": SESSION_ID,
        "date": date(2021, 1, 4),
        "start_time": time(9, 0),
        "end_time": time(11, 0),
        "center_name": "Lycée Jean-Baptiste Lulli",
        "address": "Lycée Jean-Baptiste Lulli",
        "room": "Salle Pix",
        "examiner": "Paul Martin",
        "rows": list(rows),
    }
    values.update(changes)
    return AttendanceSheet(**values)


def candidates(count: int) -> list[AttendanceRow]:
    return [a_row(number) for number in range(1, count + 1)]


class Printed:
    """A rendered PDF read back: the text of each page, and which pages are the sheet's."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.reader = PdfReader(io.BytesIO(pdf))
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        # The sheet is landscape A4, the PV d'incident portrait.
        self.landscape = [
            float(page.mediabox.width) > float(page.mediabox.height) for page in self.reader.pages
        ]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def sheet_pages(self) -> list[str]:
        return [text for text, wide in zip(self.pages, self.landscape, strict=True) if wide]

    @property
    def report_pages(self) -> list[str]:
        return [text for text, wide in zip(self.pages, self.landscape, strict=True) if not wide]

    @property
    def sheet_lines(self) -> list[str]:
        return [line.strip() for page in self.sheet_pages for line in page.splitlines()]

    def font_names(self) -> set[str]:
        """The fonts that the pages use (subsets are named "ABCDEF+Name")."""
        names: set[str] = set()
        for page in self.reader.pages:
            resources = cast(DictionaryObject, page["/Resources"].get_object())
            fonts = cast(DictionaryObject, resources["/Font"].get_object())
            for font in fonts.values():
                names.add(str(cast(DictionaryObject, font.get_object())["/BaseFont"]))
        return names

    def row_numbers(self) -> set[int]:
        """The numbers in the N° column (a cell's text is a line of its own)."""
        return {int(line) for line in self.sheet_lines if line.isdigit()} - {SESSION_ID}


def render(sheet: AttendanceSheet) -> Printed:
    return Printed(render_attendance_sheet(sheet))


@cache
def with_candidates(count: int) -> Printed:
    """Rendered once per test run: the 500-candidate PDF takes a while to read back."""
    return render(a_sheet(candidates(count)))


def flat(text: str) -> str:
    """Without any whitespace: a value wrapped over several lines still compares equal."""
    return "".join(text.split())


def contains_run(lines: list[str], run: list[str]) -> bool:
    width = len(run)
    return any(lines[i : i + width] == run for i in range(len(lines) - width + 1))


def test_the_output_is_one_pdf_the_sheet_then_the_incident_report() -> None:
    printed = with_candidates(40)

    assert printed.pdf.startswith(b"%PDF-")
    assert printed.landscape[0] and not printed.landscape[-1]
    # The sheet's pages come first, then the PV's: one switch from landscape to portrait.
    assert printed.landscape == sorted(printed.landscape, reverse=True)
    assert "Feuille d'émargement" in printed.pages[0]
    assert "PV d'incident" in printed.report_pages[0]


def test_the_header_shows_the_session() -> None:
    # Given a session on 4 January 2021 from 09:00, theoretically ending at 11:00
    sheet = a_sheet(
        candidates(3),
        date=date(2021, 1, 4),
        start_time=time(9, 0),
        end_time=time(11, 7),
        address="Lycée Jean-Baptiste Lulli",
        room="Salle 208",
        examiner="Paul Martin",
    )

    # When it is printed
    first_page = render(sheet).pages[0]

    # Then its header has every value, dates as jj/mm/aaaa and times as HH:MM
    for expected in (
        "Feuille d'émargement",
        "N° de session :",
        str(SESSION_ID),
        "04/01/2021",
        "09:00",
        "11:07",
        "Lycée Jean-Baptiste Lulli",
        "Salle 208",
        "Paul Martin",
        "Heure locale (début/fin)",
        "Nom du site",
        "Nom de la salle",
        "Session surveillée par :",
        "Signature du ou des surveillant(s) :",
    ):
        assert expected in first_page, expected


def test_every_candidate_has_a_numbered_row_with_all_their_values_in_order() -> None:
    sheet = a_sheet(candidates(40))

    printed = with_candidates(40)

    lines = printed.sheet_lines
    for number, row in enumerate(sheet.rows, start=1):
        cells = [
            str(number),
            row.last_name,
            row.first_name,
            row.birthdate.strftime("%d/%m/%Y"),
            row.birth_city,
            row.birth_department_code,
            row.birth_country,
            row.division,
        ]
        if row.extra_time_percentage:
            cells.append(f"{row.extra_time_percentage} %")
        assert contains_run(lines, cells), cells


def test_no_extra_time_prints_nothing_rather_than_zero() -> None:
    printed = render(a_sheet([a_row(1, extra_time_percentage=0)]))

    assert "0 %" not in printed.text


def test_the_candidates_are_printed_in_the_sheets_order() -> None:
    rows = [a_row(1, last_name="ABADIE"), a_row(2, last_name="MARTIN"), a_row(3, last_name="ZOLA")]

    lines = render(a_sheet(rows)).sheet_lines

    assert lines.index("ABADIE") < lines.index("MARTIN") < lines.index("ZOLA")


def test_the_blank_rows_follow_the_candidates_and_continue_the_numbering() -> None:
    printed = with_candidates(40)

    last = max(printed.row_numbers())
    assert last >= 40 + a_sheet().blank_rows
    assert printed.row_numbers() == set(range(1, last + 1))


def rows_per_sheet_page(printed: Printed) -> list[list[int]]:
    """The N° column's numbers on each page of the sheet (rows made with no other number)."""
    return [
        [int(line) for line in page.split() if line.isdigit() and int(line) != SESSION_ID]
        for page in printed.sheet_pages
    ]


def numberless(count: int, **changes: Any) -> AttendanceSheet:
    """`count` candidates whose cells hold no number but the N°: the page's rows are countable."""
    return a_sheet(
        [
            a_row(
                n,
                last_name=f"CANDIDAT-{'X' * (n % 7)}",
                first_name="Prénom",
                birthdate=date(2010, 1, 1),
                birth_department_code="2A",
                division="3E",
                extra_time_percentage=0,
                **changes,
            )
            for n in range(1, count + 1)
        ]
    )


def test_eight_pupils_fit_the_sheets_first_page_with_their_blank_rows() -> None:
    """Issue 15: 8 pupils and their blank rows gave 4 pages (a second sheet page holding 2
    blank rows) instead of 3."""
    printed = render(numberless(8))
    assert len(printed.sheet_pages) == 1 and len(printed.pages) == 3
    (rows,) = rows_per_sheet_page(printed)
    assert rows == list(range(1, 8 + a_sheet().blank_rows + 1))


@pytest.mark.parametrize("count", [0, 1, 8, 9, 11, 12, 30])
@pytest.mark.parametrize("long_values", [False, True])
def test_no_page_of_the_sheet_is_almost_empty(count: int, long_values: bool) -> None:
    # Given candidates (with names that wrap onto two lines, or not) and a long center name
    changes = {"birth_city": "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson"} if long_values else {}
    center = "Lycée polyvalent régional Jean-Baptiste Lulli et section d'enseignement professionnel"
    sheet = numberless(count, **changes).model_copy(update={"center_name": center})

    # Then every sheet page is filled: none holds only a few blank rows, or nothing
    printed = render(sheet)
    pages = rows_per_sheet_page(printed)
    first_page_rows = len(pages[0])
    assert all(len(rows) >= first_page_rows for rows in pages), pages
    # the last page has no room left for one more row: one more would make another page
    numbered = [n for rows in pages for n in rows]
    assert numbered == list(range(1, len(numbered) + 1))
    assert len(numbered) >= count + (sheet.blank_rows if count else EMPTY_SHEET_BLANK_ROWS)
    one_more = render(sheet.model_copy(update={"blank_rows": len(numbered) - count + 1}))
    assert len(one_more.sheet_pages) == len(printed.sheet_pages) + 1


def test_without_candidates_the_sheet_has_only_blank_numbered_rows() -> None:
    # Given a session nobody is enrolled in yet
    printed = with_candidates(0)

    # Then the sheet can be filled in by hand: its column titles and numbered empty rows,
    # two full pages of them
    assert printed.row_numbers() == set(range(1, EMPTY_SHEET_BLANK_ROWS + 1))
    assert len(printed.sheet_pages) == 2
    assert "Nom de naissance" in printed.sheet_pages[0]
    assert "CANDIDAT" not in printed.text


def test_many_candidates_take_many_pages_each_with_the_column_titles() -> None:
    none, some, many = with_candidates(0), with_candidates(40), with_candidates(500)

    assert len(none.sheet_pages) < len(some.sheet_pages) < len(many.sheet_pages)
    assert len(many.sheet_pages) >= 20
    for printed in (none, some, many):
        for page in printed.sheet_pages:
            for title, _ in COLUMNS:
                assert flat(title) in flat(page), title
    last = max(many.row_numbers())
    assert last >= 500 + a_sheet().blank_rows
    assert many.row_numbers() == set(range(1, last + 1))
    assert contains_run(many.sheet_lines, ["500", "CANDIDAT0500", "Prénom0500"])


def test_every_page_is_numbered_page_x_of_y() -> None:
    printed = with_candidates(40)

    total = len(printed.pages)
    assert "Page 1/" in printed.pages[0]
    for number, page in enumerate(printed.pages, start=1):
        assert f"Page {number}/{total}" in page


def test_the_incident_report_has_its_boxes_and_the_whole_legend_from_the_domain() -> None:
    report = flat("\n".join(with_candidates(40).report_pages))

    for expected in (
        "PV d'incident",
        f"N° de session : {SESSION_ID}",
        "Commentaire global sur la session",
        "(optionnel – ne rien indiquer si tout s'est bien déroulé)",
        "Signalements individuels",
        "Prénom/Nom",
        "Code (*)",
        "N° épreuve",
        "Détails attendus",
    ):
        assert flat(expected) in report, expected
    for group in IssueGroup:
        assert flat(group.value) in report, group
    for issue in ISSUE_CODES:
        # The code, then its wording and expected details, as one row of the legend.
        assert flat(issue.code + issue.label + issue.expected_details) in report, issue.code
    for note in PV_NOTES:
        assert flat("•" + note) in report, note


def test_the_legend_lists_the_codes_in_the_domains_order() -> None:
    report = "\n".join(with_candidates(0).report_pages)
    lines = [line.strip() for line in report.splitlines()]

    positions = [lines.index(issue.code) for issue in ISSUE_CODES]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "hostile",
    [
        "<b>Bob</b>",
        "Tom & Jerry",
        "O'Brien",
        "<script>alert(1)</script>",
        "&amp; &nbsp;",
        "a<br/>b",
    ],
)
def test_markup_in_user_text_prints_literally(hostile: str) -> None:
    # Given markup in every user-typed value, in cells wide and narrow
    sheet = a_sheet(
        [a_row(1, last_name=hostile, first_name=hostile, birth_city=hostile)],
        address=hostile,
        room=hostile,
        examiner=hostile,
        center_name=hostile,
    )

    # When the sheet is printed
    text = render(sheet).text

    # Then the characters are printed as typed, never interpreted
    assert flat(text).count(flat(hostile)) >= 7


def test_names_beyond_latin_1_print_with_the_embedded_dejavu_fonts() -> None:
    names = ["Nguyễn Thị Ánh", "Łukasz", "Ørsted", "LECŒUR", "Ἀθηνᾶ", "Иванова"]
    sheet = a_sheet(
        [a_row(1, last_name=name, first_name=name) for name in names],
        examiner="Nguyễn Thị Ánh",
    )

    printed = render(sheet)

    for name in names:
        assert name in printed.text, name
    fonts = printed.font_names()
    # No built-in font (Helvetica covers little more than Latin-1): DejaVu everywhere.
    assert fonts and all("DejaVu" in font for font in fonts), fonts


def test_decomposed_accents_print_as_composed_letters() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"

    printed = render(a_sheet([a_row(1, first_name=decomposed)]))

    assert "Nguyễn Thị Ánh" in printed.text


def test_control_characters_and_line_breaks_print_as_spaces() -> None:
    printed = render(a_sheet([a_row(1, last_name="DU\nPONT", first_name="Ana\x00\tïs")]))

    assert contains_run(printed.sheet_lines, ["1", "DU PONT", "Ana ïs"])


@pytest.mark.parametrize(
    "long_value",
    [
        ("Salle polyvalente du bâtiment B, deuxième étage " * 6)[:255],
        "X" * 255,  # one word: split where the cell ends
    ],
    ids=["words", "one-word"],
)
def test_long_values_wrap_inside_their_cell(long_value: str) -> None:
    # Given 255-character values in the header and a candidate's row
    assert len(long_value) == 255
    sheet = a_sheet(
        [a_row(1, last_name=long_value, birth_city=long_value)],
        room=long_value,
        examiner=long_value,
        address=long_value,
    )

    # When printed
    printed = render(sheet)

    # Then all of the text is there, over several lines (wrapped, not overflowing a cell)
    text = printed.text
    assert flat(text).count(flat(long_value)) >= 5
    assert long_value not in text


def test_renders_after_the_first_print_the_same() -> None:
    # Fonts are registered once per process; later renders reuse them.
    first = render_attendance_sheet(a_sheet(candidates(2)))
    second = render_attendance_sheet(a_sheet(candidates(2)))

    assert Printed(first).text == Printed(second).text
