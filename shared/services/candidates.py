"""Enrolling pupils in a session, extra time, removal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import Audit, AuditAction
from shared.domain.candidate import (
    Candidate,
    candidate_not_found,
    enroll,
    largest_extra_time,
    unknown_students,
    validate_extra_time,
    validate_student_ids,
)
from shared.domain.errors import WriteConflict
from shared.domain.people import Identity
from shared.domain.session import Session, SessionStatus
from shared.domain.validation import is_identifier
from shared.services.dependencies import Dependencies
from shared.services.retry import retrying
from shared.services.sessions import enrolled_candidates, session_of_member

T = TypeVar("T")
# Each lost race is lost to an enrolment that did commit: a few rounds settle many admins.
ENROL_ATTEMPTS = 8


class Enrolment(BaseModel):
    model_config = ConfigDict(frozen=True)

    added: int
    already_enrolled: int
    candidates: list[Candidate]


def enroll_students(
    deps: Dependencies, identity: Identity, session_id: int, student_ids: list[str] | None
) -> Enrolment:
    """All or nothing on validation: one unknown pupil (or one of another school) adds no one.
    Concurrent enrolments are serialized by the session's version: of twenty admins adding
    the same pupil at once, one adds them, the others find them already enrolled."""
    session = session_of_member(deps, identity, session_id)
    session.ensure_not_finalized()
    wanted = validate_student_ids(student_ids)
    readable = [i for i in wanted if is_identifier(i)]
    found = {s.id: s for s in deps.students.get_many(session.center_id, readable)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise unknown_students(missing)

    def attempt() -> Enrolment:
        current = session_of_member(deps, identity, session_id)
        current.ensure_not_finalized()
        already = [i for i in wanted if i in current.enrolled_student_ids]
        now = deps.clock()
        new = [enroll(found[i], current.id, now) for i in wanted if i not in already]
        if new:
            enrolled = Audit.by(identity, now).event(
                current.id,
                AuditAction.CANDIDATES_ENROLLED,
                {"studentIds": [c.student_id for c in new], "added": len(new)},
            )
            current = deps.candidates.enroll(current, new, enrolled)
        return Enrolment(
            added=len(new),
            already_enrolled=len(already),
            candidates=enrolled_candidates(deps.candidates, current),
        )

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        fresh = session_of_member(deps, identity, session_id)
        if fresh.status is not SessionStatus.CREATED:
            raise errors.session_already_finalized() from conflict
        if last:
            raise errors.version_mismatch() from conflict

    return retrying(attempt, on_conflict, attempts=ENROL_ATTEMPTS)


def list_candidates(deps: Dependencies, identity: Identity, session_id: int) -> list[Candidate]:
    return enrolled_candidates(deps.candidates, session_of_member(deps, identity, session_id))


def set_extra_time(
    deps: Dependencies,
    identity: Identity,
    session_id: int,
    candidate_id: str,
    percentage: int | None,
) -> Candidate:
    """Extra time stretches the session's theoretical end, hence its finalization deadline."""
    value = validate_extra_time(percentage)

    def write(session: Session, everyone: list[Candidate]) -> Candidate:
        candidate = _find(everyone, candidate_id)
        updated = candidate.model_copy(update={"extra_time_percentage": value})
        times = {c.id: c.extra_time_percentage for c in everyone} | {candidate.id: value}
        changed = Audit.by(identity, deps.clock()).event(
            session.id,
            AuditAction.EXTRA_TIME_SET,
            {
                "candidateId": candidate.id,
                "extraTimePercentage": {"from": candidate.extra_time_percentage, "to": value},
            },
        )
        deps.candidates.set_extra_time(
            session.with_largest_extra_time(largest_extra_time(times)),
            session.version,
            updated,
            changed,
        )
        return updated

    return _on_fresh_session(deps, identity, session_id, write)


def remove_candidate(
    deps: Dependencies, identity: Identity, session_id: int, candidate_id: str
) -> None:
    def write(session: Session, everyone: list[Candidate]) -> None:
        candidate = _find(everyone, candidate_id)
        candidate.ensure_removable()
        times = {c.id: c.extra_time_percentage for c in everyone if c.id != candidate.id}
        removed = Audit.by(identity, deps.clock()).event(
            session.id,
            AuditAction.CANDIDATE_REMOVED,
            {
                "candidateId": candidate.id,
                "studentId": candidate.student_id,
                "name": f"{candidate.last_name} {candidate.first_name}",
            },
        )
        deps.candidates.remove(
            session.with_largest_extra_time(largest_extra_time(times)),
            session.version,
            candidate,
            removed,
        )

    _on_fresh_session(deps, identity, session_id, write)


def _on_fresh_session(
    deps: Dependencies,
    identity: Identity,
    session_id: int,
    write: Callable[[Session, list[Candidate]], T],
) -> T:
    """Run a write that depends on the session's version, reading afresh after a lost race
    (another extra time, an enrolment, a pupil joining); the checks run again each round."""

    def attempt() -> T:
        session = session_of_member(deps, identity, session_id)
        session.ensure_not_finalized()
        return write(session, enrolled_candidates(deps.candidates, session))

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        if last:
            # The most useful answer once retries are exhausted: finalized, else "changed".
            session = session_of_member(deps, identity, session_id)
            if session.status is not SessionStatus.CREATED:
                raise errors.session_already_finalized() from conflict
            raise errors.version_mismatch() from conflict

    return retrying(attempt, on_conflict)


def _find(everyone: list[Candidate], candidate_id: str) -> Candidate:
    for candidate in everyone:
        if candidate.id == candidate_id:
            return candidate
    raise candidate_not_found()
