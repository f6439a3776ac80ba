"""Finalizing a session in three steps — issue reports and end screens, documents, comment —
saved as a draft along the way, validated once, then published by Pix staff."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import Actor, AuditAction, AuditEvent
from shared.domain.candidate import Candidate, candidate_not_found
from shared.domain.errors import WriteConflict
from shared.domain.finalization import (
    Finalization,
    FinalizationDraft,
    IssueReport,
    candidate_not_joined,
    check_finalization,
    finalization_form,
    issue_report_not_found,
    joined_candidates,
    mark_finalized,
    mark_processed,
    not_finalized,
    validate_issue_report,
)
from shared.domain.people import Identity
from shared.domain.session import Session, SessionStatus
from shared.domain.validation import is_identifier
from shared.services.attachments import AttachmentView, attachment_views
from shared.services.candidates import enrolled_candidates
from shared.services.ports import (
    CandidateRepository,
    Clock,
    Documents,
    FinalizationRepository,
    IssueReportRepository,
    SessionRepository,
    UserRepository,
)
from shared.services.sessions import get_session, session_of_member

# A pupil joining while the session is being validated moves its version: check again.
FINALIZE_ATTEMPTS = 3


class FinalizationView(BaseModel):
    """GET /sessions/{id}/finalization: the joined candidates with their reports, and the
    draft (or, once finalized, what was validated)."""

    model_config = ConfigDict(frozen=True)

    session: Session
    candidates: list[Candidate]
    reports: list[IssueReport]
    draft: FinalizationDraft
    attachments: list[AttachmentView]


def read_finalization(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    reports: IssueReportRepository,
    finalization: FinalizationRepository,
    documents: Documents,
    identity: Identity,
    session_id: int,
    clock: Clock,
) -> FinalizationView:
    session = get_session(sessions, users, identity, session_id)
    return _view(session, candidates, reports, finalization, documents, clock())


def save_draft(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    reports: IssueReportRepository,
    finalization: FinalizationRepository,
    documents: Documents,
    identity: Identity,
    session_id: int,
    form: Mapping[str, Any],
    clock: Clock,
) -> FinalizationView:
    """ "Sauvegarder": keep everything for later, without validating the session."""
    session = session_of_member(sessions, users, identity, session_id)
    session.ensure_not_finalized()
    joined = joined_candidates(enrolled_candidates(candidates, session))
    draft = finalization_form(session.id, form, joined)
    now = clock()
    saved = AuditEvent(
        session_id=session.id,
        at=now,
        actor=Actor.user(identity),
        action=AuditAction.FINALIZATION_DRAFT_SAVED,
        changes=_summary(draft),
    )
    try:
        finalization.save_draft(draft, saved)
    except WriteConflict as conflict:
        raise errors.session_already_finalized() from conflict
    return FinalizationView(
        session=session,
        candidates=joined,
        reports=reports.list_for_session(session.id),
        draft=draft,
        attachments=attachment_views(*documents, session.id, now),
    )


def add_issue_report(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    reports: IssueReportRepository,
    identity: Identity,
    session_id: int,
    candidate_id: str,
    form: Mapping[str, Any],
    clock: Clock,
    new_id: Callable[[], str],
) -> IssueReport:
    session = session_of_member(sessions, users, identity, session_id)
    session.ensure_not_finalized()
    candidate = next(
        (c for c in enrolled_candidates(candidates, session) if c.id == candidate_id), None
    )
    if candidate is None:
        raise candidate_not_found()
    if not candidate.has_joined:
        raise candidate_not_joined()
    values = validate_issue_report(form)
    now = clock()
    report = IssueReport(
        id=new_id(),
        session_id=session.id,
        candidate_id=candidate.id,
        created_at=now,
        created_by=identity.user_id,
        **values.model_dump(),
    )
    added = AuditEvent(
        session_id=session.id,
        at=now,
        actor=Actor.user(identity),
        action=AuditAction.ISSUE_REPORT_ADDED,
        changes=report.model_dump(mode="json", exclude={"session_id", "created_by"}),
    )
    try:
        reports.add(report, added)
    except WriteConflict as conflict:
        raise errors.session_already_finalized() from conflict
    return report


def delete_issue_report(
    sessions: SessionRepository,
    users: UserRepository,
    reports: IssueReportRepository,
    identity: Identity,
    session_id: int,
    report_id: str,
    clock: Clock,
) -> None:
    session = session_of_member(sessions, users, identity, session_id)
    session.ensure_not_finalized()
    report = reports.get(session.id, report_id) if is_identifier(report_id) else None
    if report is None:
        raise issue_report_not_found()
    deleted = AuditEvent(
        session_id=session.id,
        at=clock(),
        actor=Actor.user(identity),
        action=AuditAction.ISSUE_REPORT_DELETED,
        changes={"reportId": report.id, "candidateId": report.candidate_id},
    )
    try:
        reports.delete(report, deleted)
    except WriteConflict as conflict:
        if conflict.what == "session":
            raise errors.session_already_finalized() from conflict
        raise issue_report_not_found() from conflict


def finalize(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    finalization: FinalizationRepository,
    identity: Identity,
    session_id: int,
    form: Mapping[str, Any],
    clock: Clock,
) -> Session:
    """ "Valider": exactly once. Of concurrent validations one succeeds, the others get 409."""
    for attempt in range(FINALIZE_ATTEMPTS):
        session = session_of_member(sessions, users, identity, session_id)
        session.ensure_not_finalized()
        joined = joined_candidates(enrolled_candidates(candidates, session))
        submitted = finalization_form(session.id, form, joined)
        check_finalization(session, joined, submitted)
        now = clock()
        finalized = mark_finalized(session, now)
        final = Finalization(
            **submitted.model_dump(), finalized_at=now, finalized_by=identity.user_id
        )
        event = AuditEvent(
            session_id=session.id,
            at=now,
            actor=Actor.user(identity),
            action=AuditAction.SESSION_FINALIZED,
            changes=_summary(submitted),
        )
        try:
            finalization.finalize(finalized, final, event)
        except WriteConflict as conflict:
            fresh = sessions.get(session_id)
            if fresh is None or fresh.status is not SessionStatus.CREATED:
                raise errors.session_already_finalized() from conflict
            if attempt == FINALIZE_ATTEMPTS - 1:
                raise errors.version_mismatch() from conflict
            continue
        return finalized
    raise AssertionError("unreachable")


def publish(
    sessions: SessionRepository,
    users: UserRepository,
    finalization: FinalizationRepository,
    identity: Identity,
    session_id: int,
    clock: Clock,
) -> Session:
    """Pix staff hand the results back: FINALIZED → PROCESSED ("Résultats transmis par Pix")."""
    if not identity.is_pix_admin:
        raise errors.pix_admin_only()
    session = get_session(sessions, users, identity, session_id)
    now = clock()
    processed = mark_processed(session, now)
    event = AuditEvent(
        session_id=session.id,
        at=now,
        actor=Actor.user(identity),
        action=AuditAction.SESSION_PUBLISHED,
    )
    try:
        finalization.publish(processed, event)
    except WriteConflict as conflict:
        raise not_finalized() from conflict
    return processed


def _view(
    session: Session,
    candidates: CandidateRepository,
    reports: IssueReportRepository,
    finalization: FinalizationRepository,
    documents: Documents,
    now: datetime,
) -> FinalizationView:
    joined = joined_candidates(enrolled_candidates(candidates, session))
    saved: FinalizationDraft | None
    if session.status is SessionStatus.CREATED:
        saved = finalization.get_draft(session.id)
    else:
        saved = finalization.get_final(session.id)
    return FinalizationView(
        session=session,
        candidates=joined,
        reports=reports.list_for_session(session.id),
        draft=saved or FinalizationDraft(session_id=session.id),
        attachments=attachment_views(*documents, session.id, now),
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
