"""Importing a school's roster, on the fakes: an import cut short is completed by the next."""

from __future__ import annotations

import pytest

from shared.domain.student import Student
from shared.services import roster
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, PARIS

# The three pupils of given.py in 3E1, and two newcomers in a new class, 3E2.
FILE = (
    "Nom de naissance;Prénom;Date de naissance;Classe\n"
    "Martin;Lucas;12/03/2010;3E1\n"
    "Lecœur;Zoé;05/11/2010;3E1\n"
    "Abadie;Noé;17/05/2010;3E1\n"
    "N'Diaye;Moussa;02/02/2010;3E2\n"
    "Benali;Inès;21/06/2010;3E2\n"
).encode()


def test_an_import_cut_short_after_its_writes_leaves_the_classes_right(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an import whose process stops right after writing the pupils
    save_many = fakes.students.save_many

    def save_then_stop(students: list[Student]) -> None:
        save_many(students)
        raise RuntimeError("the function ran out of time")

    monkeypatch.setattr(fakes.students, "save_many", save_then_stop)
    with pytest.raises(RuntimeError):
        roster.import_roster(deps, ALICE, PARIS.id, FILE, "text/csv")
    monkeypatch.undo()
    # When the school imports the same file again (it has nothing left to write)
    report = roster.import_roster(deps, ALICE, PARIS.id, FILE, "text/csv")
    assert (report.created, report.updated) == (0, 0)
    # Then the class filter offers the new class
    assert roster.list_divisions(deps, ALICE, PARIS.id) == ["3E1", "3E2"]
