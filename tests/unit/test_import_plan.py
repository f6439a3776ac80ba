"""Matching an imported roster with the pupils already known."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from shared.domain.retention import LEFT_PUPIL_GRACE
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
    plan = plan_import("c-1", existing, rows, new_id_factory(), NOW)
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


# --- pupils absent from the file: marked, then purged after the grace period ----------------

NOW = datetime(2026, 9, 15, 8, 0, tzinfo=UTC)
LATER = NOW + LEFT_PUPIL_GRACE


def imported(
    existing: list[Student], rows: list[RosterStudent], at: datetime
) -> tuple[list[Student], ImportPlan]:
    """The roster after an import at `at` that purges whoever is due (nobody protected)."""
    plan = plan_import("c-1", existing, rows, new_id_factory(), at).purging(frozenset())
    roster = {s.id: s for s in existing}
    roster.update({s.id: s for s in plan.to_write})
    for gone in plan.to_delete:
        del roster[gone.id]
    return list(roster.values()), plan


def by_first_name(roster: list[Student]) -> dict[str, Student]:
    return {s.first_name: s for s in roster}


# Two more pupils, so that a file without Lucas still holds most of the school.
SCHOOL = [
    *FILE,
    row(5, "N'DIAYE", "Moussa", "2010-02-02", "3E3"),
    row(6, "NGUYỄN", "Thị Ánh", "2010-09-09", "3E2"),
]
WITHOUT_LUCAS = [r for r in SCHOOL if r.first_name != "Lucas"]


def test_a_pupil_absent_from_the_file_is_marked_as_left_not_removed() -> None:
    roster, _ = imported([], SCHOOL, NOW)
    after, plan = imported(roster, WITHOUT_LUCAS, NOW)
    lucas = by_first_name(after)["Lucas"]
    assert lucas.left_since == NOW
    assert (plan.absent, plan.to_delete) == (1, [])
    # Marking is a write, but no change of what the file says.
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 4)
    assert plan.to_write == [lucas]
    assert all(s.left_since is None for s in after if s.first_name != "Lucas")


def test_the_left_since_date_is_the_first_import_that_missed_them() -> None:
    roster, _ = imported([], SCHOOL, NOW)
    roster, _ = imported(roster, WITHOUT_LUCAS, NOW)
    after, plan = imported(roster, WITHOUT_LUCAS, NOW + timedelta(days=10))
    assert by_first_name(after)["Lucas"].left_since == NOW
    assert plan.to_write == []  # nothing to write: the same file again
    assert plan.absent == 1


def test_a_pupil_back_in_the_file_is_no_longer_marked() -> None:
    roster, _ = imported([], SCHOOL, NOW)
    roster, _ = imported(roster, WITHOUT_LUCAS, NOW)
    after, plan = imported(roster, SCHOOL, NOW + timedelta(days=29))
    assert by_first_name(after)["Lucas"].left_since is None
    assert (plan.updated, plan.absent) == (1, 0)


def test_a_leaver_is_purged_by_the_first_import_after_the_grace_period() -> None:
    roster, _ = imported([], SCHOOL, NOW)
    roster, _ = imported(roster, WITHOUT_LUCAS, NOW)
    # One second before the grace period ends: still kept
    kept, plan = imported(roster, WITHOUT_LUCAS, LATER - timedelta(seconds=1))
    assert "Lucas" in by_first_name(kept)
    assert plan.due == [] and plan.to_delete == []
    # From the end of the grace period on: removed from the roster
    after, plan = imported(roster, WITHOUT_LUCAS, LATER)
    assert "Lucas" not in by_first_name(after)
    assert [s.first_name for s in plan.to_delete] == ["Lucas"]
    assert (plan.purged, plan.absent) == (1, 0)
    # Lucas was alone in 3E2 but for Thị Ánh: the class stays; the classes follow the roster.
    assert plan.divisions == ["3E1", "3E2", "3E3"]


def test_the_classes_of_purged_pupils_go_with_them() -> None:
    roster, _ = imported([], SCHOOL, NOW)
    without_moussa = [r for r in SCHOOL if r.first_name != "Moussa"]
    roster, _ = imported(roster, without_moussa, NOW)
    _, plan = imported(roster, without_moussa, LATER)
    assert plan.divisions == ["3E1", "3E2"]


def test_a_candidate_of_an_open_session_is_not_purged() -> None:
    roster, _ = imported([], SCHOOL, NOW)
    roster, _ = imported(roster, WITHOUT_LUCAS, NOW)
    lucas = by_first_name(roster)["Lucas"]
    plan = plan_import("c-1", roster, WITHOUT_LUCAS, new_id_factory(), LATER)
    assert plan.due == [lucas]
    protected = plan.purging(frozenset({lucas.id}))
    assert (protected.to_delete, protected.purged, protected.absent) == ([], 0, 1)
    assert protected.divisions == ["3E1", "3E2", "3E3"]


def test_a_file_missing_most_of_the_school_purges_no_one() -> None:
    # A file of one class (or of another school) is not the school's roster: the pupils it
    # lacks are marked (harmless, undone by the next full file), never purged on its word.
    roster, _ = imported([], SCHOOL, NOW)
    one_class = [r for r in SCHOOL if r.division == "3E1"]
    roster, plan = imported(roster, one_class, NOW)
    assert plan.absent == 3
    after, plan = imported(roster, one_class, LATER)
    assert (plan.due, plan.to_delete, plan.absent) == ([], [], 3)
    assert len(after) == len(SCHOOL)
    # The next full file: nobody is left any more.
    after, plan = imported(after, SCHOOL, LATER)
    assert all(s.left_since is None for s in after)


def test_half_of_the_school_in_the_file_is_enough_to_purge() -> None:
    roster, _ = imported([], FILE[:2], NOW)
    roster, _ = imported(roster, FILE[:1], NOW)
    after, plan = imported(roster, FILE[:1], LATER)
    assert plan.purged == 1 and len(after) == 1
