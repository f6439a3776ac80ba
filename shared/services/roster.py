"""Importing a school's roster and browsing it."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.limits import MAX_DIVISION_LENGTH, XML_TYPES, ZIP_TYPES
from shared.domain.pagination import Page, PageRequest, paginate
from shared.domain.people import Identity
from shared.domain.roster import RosterLineError, parse_roster
from shared.domain.student import Student, plan_import
from shared.services.access import readable_center, require_admin
from shared.services.dependencies import Dependencies
from shared.services.sessions import get_session


class ImportReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[RosterLineError]


# Longer than any import takes (seconds for 5 000 pupils); a crashed import frees it then.
IMPORT_LEASE = timedelta(minutes=5)


def import_in_progress() -> errors.Conflict:
    return errors.Conflict(
        "IMPORT_IN_PROGRESS",
        "Un import de la liste des élèves est déjà en cours pour votre établissement. "
        "Réessayez dans un instant.",
    )


def uai_mismatch() -> errors.RuleViolation:
    return errors.RuleViolation(
        "UAI_MISMATCH",
        "L'UAI du fichier SIECLE ne correspond pas à celui de votre établissement.",
    )


def import_roster(
    deps: Dependencies, identity: Identity, center_id: str, content: bytes, media_type: str
) -> ImportReport:
    """Read the whole file first: a file that cannot be read, or a SIECLE export of another
    school, writes nothing. Then write only new and changed pupils, in batches. The import is
    idempotent, so if it is interrupted, importing the same file again completes it."""
    center = require_admin(deps.users, identity, center_id).center
    students = deps.students
    parsed = parse_roster(content, media_type)
    if media_type in XML_TYPES | ZIP_TYPES and parsed.uai != center.external_id:
        raise uai_mismatch()
    # One import at a time per center: two imports reading the roster before either writes
    # would both create the same new pupils.
    holder, now = deps.new_id(), deps.clock()
    if not students.lock_import(center.id, holder, now, now + IMPORT_LEASE):
        raise import_in_progress()
    try:
        existing = students.list_center(center.id)
        plan = plan_import(center.id, existing, parsed.students, deps.new_id)
        if plan.to_write:
            students.save_many(plan.to_write)
            students.put_divisions(center.id, plan.divisions)
    finally:
        students.unlock_import(center.id, holder)
    return ImportReport(
        created=plan.created,
        updated=plan.updated,
        unchanged=plan.unchanged,
        skipped=parsed.skipped,
        errors=sorted([*parsed.errors, *plan.errors], key=lambda e: e.line),
    )


def list_divisions(deps: Dependencies, identity: Identity, center_id: str) -> list[str]:
    center = readable_center(deps.users, deps.centers, identity, center_id)
    return deps.students.list_divisions(center.id)


def list_session_students(
    deps: Dependencies,
    identity: Identity,
    session_id: int,
    divisions: list[str],
    page: PageRequest,
) -> tuple[Page[Student], frozenset[str]]:
    """A page of the session's center's pupils, and which of them the session enrolled."""
    session = get_session(deps, identity, session_id)
    possible = [d for d in divisions if len(d) <= MAX_DIVISION_LENGTH]
    if divisions and not possible:
        return paginate([], page), session.enrolled_student_ids  # no class has such a name
    found = deps.students.list_by_divisions(session.center_id, possible or None)
    return paginate(found, page), session.enrolled_student_ids
