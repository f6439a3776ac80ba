"""Pupils joining a session and reporting the end of their test (public: the test
application calls these)."""

from __future__ import annotations

from chalice.app import Request

from functions import wiring
from functions.joining.schemas import CourseOut, JoinBody, JoinedOut
from shared.services import joining
from shared.web.auth import bearer_token
from shared.web.request import header


def join(session_id: str, body: JoinBody) -> JoinedOut:
    return JoinedOut.of(joining.join_session(wiring.deps(), session_id, body))


def complete(certification_number: str, request: Request) -> CourseOut:
    candidate = joining.complete_course(
        wiring.deps(), certification_number, bearer_token(header(request.headers, "authorization"))
    )
    assert candidate.certification_number is not None
    return CourseOut(
        certification_number=candidate.certification_number,
        status=candidate.status.value,
        completed_at=candidate.completed_at,
    )
