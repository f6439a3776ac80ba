"""A school's pupils (the roster) and how an imported file updates it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from shared.domain.roster.model import Pupil, RosterLineError, RosterStudent
from shared.domain.text import fold, natural_key, sort_key


class Student(Pupil):
    """A pupil of a center's roster."""

    id: str
    center_id: str
    national_student_id: str | None = None

    @property
    def identity_key(self) -> str:
        return identity_key(self.last_name, self.first_name, self.birthdate)

    @property
    def roster_order(self) -> tuple[str, str, str, str]:
        """Division, last name, first name — the order of every roster list."""
        return (
            natural_key(self.division),
            sort_key(self.last_name),
            sort_key(self.first_name),
            self.id,
        )


def identity_key(last_name: str, first_name: str, birthdate: date) -> str:
    return f"{fold(last_name)}|{fold(first_name)}|{birthdate.isoformat()}"


def division_order(divisions: Iterable[str]) -> list[str]:
    return sorted(set(divisions), key=lambda d: (natural_key(d), d))


class ImportPlan(BaseModel):
    """What importing a file changes: only `to_write` is written; the counts are the answer."""

    model_config = ConfigDict(frozen=True)

    to_write: list[Student]
    created: int
    updated: int
    unchanged: int
    errors: list[RosterLineError]
    divisions: list[str]


def plan_import(
    center_id: str,
    existing: list[Student],
    rows: list[RosterStudent],
    new_id: Callable[[], str],
) -> ImportPlan:
    """Match each row with a known pupil — by INE, else by name + birthdate — so that importing
    the same file again creates nothing, and a change of class is an update."""
    by_ine = {s.national_student_id: s for s in existing if s.national_student_id}
    by_identity = {s.identity_key: s for s in existing}
    roster = {s.id: s for s in existing}
    seen: dict[str, int] = {}
    to_write: list[Student] = []
    created = updated = unchanged = 0
    errors: list[RosterLineError] = []

    for row in rows:
        key = identity_key(row.last_name, row.first_name, row.birthdate)
        match = _match(row, key, by_ine, by_identity)
        student = Student(
            id=match.id if match else new_id(),
            center_id=center_id,
            **row.model_dump(exclude={"line"}),
        )
        if match is not None and match.national_student_id and not row.national_student_id:
            student = student.model_copy(update={"national_student_id": match.national_student_id})
        if student.id in seen:
            errors.append(
                RosterLineError(
                    line=row.line,
                    code="DUPLICATE_STUDENT",
                    message=f"Ligne {row.line} : cet élève figure déjà ligne {seen[student.id]}.",
                )
            )
            continue
        seen[student.id] = row.line
        if match is None:
            created += 1
            to_write.append(student)
        elif student == match:
            unchanged += 1
        else:
            updated += 1
            to_write.append(student)
        roster[student.id] = student
        if student.national_student_id:
            by_ine[student.national_student_id] = student
        by_identity[key] = student

    return ImportPlan(
        to_write=to_write,
        created=created,
        updated=updated,
        unchanged=unchanged,
        errors=errors,
        divisions=division_order(s.division for s in roster.values()),
    )


def _match(
    row: RosterStudent, key: str, by_ine: dict[str, Student], by_identity: dict[str, Student]
) -> Student | None:
    if row.national_student_id and row.national_student_id in by_ine:
        return by_ine[row.national_student_id]
    same_identity = by_identity.get(key)
    if same_identity is None:
        return None
    # Same name and birthdate but two different INEs: two pupils (twins named alike, say).
    if row.national_student_id and same_identity.national_student_id:
        return None
    return same_identity


def duplicates(students: list[Student], referenced: frozenset[str]) -> list[Student]:
    """The extra copies of pupils imported more than once (the same INE, else the same name
    and birthdate): each group keeps the copies that candidates refer to, or else its first
    copy by id; the others are returned."""
    groups: dict[str, list[Student]] = {}
    for student in students:
        same = student.national_student_id or student.identity_key
        groups.setdefault(same, []).append(student)
    extra: list[Student] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        kept = [s for s in group if s.id in referenced] or [min(group, key=lambda s: s.id)]
        extra += [s for s in group if s not in kept]
    return sorted(extra, key=lambda s: s.roster_order)
