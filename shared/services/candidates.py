"""Enrolling pupils in a session, extra time, removal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import Actor, AuditAction, AuditEvent
from shared.domain.candidate import (
    Candidate,
    candidate_not_found,
    enroll,
    largest_extra_time,
    sort_by_name,
    unknown_students,
    validate_extra_time,
    validate_student_ids,
)
from shared.domain.errors import WriteConflict
from shared.domain.people import Identity
from shared.domain.session import Session, SessionStatus
from shared.domain.validation import is_identifier
from shared.services.ports import (
    CandidateRepository,
    Clock,
    SessionRepository,
    StudentRepository,
    UserRepository,
)
from shared.services.sessions import get_session, session_of_member

# A concurrent change to the same session (another extra time, an enrolment) is retried.
WRITE_ATTEMPTS = 3
T = TypeVar("T")


class Enrolment(BaseModel):
    model_config = ConfigDict(frozen=True)

    added: int
    already_enrolled: int
    candidates: list[Candidate]


def enroll_students(
    sessions: SessionRepository,
    users: UserRepository,
    students: StudentRepository,
    candidates: CandidateRepository,
    identity: Identity,
    session_id: int,
    student_ids: list[str] | None,
    clock: Clock,
) -> Enrolment:
    """All or nothing on validation: one unknown pupil (or one of another school) adds no one."""
    session = session_of_member(sessions, users, identity, session_id)
    session.ensure_not_finalized()
    wanted = validate_student_ids(student_ids)
    readable = [i for i in wanted if is_identifier(i)]
    found = {s.id: s for s in students.get_many(session.center_id, readable)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise unknown_students(missing)
    already = [i for i in wanted if i in session.enrolled_student_ids]
    now = clock()
    new = [
        enroll(found[i], session.id, now) for i in wanted if i not in session.enrolled_student_ids
    ]
    if new:
        enrolled = AuditEvent(
            session_id=session.id,
            at=now,
            actor=Actor.user(identity),
            action=AuditAction.CANDIDATES_ENROLLED,
            changes={"studentIds": [c.student_id for c in new], "added": len(new)},
        )
        try:
            session = candidates.enroll(session, new, enrolled)
        except WriteConflict as conflict:
            raise errors.session_already_finalized() from conflict
    return Enrolment(
        added=len(new),
        already_enrolled=len(already),
        candidates=enrolled_candidates(candidates, session),
    )


def list_candidates(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    identity: Identity,
    session_id: int,
) -> list[Candidate]:
    return enrolled_candidates(candidates, get_session(sessions, users, identity, session_id))


def set_extra_time(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    identity: Identity,
    session_id: int,
    candidate_id: str,
    percentage: int | None,
    clock: Clock,
) -> Candidate:
    """Extra time stretches the session's theoretical end, hence its finalization deadline."""
    value = validate_extra_time(percentage)

    def write(session: Session, everyone: list[Candidate]) -> Candidate:
        candidate = _find(everyone, candidate_id)
        updated = candidate.model_copy(update={"extra_time_percentage": value})
        times = {c.id: c.extra_time_percentage for c in everyone} | {candidate.id: value}
        changed = AuditEvent(
            session_id=session.id,
            at=clock(),
            actor=Actor.user(identity),
            action=AuditAction.EXTRA_TIME_SET,
            changes={
                "candidateId": candidate.id,
                "extraTimePercentage": {"from": candidate.extra_time_percentage, "to": value},
            },
        )
        candidates.set_extra_time(
            session.with_largest_extra_time(largest_extra_time(times)),
            session.version,
            updated,
            changed,
        )
        return updated

    return _retrying(write, sessions, users, candidates, identity, session_id)


def remove_candidate(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    identity: Identity,
    session_id: int,
    candidate_id: str,
    clock: Clock,
) -> None:
    def write(session: Session, everyone: list[Candidate]) -> None:
        candidate = _find(everyone, candidate_id)
        candidate.ensure_removable()
        times = {c.id: c.extra_time_percentage for c in everyone if c.id != candidate.id}
        removed = AuditEvent(
            session_id=session.id,
            at=clock(),
            actor=Actor.user(identity),
            action=AuditAction.CANDIDATE_REMOVED,
            changes={
                "candidateId": candidate.id,
                "studentId": candidate.student_id,
                "name": f"{candidate.last_name} {candidate.first_name}",
            },
        )
        candidates.remove(
            session.with_largest_extra_time(largest_extra_time(times)),
            session.version,
            candidate,
            removed,
        )

    _retrying(write, sessions, users, candidates, identity, session_id)


def _retrying(
    write: Callable[[Session, list[Candidate]], T],
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    identity: Identity,
    session_id: int,
) -> T:
    """Run a write that depends on the session's version, reading afresh after a lost race
    (another extra time, an enrolment, a pupil joining); the checks run again each round."""
    for attempt in range(WRITE_ATTEMPTS):
        session = session_of_member(sessions, users, identity, session_id)
        session.ensure_not_finalized()
        try:
            return write(session, enrolled_candidates(candidates, session))
        except WriteConflict as conflict:
            if attempt == WRITE_ATTEMPTS - 1:
                raise _after_conflict(sessions, users, identity, session_id) from conflict
    raise AssertionError("unreachable")


def enrolled_candidates(candidates: CandidateRepository, session: Session) -> list[Candidate]:
    """The candidates whose pupil is in the session's set: a candidate written by an
    enrolment that did not reach its commit point stays invisible."""
    return sort_by_name(
        [
            c
            for c in candidates.list_for_session(session.id)
            if c.student_id in session.enrolled_student_ids
        ]
    )


def _find(everyone: list[Candidate], candidate_id: str) -> Candidate:
    for candidate in everyone:
        if candidate.id == candidate_id:
            return candidate
    raise candidate_not_found()


def _after_conflict(
    sessions: SessionRepository, users: UserRepository, identity: Identity, session_id: int
) -> errors.DomainError:
    """The most useful answer once retries are exhausted: finalized, else 'changed meanwhile'."""
    session = session_of_member(sessions, users, identity, session_id)
    if session.status is not SessionStatus.CREATED:
        return errors.session_already_finalized()
    return errors.version_mismatch()
