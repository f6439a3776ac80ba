"""Matching an imported roster with the pupils already known."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date

from shared.domain.roster.model import RosterStudent
from shared.domain.student import ImportPlan, Student, duplicates, plan_import


def row(
    line: int, last: str, first: str, born: str, division: str, ine: str | None = None
) -> RosterStudent:
    return RosterStudent(
        line=line,
        national_student_id=ine,
        last_name=last,
        first_name=first,
        birthdate=date.fromisoformat(born),
        division=division,
    )


def ids() -> itertools.count[int]:
    return itertools.count(1)


def new_id_factory() -> Callable[[], str]:
    counter = ids()
    return lambda: f"s{next(counter)}"


FILE = [
    row(2, "LECŒUR", "Zoé", "2010-11-05", "3E1", "9999000102B"),
    row(3, "MARTIN", "Lucas", "2010-03-12", "3E2"),
    row(4, "DUPONT--MOREAU", "Anaïs", "2011-01-30", "3E1", "9999000103C"),
]


def apply(existing: list[Student], rows: list[RosterStudent]) -> tuple[list[Student], ImportPlan]:
    plan = plan_import("c-1", existing, rows, new_id_factory())
    roster = {s.id: s for s in existing}
    roster.update({s.id: s for s in plan.to_write})
    return list(roster.values()), plan


def test_a_first_import_creates_everyone_and_lists_the_classes() -> None:
    roster, plan = apply([], FILE)
    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 0)
    assert plan.divisions == ["3E1", "3E2"]
    assert {s.last_name for s in roster} == {"LECŒUR", "MARTIN", "DUPONT--MOREAU"}


def test_importing_the_same_file_again_changes_nothing() -> None:
    roster, _ = apply([], FILE)
    _, again = apply(roster, FILE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.to_write == []


def test_a_change_of_class_is_an_update_of_the_same_pupil() -> None:
    roster, _ = apply([], FILE)
    moved = [FILE[0].model_copy(update={"division": "3E4"}), *FILE[1:]]
    after, plan = apply(roster, moved)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 2)
    zoe = next(s for s in after if s.first_name == "Zoé")
    assert zoe.division == "3E4"
    assert zoe.id == next(s for s in roster if s.first_name == "Zoé").id


def test_the_ine_wins_over_a_corrected_name() -> None:
    roster, _ = apply([], FILE)
    corrected = [FILE[0].model_copy(update={"last_name": "LECOEUR"}), *FILE[1:]]
    _, plan = apply(roster, corrected)
    assert (plan.created, plan.updated) == (0, 1)


def test_without_ine_a_pupil_is_matched_by_name_and_birthdate_without_case_or_accents() -> None:
    roster, _ = apply([], FILE)
    typed_differently = [row(3, " Martin ", "LUCAS", "2010-03-12", "3E2")]
    _, plan = apply(roster, typed_differently)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 0)


def test_a_known_ine_is_kept_when_a_later_file_omits_it() -> None:
    roster, _ = apply([], FILE)
    without_ine = [FILE[0].model_copy(update={"national_student_id": None})]
    _, plan = apply(roster, without_ine)
    assert plan.unchanged == 1


def test_same_name_and_birthdate_with_two_different_ines_are_two_pupils() -> None:
    roster, _ = apply([], [row(2, "NGUYEN", "Minh", "2010-05-05", "3E1", "1111111111A")])
    _, plan = apply(roster, [row(2, "NGUYEN", "Minh", "2010-05-05", "3E1", "2222222222B")])
    assert plan.created == 1


def test_the_same_pupil_twice_in_a_file_is_reported_on_the_second_line() -> None:
    _, plan = apply([], [FILE[0], FILE[0].model_copy(update={"line": 9})])
    assert plan.created == 1
    assert [(e.line, e.code) for e in plan.errors] == [(9, "DUPLICATE_STUDENT")]


def test_duplicates_keep_the_enrolled_copy_or_else_the_first() -> None:
    def copy(student_id: str, ine: str | None = None, first_name: str = "Zoé") -> Student:
        return Student(
            id=student_id,
            center_id="c",
            last_name="Lecœur",
            first_name=first_name,
            birthdate=date(2010, 11, 5),
            division="3E1",
            national_student_id=ine,
        )

    zoes = [copy("z3"), copy("z1"), copy("z2")]
    twins = [copy("t1", "1234567890A"), copy("t2", "1234567890A", first_name="Zoe")]
    alone = [copy("a1", first_name="Anaïs")]
    everyone = zoes + twins + alone
    assert sorted(s.id for s in duplicates(everyone, frozenset())) == ["t2", "z2", "z3"]
    assert sorted(s.id for s in duplicates(everyone, frozenset({"z2", "z3"}))) == ["t2", "z1"]
