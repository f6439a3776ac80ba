"""Processing by Pix staff: the queues, a session's full view, and the processing's writes."""

from __future__ import annotations

from chalice.app import Request

from functions import wiring
from functions.finalization.schemas import IssueReportOut
from functions.processing.schemas import (
    AdminSessionOut,
    JuryCommentBody,
    ProcessingOut,
    QueuePageOut,
    ResolutionBody,
)
from shared.domain.people import Identity
from shared.domain.processing import Queue, ensure_pix_admin
from shared.domain.session import parse_session_id
from shared.services import processing
from shared.services.processing import QueueQuery
from shared.web.request import page_request


def list_queue(identity: Identity, request: Request) -> QueuePageOut:
    query: dict[str, str] = dict(request.query_params or {})
    # The role before the parameters: anyone else learns nothing, not even a 400.
    ensure_pix_admin(identity)
    wanted = QueueQuery(
        queue=Queue.parse(query.get("status"), query.get("requiresAction")),
        page=page_request(query),
        cursor=query.get("cursor") or None,
    )
    return QueuePageOut.of(processing.list_queue(wiring.deps(), identity, wanted))


def read_session(identity: Identity, session_id: str) -> ProcessingOut:
    ensure_pix_admin(identity)
    view = processing.read_session(wiring.deps(), identity, parse_session_id(session_id))
    return ProcessingOut.of_view(view)


def assign(identity: Identity, session_id: str) -> AdminSessionOut:
    ensure_pix_admin(identity)
    session = processing.assign_session(wiring.deps(), identity, parse_session_id(session_id))
    return AdminSessionOut.of(session)


def set_jury_comment(identity: Identity, session_id: str, body: JuryCommentBody) -> AdminSessionOut:
    ensure_pix_admin(identity)
    session = processing.set_jury_comment(
        wiring.deps(), identity, parse_session_id(session_id), body.comment
    )
    return AdminSessionOut.of(session)


def resolve_report(identity: Identity, report_id: str, body: ResolutionBody) -> IssueReportOut:
    report = processing.resolve_report(wiring.deps(), identity, report_id, body.resolution)
    return IssueReportOut.of(report)


def unfinalize(identity: Identity, session_id: str) -> AdminSessionOut:
    ensure_pix_admin(identity)
    session = processing.unfinalize_session(wiring.deps(), identity, parse_session_id(session_id))
    return AdminSessionOut.of(session)


def unpublish(identity: Identity, session_id: str) -> AdminSessionOut:
    ensure_pix_admin(identity)
    session = processing.unpublish_session(wiring.deps(), identity, parse_session_id(session_id))
    return AdminSessionOut.of(session)
