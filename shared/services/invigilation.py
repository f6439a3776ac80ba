"""Exam day, the invigilator's portal: logging in with the session's supervisor password, the
live list of the room, and what the invigilator decides — presence confirmed before a pupil
may enter, a resume allowed, a test ended — and the printed kit.

Every route here is open to the session's invigilator (their token) and to its center's
members (their own ID token)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.attempts import AttemptKind, Lockout, too_many_attempts
from shared.domain.audit import Actor, Audit, AuditAction
from shared.domain.candidate import Candidate, CandidateStatus, candidate_not_found
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.invigilation import (
    INVIGILATOR_TOKEN_LIFETIME,
    AuthorizationInput,
    EndInput,
    InvigilatorGrant,
    InvigilatorLoginInput,
    candidate_already_joined,
    candidate_not_started,
    invalid_supervisor_credentials,
    validate_authorization,
    validate_end_reason,
    validate_login,
)
from shared.domain.invigilator_kit import invigilator_kit
from shared.domain.people import Caller
from shared.domain.session import Session
from shared.domain.validation import is_identifier
from shared.services.dependencies import Dependencies
from shared.services.sessions import enrolled_candidates, session_of_caller

# Session numbers have at most 12 digits (see parse_session_id).
MAX_SESSION_ID = 10**12 - 1


class InvigilatorLogin(BaseModel):
    model_config = ConfigDict(frozen=True)

    token: str
    expires_in: int
    session: Session


class Supervising(BaseModel):
    """The live list: the session and its candidates, by name."""

    model_config = ConfigDict(frozen=True)

    session: Session
    candidates: list[Candidate]


def login(deps: Dependencies, form: InvigilatorLoginInput) -> InvigilatorLogin:
    """An unknown session and a wrong password get the same answer; 10 failures on a
    session within 15 minutes and its logins are refused until the window ends."""
    session_id, typed = validate_login(form)
    now = deps.clock()
    session = deps.sessions.get(session_id) if 0 < session_id <= MAX_SESSION_ID else None
    if session is None:
        raise invalid_supervisor_credentials()
    place = deps.attempts.reserve(AttemptKind.INVIGILATOR_LOGIN, str(session.id), now)
    if isinstance(place, Lockout):
        raise too_many_attempts(place, now)
    if not session.accepts_supervisor_password(typed):
        raise invalid_supervisor_credentials()
    deps.attempts.release(place)
    session.ensure_not_finalized()
    grant = InvigilatorGrant(session_id=session.id, expires_at=now + INVIGILATOR_TOKEN_LIFETIME)
    deps.events.record(
        Audit(actor=Actor.invigilator(session.id), at=now).event(
            session.id, AuditAction.INVIGILATOR_LOGGED_IN
        )
    )
    return InvigilatorLogin(
        token=deps.invigilator_tokens.issue(grant, now),
        expires_in=int(INVIGILATOR_TOKEN_LIFETIME.total_seconds()),
        session=session,
    )


def supervising(deps: Dependencies, caller: Caller, session_id: int) -> Supervising:
    """One read of the session and one Query of its candidates, whatever their number."""
    session = session_of_caller(deps, caller, session_id)
    return Supervising(session=session, candidates=enrolled_candidates(deps.candidates, session))


def authorize_to_start(
    deps: Dependencies,
    caller: Caller,
    session_id: int,
    candidate_id: str,
    form: AuthorizationInput,
) -> Candidate:
    """Confirm (or withdraw, until the pupil joins) that the pupil is in the room."""
    authorized = validate_authorization(form)
    session, candidate = _candidate_of_open_session(deps, caller, session_id, candidate_id)
    if authorized is candidate.authorized_to_start:
        return candidate  # pressed twice: nothing changes, nothing recorded
    if not authorized and candidate.has_joined:
        raise candidate_already_joined()
    decided = candidate.model_copy(update={"authorized_to_start": authorized})
    action = (
        AuditAction.CANDIDATE_AUTHORIZED_TO_START
        if authorized
        else AuditAction.CANDIDATE_AUTHORIZATION_WITHDRAWN
    )
    event = Audit.by(caller, deps.clock()).event(session.id, action, _who(candidate))
    try:
        deps.candidates.authorize_start(decided, event)
    except WriteConflict as conflict:
        raise _refusal(conflict, candidate_already_joined()) from conflict
    return decided


def authorize_to_resume(
    deps: Dependencies, caller: Caller, session_id: int, candidate_id: str
) -> Candidate:
    """Let a pupil whose test stopped enter once more (used up by their next entry)."""
    session, candidate = _candidate_of_open_session(deps, caller, session_id, candidate_id)
    if candidate.status is not CandidateStatus.STARTED:
        raise candidate_not_started()
    if candidate.resume_authorized:
        return candidate
    decided = candidate.model_copy(update={"resume_authorized": True})
    event = Audit.by(caller, deps.clock()).event(
        session.id, AuditAction.CANDIDATE_RESUME_AUTHORIZED, _who(candidate)
    )
    try:
        deps.candidates.authorize_resume(decided, event)
    except WriteConflict as conflict:
        raise _refusal(conflict, candidate_not_started()) from conflict
    return decided


def end_by_supervisor(
    deps: Dependencies, caller: Caller, session_id: int, candidate_id: str, form: EndInput
) -> Candidate:
    """End a pupil's test; the reason is kept (for the finalization and Pix)."""
    reason = validate_end_reason(form)
    session, candidate = _candidate_of_open_session(deps, caller, session_id, candidate_id)
    if candidate.status is not CandidateStatus.STARTED:
        raise candidate_not_started()
    now = deps.clock()
    ended = candidate.model_copy(
        update={
            "status": CandidateStatus.ENDED_BY_SUPERVISOR,
            "ended_at": now,
            "end_reason": reason,
            "resume_authorized": False,
        }
    )
    event = Audit.by(caller, now).event(
        session.id, AuditAction.CANDIDATE_ENDED_BY_SUPERVISOR, {**_who(candidate), "reason": reason}
    )
    try:
        deps.candidates.end(ended, event)
    except WriteConflict as conflict:
        raise _refusal(conflict, candidate_not_started()) from conflict
    return ended


def render_kit(deps: Dependencies, caller: Caller, session_id: int) -> tuple[str, bytes]:
    """The invigilator's kit of a session: its file name and the PDF."""
    session = session_of_caller(deps, caller, session_id)
    kit = invigilator_kit(session, deps.web_address, session.candidates_count)
    return kit.file_name, deps.render_invigilator_kit(kit)


def _candidate_of_open_session(
    deps: Dependencies, caller: Caller, session_id: int, candidate_id: str
) -> tuple[Session, Candidate]:
    session = session_of_caller(deps, caller, session_id)
    session.ensure_not_finalized()
    candidate = (
        deps.candidates.get(session.id, candidate_id) if is_identifier(candidate_id) else None
    )
    if candidate is None or candidate.student_id not in session.enrolled_student_ids:
        raise candidate_not_found()
    return session, candidate


def _who(candidate: Candidate) -> dict[str, object]:
    return {
        "candidateId": candidate.id,
        "name": f"{candidate.last_name} {candidate.first_name}",
    }


def _refusal(conflict: WriteConflict, on_candidate: errors.DomainError) -> errors.DomainError:
    """A lost race: the session was finalized meanwhile, or the candidate moved on."""
    if conflict.what is Conflicting.SESSION:
        return errors.session_already_finalized()
    return on_candidate
