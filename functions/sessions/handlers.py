"""/centers/{id}/sessions and /sessions/{id}."""

from __future__ import annotations

from chalice.app import Request, Response

from functions import wiring
from functions.api import json_response, pdf_response
from functions.sessions.schemas import EventOut, SessionBody, SessionOut
from shared.domain.errors import BadRequest, FieldError
from shared.domain.people import Identity
from shared.domain.session import SessionFilter, parse_session_id
from shared.services import sessions
from shared.web.request import (
    header,
    page_request,
    parse_if_match,
)
from shared.web.schemas import PageBody


def list_sessions(identity: Identity, center_id: str, request: Request) -> PageBody[SessionOut]:
    query = request.query_params
    wanted = _status_filter(query.get("status") if query else None)
    page = sessions.list_sessions(wiring.deps(), identity, center_id, wanted, page_request(query))
    return PageBody[SessionOut].of(page, [SessionOut.of(s) for s in page.items])


def create_session(identity: Identity, center_id: str, body: SessionBody) -> SessionOut:
    return SessionOut.of(sessions.create_session(wiring.deps(), identity, center_id, body))


def get_session(identity: Identity, session_id: str) -> Response:
    session = sessions.get_session(wiring.deps(), identity, parse_session_id(session_id))
    return _with_etag(SessionOut.of(session))


def update_session(
    identity: Identity, session_id: str, body: SessionBody, request: Request
) -> Response:
    session = sessions.update_session(
        wiring.deps(),
        identity,
        parse_session_id(session_id),
        body,
        parse_if_match(header(request.headers, "if-match")),
    )
    return _with_etag(SessionOut.of(session))


def delete_session(identity: Identity, session_id: str) -> None:
    sessions.delete_session(wiring.deps(), identity, parse_session_id(session_id))


def _with_etag(session: SessionOut) -> Response:
    return json_response(session.to_json(), headers={"ETag": f'"{session.version}"'})


def _status_filter(raw: str | None) -> SessionFilter | None:
    if not raw:
        return None
    try:
        return SessionFilter(raw)
    except ValueError as error:
        allowed = ", ".join(f.value for f in SessionFilter)
        raise BadRequest(
            "INVALID_PARAMETER",
            "Filtre de statut inconnu.",
            [FieldError("status", "INVALID", f"Valeurs possibles : {allowed}.")],
        ) from error


def attendance_sheet(identity: Identity, session_id: str, request: Request) -> Response:
    number = parse_session_id(session_id)
    return pdf_response(
        request, lambda: sessions.render_attendance_sheet(wiring.deps(), identity, number)
    )


def list_events(identity: Identity, session_id: str, request: Request) -> PageBody[EventOut]:
    page = sessions.list_events(
        wiring.deps(),
        identity,
        parse_session_id(session_id),
        page_request(request.query_params),
    )
    return PageBody[EventOut].of(page, [EventOut.of(e) for e in page.items])
