"""The school's roster: import, classes, and the pupils shown when enrolling candidates."""

from __future__ import annotations

from chalice.app import MultiDict, Request

from functions import wiring
from functions.roster.schemas import DivisionsOut, ImportReportOut, RosterStudentOut, StudentOut
from shared.domain.errors import UnsupportedMediaType
from shared.domain.limits import ROSTER_TYPES
from shared.domain.people import Identity
from shared.domain.session import parse_session_id
from shared.services import roster
from shared.web.request import header, media_type, page_request, raw_body
from shared.web.schemas import PageBody


def import_students(identity: Identity, center_id: str, request: Request) -> ImportReportOut:
    kind = media_type(header(request.headers, "content-type"))
    if kind not in ROSTER_TYPES:
        raise UnsupportedMediaType(
            "UNSUPPORTED_MEDIA_TYPE",
            "Envoyez l'export SIECLE (XML ou ZIP) ou un fichier CSV "
            "(Content-Type text/csv, application/xml ou application/zip).",
        )
    report = roster.import_roster(wiring.deps(), identity, center_id, raw_body(request), kind)
    return ImportReportOut.of(report)


def list_divisions(identity: Identity, center_id: str) -> DivisionsOut:
    return DivisionsOut(items=roster.list_divisions(wiring.deps(), identity, center_id))


def list_session_students(
    identity: Identity, session_id: str, request: Request
) -> PageBody[StudentOut]:
    query = request.query_params
    page, enrolled = roster.list_session_students(
        wiring.deps(),
        identity,
        parse_session_id(session_id),
        _divisions(query),
        page_request(query),
    )
    items = [StudentOut.enrolled_or_not(s, enrolled) for s in page.items]
    return PageBody[StudentOut].of(page, items)


def list_students(
    identity: Identity, center_id: str, request: Request
) -> PageBody[RosterStudentOut]:
    query = request.query_params
    page = roster.list_center_students(
        wiring.deps(), identity, center_id, _divisions(query), page_request(query)
    )
    return PageBody[RosterStudentOut].of(page, [RosterStudentOut.of(s) for s in page.items])


def _divisions(query: MultiDict | None) -> list[str]:
    """The classes asked (`?division=3E1&division=3E2`), blank ones left out."""
    # Chalice's MultiDict.getlist raises KeyError for an absent parameter.
    asked = query.getlist("division") if query and "division" in query else []
    return [d for d in asked if d.strip()]
