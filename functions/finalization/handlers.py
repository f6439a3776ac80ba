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
from shared.domain.people import Identity
from shared.services import finalization
from shared.services.sessions import parse_session_id


def read_draft(identity: Identity, session_id: str) -> FinalizationOut:
    view = finalization.read_finalization(
        wiring.sessions(),
        wiring.users(),
        wiring.candidates(),
        wiring.issue_reports(),
        wiring.finalization(),
        wiring.documents(),
        identity,
        parse_session_id(session_id),
        wiring.clock,
    )
    return FinalizationOut.of(view)


def save_draft(identity: Identity, session_id: str, body: FinalizationBody) -> FinalizationOut:
    view = finalization.save_draft(
        wiring.sessions(),
        wiring.users(),
        wiring.candidates(),
        wiring.issue_reports(),
        wiring.finalization(),
        wiring.documents(),
        identity,
        parse_session_id(session_id),
        body.form(),
        wiring.clock,
    )
    return FinalizationOut.of(view)


def add_issue_report(
    identity: Identity, session_id: str, candidate_id: str, body: IssueReportBody
) -> IssueReportOut:
    report = finalization.add_issue_report(
        wiring.sessions(),
        wiring.users(),
        wiring.candidates(),
        wiring.issue_reports(),
        identity,
        parse_session_id(session_id),
        candidate_id,
        body.present_fields(),
        wiring.clock,
        wiring.new_id,
    )
    return IssueReportOut.of(report)


def delete_issue_report(identity: Identity, session_id: str, report_id: str) -> None:
    finalization.delete_issue_report(
        wiring.sessions(),
        wiring.users(),
        wiring.issue_reports(),
        identity,
        parse_session_id(session_id),
        report_id,
        wiring.clock,
    )


def finalize(identity: Identity, session_id: str, body: FinalizationBody) -> SessionOut:
    session = finalization.finalize(
        wiring.sessions(),
        wiring.users(),
        wiring.candidates(),
        wiring.finalization(),
        identity,
        parse_session_id(session_id),
        body.form(),
        wiring.clock,
    )
    return SessionOut.of(session)


def publish(identity: Identity, session_id: str) -> SessionOut:
    session = finalization.publish(
        wiring.sessions(),
        wiring.users(),
        wiring.finalization(),
        identity,
        parse_session_id(session_id),
        wiring.clock,
    )
    return SessionOut.of(session)
