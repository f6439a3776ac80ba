"""Pupils joining a session with its number and access code, and reporting the end of their
test. Public: no school account involved, so guessing is rate limited per session."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import Actor, Audit, AuditAction
from shared.domain.candidate import Candidate, CandidateStatus, candidate_not_found
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.joining import (
    COURSE_GRANT_LIFETIME,
    CourseGrant,
    JoinInput,
    session_not_accessible,
    too_many_attempts,
    validate_join_form,
)
from shared.domain.session import SessionStatus
from shared.services.dependencies import Dependencies
from shared.services.ports import CandidateRepository
from shared.services.sessions import parse_session_id


class Joined(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: str
    certification_number: int
    course_token: str


def join_session(deps: Dependencies, raw_session_id: str, form: JoinInput) -> Joined:
    """An unknown session and a wrong access code get the same answer; after 10 failures on a
    session within 15 minutes, every attempt is refused until the window ends."""
    session_id = parse_session_id(raw_session_id)
    now = deps.clock()
    attempts = deps.join_attempts
    past = attempts.get(session_id)
    if past is not None and past.locks(now):
        raise too_many_attempts(past, now)
    wanted = validate_join_form(form)

    session = deps.sessions.get(session_id)
    if session is None or not session.accepts_access_code(wanted.access_code):
        attempts.record_failure(session_id, now)
        raise errors.session_not_found()
    if session.status is not SessionStatus.CREATED:
        raise session_not_accessible()
    candidate = deps.candidates.find_by_join_key(session.id, wanted.join_key)
    if candidate is None or candidate.student_id not in session.enrolled_student_ids:
        attempts.record_failure(session_id, now)
        raise candidate_not_found()

    if candidate.certification_number is None:
        candidate = _start(deps.candidates, candidate, now)
    assert candidate.certification_number is not None
    grant = CourseGrant(
        certification_number=candidate.certification_number,
        session_id=session.id,
        candidate_id=candidate.id,
        expires_at=now + COURSE_GRANT_LIFETIME,
    )
    return Joined(
        candidate_id=candidate.id,
        certification_number=candidate.certification_number,
        course_token=deps.course_tokens.issue(grant),
    )


def _start(candidates: CandidateRepository, candidate: Candidate, now: datetime) -> Candidate:
    number = candidates.next_certification_number()
    started = candidate.model_copy(
        update={
            "status": CandidateStatus.STARTED,
            "certification_number": number,
            "joined_at": now,
        }
    )
    joined = Audit(actor=Actor.candidate(number), at=now).event(
        candidate.session_id,
        AuditAction.CANDIDATE_JOINED,
        {"candidateId": candidate.id, "certificationNumber": number},
    )
    try:
        candidates.start(started, joined)
    except WriteConflict as conflict:
        fresh = candidates.get(candidate.session_id, candidate.id)
        if (
            conflict.what is Conflicting.CANDIDATE
            and fresh is not None
            and fresh.certification_number
        ):
            return fresh  # the same pupil joined twice at once: one number, the first one
        if conflict.what is Conflicting.SESSION:
            raise session_not_accessible() from conflict
        raise candidate_not_found() from conflict
    return started


def complete_course(deps: Dependencies, certification_number: str, token: str) -> Candidate:
    """Mark the course's candidate COMPLETED; the token must be the one handed out for it."""
    now = deps.clock()
    candidates = deps.candidates
    grant = deps.course_tokens.read(token, now)
    if str(grant.certification_number) != certification_number.strip():
        raise errors.Forbidden(
            "COURSE_TOKEN_MISMATCH", "Ce jeton ne correspond pas à ce test de certification."
        )
    candidate = candidates.get(grant.session_id, grant.candidate_id)
    if candidate is None or candidate.certification_number != grant.certification_number:
        raise candidate_not_found()
    if candidate.status is CandidateStatus.COMPLETED:
        return candidate
    completed = candidate.model_copy(
        update={"status": CandidateStatus.COMPLETED, "completed_at": now}
    )
    finished = Audit(actor=Actor.candidate(grant.certification_number), at=now).event(
        candidate.session_id, AuditAction.COURSE_COMPLETED, {"candidateId": candidate.id}
    )
    try:
        candidates.complete(completed, finished)
    except WriteConflict as conflict:
        if conflict.what is Conflicting.SESSION:
            raise session_not_accessible() from conflict
        fresh = candidates.get(grant.session_id, grant.candidate_id)
        if fresh is not None and fresh.status is CandidateStatus.COMPLETED:
            return fresh
        raise candidate_not_found() from conflict
    return completed
