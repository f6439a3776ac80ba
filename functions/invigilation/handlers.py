"""Exam day: the invigilator's login, the live list, presence, resume, end, and the kit."""

from __future__ import annotations

from chalice.app import Request, Response

from functions import wiring
from functions.api import pdf_response
from functions.invigilation.schemas import (
    AuthorizationBody,
    EndBody,
    InvigilatorLoginBody,
    InvigilatorLoginOut,
    SupervisedCandidateOut,
    SupervisingOut,
)
from shared.domain.people import Caller
from shared.domain.session import parse_session_id
from shared.services import invigilation


def login(body: InvigilatorLoginBody) -> InvigilatorLoginOut:
    return InvigilatorLoginOut.of(invigilation.login(wiring.deps(), body))


def supervising(identity: Caller, session_id: str) -> SupervisingOut:
    view = invigilation.supervising(wiring.deps(), identity, parse_session_id(session_id))
    return SupervisingOut.of(view)


def authorize_to_start(
    identity: Caller, session_id: str, candidate_id: str, body: AuthorizationBody
) -> SupervisedCandidateOut:
    candidate = invigilation.authorize_to_start(
        wiring.deps(), identity, parse_session_id(session_id), candidate_id, body
    )
    return SupervisedCandidateOut.of(candidate)


def authorize_to_resume(
    identity: Caller, session_id: str, candidate_id: str
) -> SupervisedCandidateOut:
    candidate = invigilation.authorize_to_resume(
        wiring.deps(), identity, parse_session_id(session_id), candidate_id
    )
    return SupervisedCandidateOut.of(candidate)


def end_by_supervisor(
    identity: Caller, session_id: str, candidate_id: str, body: EndBody
) -> SupervisedCandidateOut:
    candidate = invigilation.end_by_supervisor(
        wiring.deps(), identity, parse_session_id(session_id), candidate_id, body
    )
    return SupervisedCandidateOut.of(candidate)


def invigilator_kit(identity: Caller, session_id: str, request: Request) -> Response:
    number = parse_session_id(session_id)
    return pdf_response(request, lambda: invigilation.render_kit(wiring.deps(), identity, number))
