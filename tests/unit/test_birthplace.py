"""Birthplaces read the same way on the screens (`birthPlaceLabel`) and on the attendance
sheet: the commune's name when the roster gives it, else its labelled INSEE code, never a bare
number that reads like a postcode; the department where the code tells it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from shared.domain.attendance import attendance_sheet
from shared.domain.audit import Actor, Audit
from shared.domain.candidate import Candidate
from shared.domain.roster.birthplace import birth_place, department_code
from shared.domain.session import SessionCodes, SessionDetails, new_session
from tests.unit.given import PARIS


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        (("Lille", "59350", "FRANCE", "100"), "Lille, Nord (59)"),
        ((None, "59350", None, "100"), "code INSEE 59350, Nord (59)"),
        ((None, "2a004", None, None), "code INSEE 2A004, Corse-du-Sud (2A)"),
        (("Saint-Denis", "97411", None, "100"), "Saint-Denis, La Réunion (974)"),
        ((None, "98818", None, None), "code INSEE 98818, Nouvelle-Calédonie (988)"),
        (("Casablanca", None, "MAROC", "350"), "Casablanca, MAROC"),
        ((None, None, None, "350"), "Maroc"),
        (("Paris", None, None, None), "Paris"),
        ((None, None, "France", "100"), "France"),
        ((None, None, None, None), ""),
    ],
)
def test_the_birthplace_in_words(
    fields: tuple[str | None, str | None, str | None, str | None], label: str
) -> None:
    assert birth_place(*fields).label == label


def test_a_code_alone_is_labelled_not_printed_bare() -> None:
    place = birth_place(None, "59350", None, "100")
    assert place.city == "code INSEE 59350"
    assert (place.department_code, place.department, place.country) == ("59", "Nord", "France")


def test_the_department_code_from_the_commune_code() -> None:
    assert [department_code(c, None) for c in ("69123", "2B033", "97411", "98818", "123", "")] == [
        "69",
        "2B",
        "974",
        "988",
        "",
        "",
    ]
    assert department_code("69123", "350") == "99"  # born abroad


def test_the_attendance_sheet_prints_the_same_birthplace() -> None:
    session = new_session(
        1,
        PARIS,
        SessionDetails(
            address="A",
            room="B",
            date=date(2026, 12, 14),
            time=datetime(2026, 1, 1, 12).time(),
            examiner="C",
        ),
        SessionCodes(access_code="BCDF23", supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("u"), at=datetime(2026, 12, 1, tzinfo=UTC)),
    )
    coded = Candidate(
        id="c1",
        session_id=1,
        student_id="s1",
        last_name="Martin",
        first_name="Lucas",
        birthdate=date(2010, 3, 12),
        division="3E1",
        birth_city_code="59350",
        birth_country_code="100",
        enrolled_at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    (row,) = attendance_sheet(session, [coded]).rows
    assert (row.birth_city, row.birth_department_code, row.birth_country) == (
        "code INSEE 59350",
        "59",
        "France",
    )
