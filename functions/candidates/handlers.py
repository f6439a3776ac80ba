"""A session's candidates: enrolling pupils, the list, extra time, removal."""

from __future__ import annotations

from functions import wiring
from functions.candidates.schemas import (
    CandidateOut,
    CandidatesOut,
    EnrolBody,
    EnrolmentOut,
    ExtraTimeBody,
)
from shared.domain.people import Identity
from shared.domain.session import parse_session_id
from shared.services import candidates


def enroll(identity: Identity, session_id: str, body: EnrolBody) -> EnrolmentOut:
    enrolment = candidates.enroll_students(
        wiring.deps(), identity, parse_session_id(session_id), body.student_ids
    )
    return EnrolmentOut(
        added=enrolment.added,
        already_enrolled=enrolment.already_enrolled,
        candidates=[CandidateOut.of(c) for c in enrolment.candidates],
    )


def list_candidates(identity: Identity, session_id: str) -> CandidatesOut:
    found = candidates.list_candidates(wiring.deps(), identity, parse_session_id(session_id))
    return CandidatesOut(items=[CandidateOut.of(c) for c in found])


def set_extra_time(
    identity: Identity, session_id: str, candidate_id: str, body: ExtraTimeBody
) -> CandidateOut:
    candidate = candidates.set_extra_time(
        wiring.deps(),
        identity,
        parse_session_id(session_id),
        candidate_id,
        body.extra_time_percentage,
    )
    return CandidateOut.of(candidate)


def remove_candidate(identity: Identity, session_id: str, candidate_id: str) -> None:
    candidates.remove_candidate(wiring.deps(), identity, parse_session_id(session_id), candidate_id)
