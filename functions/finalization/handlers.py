"""Finalization: the draft, issue reports, validation, publication by Pix staff."""

from __future__ import annotations

from functions import wiring
from functions.finalization.schemas import (
    FinalizationBody,
    FinalizationOut,
    IssueReportBody,
    IssueReportOut,
)
from functions.sessions.schemas import SessionOut
from shared.domain.people import Caller, Identity
from shared.domain.session import parse_session_id
from shared.services import finalization


def read_draft(identity: Identity, session_id: str) -> FinalizationOut:
    view = finalization.read_finalization(wiring.deps(), identity, parse_session_id(session_id))
    return FinalizationOut.of(view)


def save_draft(identity: Identity, session_id: str, body: FinalizationBody) -> FinalizationOut:
    view = finalization.save_draft(wiring.deps(), identity, parse_session_id(session_id), body)
    return FinalizationOut.of(view)


def add_issue_report(
    identity: Caller, session_id: str, candidate_id: str, body: IssueReportBody
) -> IssueReportOut:
    report = finalization.add_issue_report(
        wiring.deps(), identity, parse_session_id(session_id), candidate_id, body
    )
    return IssueReportOut.of(report)


def delete_issue_report(identity: Identity, session_id: str, report_id: str) -> None:
    finalization.delete_issue_report(
        wiring.deps(), identity, parse_session_id(session_id), report_id
    )


def finalize(identity: Identity, session_id: str, body: FinalizationBody) -> SessionOut:
    session = finalization.finalize(wiring.deps(), identity, parse_session_id(session_id), body)
    return SessionOut.of(session)


def publish(identity: Identity, session_id: str) -> SessionOut:
    session = finalization.publish(wiring.deps(), identity, parse_session_id(session_id))
    return SessionOut.of(session)
