"""Roster import, students, candidates; joining and completing (public, for the test app)."""

from __future__ import annotations

from chalice.app import Request

from functions import wiring
from functions.candidates.schemas import (
    CandidateOut,
    CandidatesOut,
    CourseOut,
    DivisionsOut,
    EnrolBody,
    EnrolmentOut,
    ExtraTimeBody,
    ImportReportOut,
    JoinBody,
    JoinedOut,
    StudentOut,
)
from shared.domain.errors import UnsupportedMediaType
from shared.domain.people import Identity
from shared.domain.roster.parse import ROSTER_TYPES
from shared.services import candidates, joining, roster
from shared.services.sessions import parse_session_id
from shared.web.auth import bearer_token
from shared.web.request import header, media_type, page_request
from shared.web.schemas import PageBody


def import_students(identity: Identity, center_id: str, request: Request) -> ImportReportOut:
    kind = media_type(header(request.headers, "content-type"))
    if kind not in ROSTER_TYPES:
        raise UnsupportedMediaType(
            "UNSUPPORTED_MEDIA_TYPE",
            "Envoyez l'export SIECLE (XML ou ZIP) ou un fichier CSV "
            "(Content-Type text/csv, application/xml ou application/zip).",
        )
    raw = request.raw_body or b""
    report = roster.import_roster(
        wiring.students(),
        wiring.users(),
        identity,
        center_id,
        raw.encode() if isinstance(raw, str) else raw,
        kind,
        wiring.new_id,
    )
    return ImportReportOut.of(report)


def list_divisions(identity: Identity, center_id: str) -> DivisionsOut:
    divisions = roster.list_divisions(
        wiring.students(), wiring.users(), wiring.centers(), identity, center_id
    )
    return DivisionsOut(items=divisions)


def list_session_students(
    identity: Identity, session_id: str, request: Request
) -> PageBody[StudentOut]:
    query = request.query_params
    # Chalice's MultiDict.getlist raises KeyError for an absent parameter.
    asked = query.getlist("division") if query and "division" in query else []
    divisions = [d for d in asked if d.strip()]
    page, enrolled = roster.list_session_students(
        wiring.sessions(),
        wiring.users(),
        wiring.students(),
        identity,
        parse_session_id(session_id),
        divisions,
        page_request(query),
    )
    return PageBody[StudentOut].of(page, [StudentOut.of(s, enrolled) for s in page.items])


def enroll(identity: Identity, session_id: str, body: EnrolBody) -> EnrolmentOut:
    enrolment = candidates.enroll_students(
        wiring.sessions(),
        wiring.users(),
        wiring.students(),
        wiring.candidates(),
        identity,
        parse_session_id(session_id),
        body.student_ids,
        wiring.clock,
    )
    return EnrolmentOut(
        added=enrolment.added,
        already_enrolled=enrolment.already_enrolled,
        candidates=[CandidateOut.of(c) for c in enrolment.candidates],
    )


def list_candidates(identity: Identity, session_id: str) -> CandidatesOut:
    found = candidates.list_candidates(
        wiring.sessions(),
        wiring.users(),
        wiring.candidates(),
        identity,
        parse_session_id(session_id),
    )
    return CandidatesOut(items=[CandidateOut.of(c) for c in found])


def set_extra_time(
    identity: Identity, session_id: str, candidate_id: str, body: ExtraTimeBody
) -> CandidateOut:
    candidate = candidates.set_extra_time(
        wiring.sessions(),
        wiring.users(),
        wiring.candidates(),
        identity,
        parse_session_id(session_id),
        candidate_id,
        body.extra_time_percentage,
        wiring.clock,
    )
    return CandidateOut.of(candidate)


def remove_candidate(identity: Identity, session_id: str, candidate_id: str) -> None:
    candidates.remove_candidate(
        wiring.sessions(),
        wiring.users(),
        wiring.candidates(),
        identity,
        parse_session_id(session_id),
        candidate_id,
        wiring.clock,
    )


def join(session_id: str, body: JoinBody) -> JoinedOut:
    joined = joining.join_session(
        wiring.sessions(),
        wiring.candidates(),
        wiring.join_attempts(),
        wiring.course_tokens(),
        session_id,
        body.present_fields(),
        wiring.clock,
    )
    return JoinedOut.of(joined)


def complete(certification_number: str, request: Request) -> CourseOut:
    candidate = joining.complete_course(
        wiring.candidates(),
        wiring.course_tokens(),
        certification_number,
        bearer_token(header(request.headers, "authorization")),
        wiring.clock,
    )
    assert candidate.certification_number is not None
    return CourseOut(
        certification_number=candidate.certification_number,
        status=candidate.status.value,
        completed_at=candidate.completed_at,
    )
