"""Importing a school's roster and browsing it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import Audit, AuditAction
from shared.domain.limits import MAX_DIVISION_LENGTH, XML_TYPES, ZIP_TYPES
from shared.domain.pagination import Page, PageRequest, paginate
from shared.domain.people import Identity
from shared.domain.personal_data import enrolled_in_open_sessions
from shared.domain.roster.model import RosterIgnoredLine, RosterLineError
from shared.domain.roster.parse import parse_roster
from shared.domain.student import ImportPlan, Student, plan_import
from shared.services.access import readable_center, require_admin
from shared.services.dependencies import Dependencies
from shared.services.sessions import session_of_member


class ImportReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[RosterLineError]
    # The first of the `skipped`, each with its reason (« élève sorti le … », « sans classe »).
    ignored: list[RosterIgnoredLine] = []
    # Pupils of the roster the file does not list: kept for now, marked as left
    # (docs/data-protection.md); and those removed by this import, gone for longer.
    absent: int = 0
    purged: int = 0


# Longer than any import takes (seconds for 5 000 pupils); a crashed import frees it then.
IMPORT_LEASE = timedelta(minutes=5)


def import_in_progress() -> errors.Conflict:
    return errors.Conflict(
        "IMPORT_IN_PROGRESS",
        "Un import de la liste des élèves est déjà en cours pour votre établissement. "
        "Réessayez dans un instant.",
    )


def uai_mismatch(in_file: str | None, expected: str) -> errors.RuleViolation:
    """Names both UAIs (an admin of two schools may have picked the other one's export)."""
    found = f"L'UAI {in_file} du fichier" if in_file else "Le fichier n'indique pas d'UAI : il"
    return errors.RuleViolation(
        "UAI_MISMATCH",
        f"{found} ne correspond pas à celle de votre établissement ({expected}) : vérifiez "
        "que vous importez l'export SIECLE de votre établissement.",
    )


@contextmanager
def holding_import_lease(deps: Dependencies, center_id: str) -> Iterator[datetime]:
    """The center's import lease, held for the block (given back even if it fails), which
    gets the time it was taken; 409 IMPORT_IN_PROGRESS if someone else holds it."""
    holder, now = deps.new_id(), deps.clock()
    if not deps.students.lock_import(center_id, holder, now, now + IMPORT_LEASE):
        raise import_in_progress()
    try:
        yield now
    finally:
        deps.students.unlock_import(center_id, holder)


def import_roster(
    deps: Dependencies, identity: Identity, center_id: str, content: bytes, media_type: str
) -> ImportReport:
    """Read the whole file first: a file that cannot be read, or a SIECLE export of another
    school, writes nothing. Then write only new and changed pupils, in batches. The import is
    idempotent, so if it is interrupted, importing the same file again completes it.

    Pupils the file does not list are marked as left; those marked for longer than the grace
    period are purged, unless a session not finalized has them as candidates — the sessions
    are read only when someone is due, so an import that purges no one costs what it did."""
    center = require_admin(deps.users, identity, center_id).center
    students = deps.students
    parsed = parse_roster(content, media_type)
    if media_type in XML_TYPES | ZIP_TYPES and parsed.uai != center.external_id:
        raise uai_mismatch(parsed.uai, center.external_id)
    # One import at a time per center: two imports reading the roster before either writes
    # would both create the same new pupils.
    with holding_import_lease(deps, center.id) as now:
        existing = students.list_center(center.id)
        plan = plan_import(center.id, existing, parsed.students, deps.new_id, now)
        if plan.due:
            sessions = deps.sessions.list_for_center(center.id)
            plan = plan.purging(enrolled_in_open_sessions(sessions))
        _carry_out(deps, identity, center.id, plan, now)
    return ImportReport(
        created=plan.created,
        updated=plan.updated,
        unchanged=plan.unchanged,
        skipped=parsed.skipped,
        ignored=parsed.ignored,
        errors=sorted([*parsed.errors, *plan.errors], key=lambda e: e.line),
        absent=plan.absent,
        purged=plan.purged,
    )


def _carry_out(
    deps: Dependencies, identity: Identity, center_id: str, plan: ImportPlan, now: datetime
) -> None:
    students = deps.students
    if not (plan.to_write or plan.to_delete):
        return
    # The class list first: an import cut short after its writes is retried with nothing
    # left to write, and would never put it.
    students.put_divisions(center_id, plan.divisions)
    if plan.to_write:
        students.save_many(plan.to_write)
    if plan.to_delete:
        # Recorded before the deletions, which are batches, not one transaction: a purge is
        # never left out of the trail (an interrupted one is recorded again by the next
        # import, which completes it). Ids only: the pupils' names go with them.
        purged = Audit.by(identity, now).center_event(
            center_id,
            AuditAction.STUDENTS_PURGED,
            {"count": plan.purged, "studentIds": sorted(s.id for s in plan.to_delete)},
        )
        deps.events.record(purged)
        students.delete_many(center_id, [s.id for s in plan.to_delete])


def list_divisions(deps: Dependencies, identity: Identity, center_id: str) -> list[str]:
    center = readable_center(deps.users, identity, center_id)
    return deps.students.list_divisions(center.id)


def list_center_students(
    deps: Dependencies, identity: Identity, center_id: str, divisions: list[str], page: PageRequest
) -> Page[Student]:
    """A page of the center's roster (the pupils marked as left included: they are still
    there until purged), for its members and Pix staff."""
    center = readable_center(deps.users, identity, center_id)
    return _roster_page(deps, center.id, divisions, page)


def list_session_students(
    deps: Dependencies,
    identity: Identity,
    session_id: int,
    divisions: list[str],
    page: PageRequest,
) -> tuple[Page[Student], frozenset[str]]:
    """A page of the session's center's pupils, and which of them the session enrolled."""
    session = session_of_member(deps, identity, session_id)
    return _roster_page(deps, session.center_id, divisions, page), session.enrolled_student_ids


def _roster_page(
    deps: Dependencies, center_id: str, divisions: list[str], page: PageRequest
) -> Page[Student]:
    """A page of the center's pupils in `divisions` (all of them if none is asked)."""
    possible = [d for d in divisions if len(d) <= MAX_DIVISION_LENGTH]
    if divisions and not possible:
        return paginate([], page)  # no class has such a name
    return paginate(deps.students.list_by_divisions(center_id, possible or None), page)
