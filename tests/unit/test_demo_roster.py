"""The demo SIECLE export of the local stack reads back through the real parser."""

from __future__ import annotations

import pytest

from devstack.demo_roster import (
    COLLEGE_DIVISIONS,
    DEFAULT_PUPILS_PER_DIVISION,
    LEFT_PUPILS,
    LYCEE_DIVISIONS,
    PUPILS_WITHOUT_DIVISION,
    demo_siecle_xml,
)
from shared.domain.roster.model import ParsedRoster
from shared.domain.roster.parse import parse_roster
from tests.unit.roster_files import zip_bytes

COLLEGE_UAI = "0999001A"
REUNION_UAI = "9749001B"


def read(content: bytes) -> ParsedRoster:
    return parse_roster(content, "application/xml")


def test_a_college_export_reads_back_whole_with_its_skips_and_no_error() -> None:
    # Given the default demo export of a collège
    content = demo_siecle_xml(COLLEGE_UAI, seed=1)
    # When it is read by the real parser
    roster = read(content)
    # Then every pupil in a class is there, the two who left and the newcomer are skipped
    assert roster.errors == []
    assert roster.uai == COLLEGE_UAI
    assert len(roster.students) == len(COLLEGE_DIVISIONS) * DEFAULT_PUPILS_PER_DIVISION >= 120
    assert roster.skipped == LEFT_PUPILS + PUPILS_WITHOUT_DIVISION == 3
    assert sorted({s.division for s in roster.students}) == list(COLLEGE_DIVISIONS)
    for division in COLLEGE_DIVISIONS:
        assert sum(s.division == division for s in roster.students) == DEFAULT_PUPILS_PER_DIVISION


def test_it_is_real_iso_8859_15_with_accented_and_compound_names() -> None:
    content = demo_siecle_xml(COLLEGE_UAI, seed=1)
    assert content.startswith(b'<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES')
    assert b"LEC\xbcUR" in content  # Œ is 0xBC in ISO-8859-15 (it does not exist in -1)
    roster = read(content)
    names = {(s.last_name, s.first_name) for s in roster.students}
    assert {
        ("LECŒUR", "Zoé"),
        ("DUPONT--MOREAU", "Héloïse"),
        ("N'DIAYE", "Mathéo"),
        ("DE LA FONTAINE", "Anaïs"),
        ("NGUYEN", "Noé"),
    } <= names
    assert {"Zoé", "Héloïse", "Anaïs", "Mathéo", "Noé"} <= {first for _, first in names}
    assert all(s.national_student_id and len(s.national_student_id) == 11 for s in roster.students)
    assert len({s.national_student_id for s in roster.students}) == len(roster.students)


def test_some_pupils_are_born_abroad() -> None:
    roster = read(demo_siecle_xml(COLLEGE_UAI, seed=1))
    abroad = [s for s in roster.students if s.birth_country_code != "100"]
    assert abroad
    assert any(
        (s.birth_country_code, s.birth_country, s.birth_city) == ("350", "Maroc", "CASABLANCA")
        for s in abroad
    )
    assert all(s.birth_city and s.birth_city_code is None for s in abroad)
    assert all(s.birth_city_code for s in roster.students if s.birth_country_code == "100")


def test_birthdates_fit_the_level() -> None:
    college = read(demo_siecle_xml(COLLEGE_UAI, seed=3, school_year=2025))
    assert {s.birthdate.year for s in college.students} <= {2010, 2011}
    lycee = read(demo_siecle_xml(COLLEGE_UAI, seed=3, divisions=LYCEE_DIVISIONS))
    assert {s.birthdate.year for s in lycee.students} <= {2009, 2010}


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_pupils() -> None:
    assert demo_siecle_xml(COLLEGE_UAI, seed=5) == demo_siecle_xml(COLLEGE_UAI, seed=5)
    assert demo_siecle_xml(COLLEGE_UAI, seed=5) != demo_siecle_xml(COLLEGE_UAI, seed=6)


def test_a_lycee_in_la_reunion() -> None:
    # Given a lycée of La Réunion with its 2NDE divisions
    roster = read(demo_siecle_xml(REUNION_UAI, seed=2, divisions=LYCEE_DIVISIONS))
    # Then its pupils are in its divisions and those born in France were born on the island
    assert roster.errors == []
    assert roster.uai == REUNION_UAI
    assert sorted({s.division for s in roster.students}) == list(LYCEE_DIVISIONS)
    assert len(roster.students) == len(LYCEE_DIVISIONS) * DEFAULT_PUPILS_PER_DIVISION
    born_in_france = [s for s in roster.students if s.birth_country_code == "100"]
    assert born_in_france
    assert all(s.birth_city_code and s.birth_city_code.startswith("974") for s in born_in_france)


@pytest.mark.parametrize("per_division", [1, 40])
def test_the_size_is_a_parameter(per_division: int) -> None:
    roster = read(demo_siecle_xml(COLLEGE_UAI, seed=9, pupils_per_division=per_division))
    assert len(roster.students) == len(COLLEGE_DIVISIONS) * per_division
    assert (roster.skipped, roster.errors) == (3, [])


def test_zipped_like_siecle_delivers_it_reads_the_same() -> None:
    content = demo_siecle_xml(COLLEGE_UAI, seed=1)
    archive = zip_bytes({"ElevesSansAdresses.xml": content})
    assert parse_roster(archive, "application/zip") == read(content)
