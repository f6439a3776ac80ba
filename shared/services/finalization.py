"""Finalizing a session in three steps — issue reports and end screens, documents, comment —
saved as a draft along the way, validated once, then published by Pix staff."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import Audit, AuditAction
from shared.domain.candidate import Candidate, candidate_not_found
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.finalization import (
    Finalization,
    FinalizationDraft,
    FinalizationInput,
    IssueReport,
    IssueReportInput,
    candidate_not_joined,
    check_finalization,
    finalization_form,
    issue_report_not_found,
    joined_candidates,
    mark_finalized,
    mark_processed,
    validate_issue_report,
)
from shared.domain.people import Caller, Identity
from shared.domain.processing import (
    ensure_nothing_missing,
    ensure_publishable_state,
    requires_action,
    results_published_emails,
)
from shared.domain.session import Session, SessionStatus
from shared.domain.validation import is_identifier
from shared.observability import logger
from shared.services.attachments import AttachmentView, attachment_views
from shared.services.compliance import admin_addresses
from shared.services.dependencies import Dependencies
from shared.services.processing import staff_audit, staff_member
from shared.services.retry import retrying
from shared.services.sessions import (
    enrolled_candidates,
    session_of_caller,
    session_of_member,
)


class FinalizationView(BaseModel):
    """GET /sessions/{id}/finalization: the joined candidates with their reports, and the
    draft (or, once finalized, what was validated)."""

    model_config = ConfigDict(frozen=True)

    session: Session
    candidates: list[Candidate]
    reports: list[IssueReport]
    draft: FinalizationDraft
    attachments: list[AttachmentView]


def read_finalization(deps: Dependencies, identity: Identity, session_id: int) -> FinalizationView:
    session = session_of_member(deps, identity, session_id)
    saved: FinalizationDraft | None
    if session.status is SessionStatus.CREATED:
        saved = deps.finalization.get_draft(session.id)
    else:
        saved = deps.finalization.get_final(session.id)
    return _view(deps, session, saved or FinalizationDraft(session_id=session.id))


def save_draft(
    deps: Dependencies, identity: Identity, session_id: int, form: FinalizationInput
) -> FinalizationView:
    """ "Sauvegarder": keep everything for later, without validating the session."""
    session = session_of_member(deps, identity, session_id)
    session.ensure_not_finalized()
    joined = joined_candidates(enrolled_candidates(deps.candidates, session))
    draft = finalization_form(session.id, form, joined)
    saved = Audit.by(identity, deps.clock()).event(
        session.id, AuditAction.FINALIZATION_DRAFT_SAVED, _summary(draft)
    )
    try:
        deps.finalization.save_draft(draft, saved)
    except WriteConflict as conflict:
        raise errors.session_already_finalized() from conflict
    return _view(deps, session, draft, joined)


def add_issue_report(
    deps: Dependencies,
    caller: Caller,
    session_id: int,
    candidate_id: str,
    form: IssueReportInput,
) -> IssueReport:
    """By a member, or by the invigilator during the session: the report is in the draft."""
    session = session_of_caller(deps, caller, session_id)
    session.ensure_not_finalized()
    candidate = next(
        (c for c in enrolled_candidates(deps.candidates, session) if c.id == candidate_id), None
    )
    if candidate is None:
        raise candidate_not_found()
    if not candidate.has_joined:
        raise candidate_not_joined()
    values = validate_issue_report(form)
    now = deps.clock()
    report = IssueReport(
        id=deps.new_id(),
        session_id=session.id,
        candidate_id=candidate.id,
        created_at=now,
        created_by=Audit.by(caller, now).actor.id,
        **values.model_dump(),
    )
    added = Audit.by(caller, now).event(
        session.id,
        AuditAction.ISSUE_REPORT_ADDED,
        report.model_dump(mode="json", exclude={"session_id", "created_by"}),
    )
    try:
        deps.issue_reports.add(report, added)
    except WriteConflict as conflict:
        raise errors.session_already_finalized() from conflict
    return report


def delete_issue_report(
    deps: Dependencies, identity: Identity, session_id: int, report_id: str
) -> None:
    session = session_of_member(deps, identity, session_id)
    session.ensure_not_finalized()
    report = deps.issue_reports.get(session.id, report_id) if is_identifier(report_id) else None
    if report is None:
        raise issue_report_not_found()
    deleted = Audit.by(identity, deps.clock()).event(
        session.id,
        AuditAction.ISSUE_REPORT_DELETED,
        {"reportId": report.id, "candidateId": report.candidate_id},
    )
    try:
        deps.issue_reports.delete(report, deleted)
    except WriteConflict as conflict:
        if conflict.what is Conflicting.SESSION:
            raise errors.session_already_finalized() from conflict
        raise issue_report_not_found() from conflict


def finalize(
    deps: Dependencies, identity: Identity, session_id: int, form: FinalizationInput
) -> Session:
    """ "Valider": exactly once. Of concurrent validations one succeeds, the others get 409;
    a pupil joining meanwhile moves the session's version: check everything again."""

    def attempt() -> Session:
        session = session_of_member(deps, identity, session_id)
        session.ensure_not_finalized()
        joined = joined_candidates(enrolled_candidates(deps.candidates, session))
        submitted = finalization_form(session.id, form, joined)
        check_finalization(session, joined, submitted)
        now = deps.clock()
        reports = deps.issue_reports.list_for_session(session.id)
        finalized = mark_finalized(
            session,
            now,
            requires_action=requires_action(submitted.examiner_global_comment, reports),
        )
        final = Finalization(
            **submitted.model_dump(), finalized_at=now, finalized_by=identity.user_id
        )
        event = Audit.by(identity, now).event(
            session.id, AuditAction.SESSION_FINALIZED, _summary(submitted)
        )
        deps.finalization.finalize(finalized, final, event)
        return finalized

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        fresh = deps.sessions.get(session_id)
        if fresh is None or fresh.status is not SessionStatus.CREATED:
            raise errors.session_already_finalized() from conflict
        if last:
            raise errors.version_mismatch() from conflict

    return retrying(attempt, on_conflict)


def publish(deps: Dependencies, identity: Identity, session_id: int) -> Session:
    """Pix staff hand the results back: FINALIZED or IN_PROCESS → PROCESSED ("Résultats
    transmis par Pix"), once every candidate who joined has a result and every impactful
    report is resolved; then the center's admins are e-mailed (a failed e-mail is logged,
    the publication stands)."""
    staff = staff_member(deps, identity)

    def attempt() -> Session:
        session = deps.sessions.get(session_id)
        if session is None:
            raise errors.session_not_found()
        now = deps.clock()
        ensure_publishable_state(session, now)  # a refusal reads nothing more
        ensure_nothing_missing(
            joined_candidates(enrolled_candidates(deps.candidates, session)),
            deps.results.list_for_session(session.id),
            deps.issue_reports.list_for_session(session.id),
        )
        processed = mark_processed(session, now)
        event = staff_audit(deps, identity, staff).event(
            session.id,
            AuditAction.SESSION_PUBLISHED,
            {"status": {"from": session.status.value, "to": processed.status.value}},
        )
        deps.processing.transition(session, processed, event)
        return processed

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        if last:
            raise errors.version_mismatch() from conflict

    processed = retrying(attempt, on_conflict)
    _email_publication(deps, processed, staff_audit(deps, identity, staff))
    return processed


def _email_publication(deps: Dependencies, session: Session, audit: Audit) -> None:
    if deps.web_address is None:
        logger.warning("results e-mails not sent: no web address (WEB_ORIGIN) configured")
        return
    recipients = admin_addresses(deps, session.center_id)
    if recipients is None:
        _email_failure(deps, session, audit, {"reason": "TEAM_NOT_READ"})
        return
    emails = results_published_emails(session, recipients, deps.web_address)
    failed = sum(1 for message in emails if not deps.mailer.send(message))
    if failed:
        logger.error("results e-mails failed", extra={"sessionId": session.id, "failed": failed})
        _email_failure(deps, session, audit, {"failed": failed, "recipients": len(recipients)})


def _email_failure(
    deps: Dependencies, session: Session, audit: Audit, changes: dict[str, Any]
) -> None:
    """In the session's trail, where the staff look: the school may not know yet."""
    event = audit.event(session.id, AuditAction.RESULTS_EMAIL_FAILED, changes)
    try:
        deps.events.record(event)
    except Exception as error:  # the publication is written: the answer must still say so
        logger.error(
            "results e-mail failure not recorded",
            extra={"sessionId": session.id, "reason": type(error).__name__},
        )


def _view(
    deps: Dependencies,
    session: Session,
    draft: FinalizationDraft,
    joined: list[Candidate] | None = None,
) -> FinalizationView:
    if joined is None:
        joined = joined_candidates(enrolled_candidates(deps.candidates, session))
    return FinalizationView(
        session=session,
        candidates=joined,
        reports=deps.issue_reports.list_for_session(session.id),
        draft=draft,
        attachments=attachment_views(deps, session.id, deps.clock()),
    )


def _summary(draft: FinalizationDraft) -> dict[str, Any]:
    return {
        "hasIncident": draft.has_incident,
        "hasJoiningIssue": draft.has_joining_issue,
        "commentLength": len(draft.examiner_global_comment),
        "endScreensSeen": sum(c.has_seen_end_test_screen for c in draft.candidates.values()),
        "aborted": {
            cid: c.abort_reason.value
            for cid, c in draft.candidates.items()
            if c.abort_reason is not None
        },
    }
