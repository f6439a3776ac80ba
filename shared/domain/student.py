"""A school's pupils (the roster) and how an imported file updates it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from shared.domain.retention import LEFT_PUPIL_GRACE
from shared.domain.roster.model import Pupil, RosterLineError, RosterStudent
from shared.domain.text import fold, natural_key, sort_key


class Student(Pupil):
    """A pupil of a center's roster."""

    id: str
    center_id: str
    national_student_id: str | None = None
    # The first roster import that did not list them (they left the school, or the file
    # forgot them); None while the imports list them. See `plan_import`.
    left_since: datetime | None = None

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


def same_division(stored: str, asked: str) -> bool:
    """A class asked for by its name, whatever its case and accents ("3e1" is 3E1); numbers
    compare as written: 3E01 is not 3E1, though both sort at the same place."""
    return sort_key(stored) == sort_key(asked)


def division_order(divisions: Iterable[str]) -> list[str]:
    return sorted(set(divisions), key=lambda d: (natural_key(d), d))


class ImportPlan(BaseModel):
    """What importing a file changes: only `to_write` is written and `to_delete` deleted; the
    counts are the answer."""

    model_config = ConfigDict(frozen=True)

    to_write: list[Student]
    created: int
    updated: int
    unchanged: int
    errors: list[RosterLineError]
    # The roster as it stands once the plan is carried out.
    roster: list[Student] = []
    # Pupils of the roster the file does not list, kept for now (marked `left_since`).
    absent: int = 0
    # Absent for LEFT_PUPIL_GRACE or longer, and the file looks like the whole school: to be
    # purged by `purging`, unless a session not finalized has them as candidates.
    due: list[Student] = []
    to_delete: list[Student] = []

    @property
    def divisions(self) -> list[str]:
        """The classes of the roster once the plan is carried out."""
        return division_order(s.division for s in self.roster)

    @property
    def purged(self) -> int:
        return len(self.to_delete)

    def purging(self, protected: frozenset[str]) -> ImportPlan:
        """The plan with its due pupils deleted, but the `protected` ones (candidates of a
        session not finalized: the session keeps a copy of them, and its finalization may
        still need the roster's); they stay marked, and the next import looks again."""
        gone = [s for s in self.due if s.id not in protected]
        removed = {s.id for s in gone}
        roster = [s for s in self.roster if s.id not in removed]
        return self.model_copy(
            update={
                "due": [],
                "to_delete": [*self.to_delete, *gone],
                "roster": roster,
                "absent": self.absent - len(gone),
            }
        )


def plan_import(
    center_id: str,
    existing: list[Student],
    rows: list[RosterStudent],
    new_id: Callable[[], str],
    now: datetime,
) -> ImportPlan:
    """Match each row with a known pupil — by INE, else by name + birthdate — so that importing
    the same file again creates nothing, and a change of class is an update.

    A known pupil the file does not list is marked `left_since` now (the first import that
    misses them; a later file that lists them again clears it), and becomes due for purging
    once LEFT_PUPIL_GRACE has passed — but only on the word of a file that lists at least half
    of the pupils known before it: a file of one class, or of another school, is not the
    school's roster (it still marks; the next full file undoes that)."""
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
                    message=f"Ligne {row.line} : cet élève figure déjà ligne {seen[student.id]}.",
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

    absent = [s for s in existing if s.id not in seen]
    present = len(existing) - len(absent)
    looks_whole = 2 * present >= len(existing)
    due: list[Student] = []
    for student in absent:
        if student.left_since is None:
            marked = student.model_copy(update={"left_since": now})
            to_write.append(marked)
            roster[student.id] = marked
        elif looks_whole and now - student.left_since >= LEFT_PUPIL_GRACE:
            due.append(student)

    return ImportPlan(
        to_write=to_write,
        created=created,
        updated=updated,
        unchanged=unchanged,
        errors=errors,
        roster=list(roster.values()),
        absent=len(absent),
        due=due,
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
