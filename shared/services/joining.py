"""Pupils entering a session with its number and access code, and reporting the end of their
test. Public: no school account involved, so the invigilator's confirmation of presence is
what lets a pupil in, and guessing is slowed per session."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.attempts import AttemptKind, Lockout, too_many_attempts
from shared.domain.audit import Actor, Audit, AuditAction
from shared.domain.candidate import Candidate, CandidateStatus, candidate_not_found
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.joining import (
    COURSE_GRANT_LIFETIME,
    CourseGrant,
    JoinForm,
    JoinInput,
    ended_by_supervisor,
    ensure_born_before,
    entry_refusal,
    not_authorized_to_resume,
    not_authorized_to_start,
    session_not_accessible,
    test_is_over,
    validate_join_form,
)
from shared.domain.session import Session, parse_session_id
from shared.services.dependencies import Dependencies


class Joined(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidate_id: str
    certification_number: int
    course_token: str
    # For the pupil's page: when the test started and, with their extra time, when it ends.
    started_at: datetime
    theoretical_end_at: datetime
    extra_time_percentage: int


def join_session(deps: Dependencies, raw_session_id: str, form: JoinInput) -> Joined:
    """In order: the form; the session and its entry window (refused before anything typed
    is checked, so a session outside its day answers the same to everyone); a place among
    the session's attempts; the access code and the pupil; then the invigilator's say.

    A wrong code or an unknown pupil is a failed attempt; 10 within 15 minutes and the
    session refuses further attempts — except from a pupil whose presence the invigilator
    confirmed, whom other people's failures never keep out."""
    session_id = parse_session_id(raw_session_id)
    wanted = validate_join_form(form)
    now = deps.clock()
    session = deps.sessions.get(session_id)
    if session is None:
        raise errors.session_not_found()
    refusal = entry_refusal(session, now)
    if refusal is not None:
        raise refusal
    ensure_born_before(wanted, session)
    place = deps.attempts.reserve(AttemptKind.JOIN, str(session.id), now)
    if isinstance(place, Lockout):
        return _enter(deps, session, _confirmed_pupil(deps, session, wanted, place, now), now)
    if not session.accepts_access_code(wanted.access_code):
        raise errors.session_not_found()
    candidate = deps.candidates.find_by_join_key(session.id, wanted.join_key)
    if candidate is None or candidate.student_id not in session.enrolled_student_ids:
        raise candidate_not_found()
    # The pupil is who they say: whatever follows ("wait for your invigilator"…) is no
    # failed guess, and trying again must not count.
    deps.attempts.release(place)
    return _enter(deps, session, candidate, now)


def _confirmed_pupil(
    deps: Dependencies, session: Session, wanted: JoinForm, lockout: Lockout, now: datetime
) -> Candidate:
    """While the session refuses attempts, only a pupil the invigilator let in gets through:
    the access code is compared only for such a pupil, so the lockout still hides it."""
    candidate = deps.candidates.find_by_join_key(session.id, wanted.join_key)
    allowed = candidate is not None and (
        (candidate.status is CandidateStatus.ENROLLED and candidate.authorized_to_start)
        or (candidate.status is CandidateStatus.STARTED and candidate.resume_authorized)
    )
    if candidate is None or not allowed or not session.accepts_access_code(wanted.access_code):
        raise too_many_attempts(lockout, now)
    return candidate


def _enter(deps: Dependencies, session: Session, candidate: Candidate, now: datetime) -> Joined:
    if candidate.status is CandidateStatus.ENROLLED:
        if not candidate.authorized_to_start:
            raise not_authorized_to_start()
        candidate = _start(deps, candidate, now)
    elif candidate.status is CandidateStatus.STARTED:
        if not candidate.resume_authorized:
            raise not_authorized_to_resume()
        _resume(deps, candidate, now)
    else:
        raise test_is_over()
    assert candidate.certification_number is not None
    assert candidate.joined_at is not None and candidate.theoretical_end_at is not None
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
        started_at=candidate.joined_at,
        theoretical_end_at=candidate.theoretical_end_at,
        extra_time_percentage=candidate.extra_time_percentage,
    )


def _start(deps: Dependencies, candidate: Candidate, now: datetime) -> Candidate:
    number = deps.candidates.next_certification_number()
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
        deps.candidates.start(started, joined)
    except WriteConflict as conflict:
        raise _refusal_after(deps, candidate, conflict) from conflict
    return started


def _resume(deps: Dependencies, candidate: Candidate, now: datetime) -> None:
    assert candidate.certification_number is not None
    resumed = candidate.model_copy(
        update={"resume_authorized": False, "resumes": candidate.resumes + 1}
    )
    event = Audit(actor=Actor.candidate(candidate.certification_number), at=now).event(
        candidate.session_id,
        AuditAction.CANDIDATE_RESUMED,
        {"candidateId": candidate.id, "resumes": resumed.resumes},
    )
    try:
        deps.candidates.resume(resumed, event)
    except WriteConflict as conflict:
        raise _refusal_after(deps, candidate, conflict) from conflict


def _refusal_after(
    deps: Dependencies, candidate: Candidate, conflict: WriteConflict
) -> errors.DomainError:
    """Something changed between our read and the write: say what, as it stands now."""
    if conflict.what is Conflicting.SESSION:
        return session_not_accessible()
    fresh = deps.candidates.get(candidate.session_id, candidate.id)
    if fresh is None:
        return candidate_not_found()
    if fresh.status is CandidateStatus.ENROLLED:
        return not_authorized_to_start()  # the invigilator withdrew the confirmation
    if fresh.status is CandidateStatus.STARTED:
        return not_authorized_to_resume()  # entered meanwhile: the authorization is used
    return test_is_over()


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
    if candidate.status is CandidateStatus.ENDED_BY_SUPERVISOR:
        raise ended_by_supervisor()
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
        if fresh is not None and fresh.status is CandidateStatus.ENDED_BY_SUPERVISOR:
            raise ended_by_supervisor() from conflict
        raise candidate_not_found() from conflict
    return completed
