"""Processing by Pix staff (docs/processing.md): the queues, a session's full view, assigning,
the jury's comment, resolving issue reports, sending a session back to the school, and
withdrawing published results. Publication itself is in shared/services/finalization.py.

Every use case is for the `pix-admin` group only (403 PIX_ADMIN_REQUIRED), and every write is
one transaction with its event naming the staff member, conditioned on the session as read:
of two staff members acting at once, one wins and the other is told the session changed."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import Audit, AuditAction, AuditEvent
from shared.domain.candidate import Candidate
from shared.domain.codes import generate_access_code
from shared.domain.errors import AccessCodeTaken, Conflicting, WriteConflict
from shared.domain.finalization import (
    FinalizationDraft,
    IssueReport,
    issue_report_not_found,
    joined_candidates,
)
from shared.domain.pagination import PageRequest
from shared.domain.people import Identity
from shared.domain.processing import (
    Queue,
    QueuePage,
    QueuePosition,
    QueueStatus,
    StaffMember,
    assign,
    assigned_meanwhile,
    ensure_being_processed,
    ensure_pix_admin,
    queue_counter,
    queue_counts,
    resolve,
    unfinalize,
    unpublish,
    validate_jury_comment,
    validate_resolution,
    with_access_code,
    with_jury_comment,
    with_requires_action,
)
from shared.domain.results import CertificationResult
from shared.domain.session import Session, SessionStatus
from shared.domain.validation import is_identifier
from shared.services.attachments import AttachmentView, attachment_views
from shared.services.dependencies import Dependencies
from shared.services.retry import retrying
from shared.services.sessions import enrolled_candidates

# 17⁴ × 7² ≈ 4 million codes: a handful of tries always finds a free one.
ACCESS_CODE_ATTEMPTS = 10


class QueueQuery(BaseModel):
    model_config = ConfigDict(frozen=True)

    queue: Queue
    page: PageRequest
    cursor: str | None = None


class ProcessingView(BaseModel):
    """GET /admin/sessions/{id}: everything staff need to process the session."""

    model_config = ConfigDict(frozen=True)

    session: Session
    candidates: list[Candidate]
    reports: list[IssueReport]
    # The finalization as validated (or the draft, for a session not finalized).
    finalization: FinalizationDraft
    attachments: list[AttachmentView]
    results: list[CertificationResult]
    events: list[AuditEvent]


def staff_member(deps: Dependencies, identity: Identity) -> StaffMember:
    """The caller, if Pix staff, with the name shown in the queues and the trail."""
    ensure_pix_admin(identity)
    profile, _ = deps.users.get_user(identity.user_id)
    return StaffMember.of(identity, profile)


def staff_audit(deps: Dependencies, identity: Identity, staff: StaffMember) -> Audit:
    return Audit.by(identity, deps.clock(), label=staff.name)


def list_queue(deps: Dependencies, identity: Identity, query: QueueQuery) -> QueuePage:
    """A page of a queue, oldest finalization first: one Query (with a cursor, or for the
    first page) and one BatchGetItem of the counts, whatever the number of sessions."""
    ensure_pix_admin(identity)
    after = QueuePosition.parse(query.cursor) if query.cursor else None
    page = query.page
    found = deps.processing.list_queue(
        query.queue, 0 if after else page.offset, page.page_size, after
    )
    counts = queue_counts(deps.processing.counts())
    last = found.sessions[-1] if found.more and found.sessions else None
    return QueuePage(
        sessions=found.sessions,
        page=page.page,
        page_size=page.page_size,
        total=counts[queue_counter(query.queue.status, query.queue.requires_action)],
        next_cursor=QueuePosition.of(last).cursor() if last else None,
        counts=counts,
    )


def _session(deps: Dependencies, session_id: int) -> Session:
    session = deps.sessions.get(session_id)
    if session is None:
        raise errors.session_not_found()
    return session


def read_session(deps: Dependencies, identity: Identity, session_id: int) -> ProcessingView:
    """Any session, by its number (the staff screens' search), with its finalization."""
    ensure_pix_admin(identity)
    session = _session(deps, session_id)
    if session.status is SessionStatus.CREATED:
        saved = deps.finalization.get_draft(session.id)
    else:
        saved = deps.finalization.get_final(session.id)
    return ProcessingView(
        session=session,
        candidates=joined_candidates(enrolled_candidates(deps.candidates, session)),
        reports=deps.issue_reports.list_for_session(session.id),
        finalization=saved or FinalizationDraft(session_id=session.id),
        attachments=attachment_views(deps, session.id, deps.clock()),
        results=deps.results.list_for_session(session.id),
        events=deps.events.list_for_session(session.id),
    )


def _lost_race(
    deps: Dependencies, session_id: int, check: Callable[[Session], object]
) -> Callable[[WriteConflict, bool], None]:
    """After a lost race: the domain's 409 if the session's state now forbids the action,
    412 VERSION_MISMATCH once the retries are spent."""

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        if conflict.what is Conflicting.REPORT:
            raise issue_report_not_found() from conflict
        check(_session(deps, session_id))
        if last:
            raise errors.version_mismatch() from conflict

    return on_conflict


def assign_session(deps: Dependencies, identity: Identity, session_id: int) -> Session:
    """Take the session (IN_PROCESS), from the queue or from another staff member."""
    staff = staff_member(deps, identity)

    def attempt() -> Session:
        session = _session(deps, session_id)
        taken = assign(session, staff)
        if taken is None:
            return session
        event = staff_audit(deps, identity, staff).event(
            session.id,
            AuditAction.SESSION_ASSIGNED,
            {
                "assignedTo": {"from": session.assigned_to_name, "to": staff.name},
                "status": {"from": session.status.value, "to": taken.status.value},
            },
        )
        deps.processing.transition(session, taken, event)
        return taken

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        # Never retried: the retry would take the session from whoever just took it.
        fresh = _session(deps, session_id)
        ensure_being_processed(fresh)
        if fresh.status is SessionStatus.IN_PROCESS and fresh.assigned_to != staff.user_id:
            raise assigned_meanwhile(fresh.assigned_to_name or "") from conflict
        raise errors.version_mismatch() from conflict

    return retrying(attempt, on_conflict, attempts=1)


def set_jury_comment(
    deps: Dependencies, identity: Identity, session_id: int, comment: str | None
) -> Session:
    staff = staff_member(deps, identity)
    cleaned = validate_jury_comment(comment)

    def attempt() -> Session:
        session = _session(deps, session_id)
        changed = with_jury_comment(session, cleaned)
        if changed is None:
            return session
        event = staff_audit(deps, identity, staff).event(
            session.id, AuditAction.JURY_COMMENT_SET, {"commentLength": len(cleaned)}
        )
        deps.processing.transition(session, changed, event)
        return changed

    return retrying(attempt, _lost_race(deps, session_id, ensure_being_processed))


def resolve_report(
    deps: Dependencies, identity: Identity, report_id: str, resolution: str | None
) -> IssueReport:
    """Resolve (or re-word the resolution of) a report of a session being processed; the
    session's requiresAction is judged again in the same transaction."""
    staff = staff_member(deps, identity)
    found = deps.processing.find_report(report_id) if is_identifier(report_id) else None
    if found is None:
        raise issue_report_not_found()
    cleaned = validate_resolution(resolution)

    def attempt() -> IssueReport:
        session = _session(deps, found.session_id)
        # One Query gives the report and its siblings (requiresAction is judged on all).
        stored = deps.issue_reports.list_for_session(session.id)
        report = next((r for r in stored if r.id == report_id), None)
        if report is None:
            raise issue_report_not_found()
        ensure_being_processed(session)
        now = deps.clock()
        resolved = resolve(report, cleaned, staff, now)
        reports = [resolved if r.id == report.id else r for r in stored]
        final = deps.finalization.get_final(session.id)
        after = with_requires_action(
            session, final.examiner_global_comment if final else "", reports
        )
        event = staff_audit(deps, identity, staff).event(
            session.id,
            AuditAction.ISSUE_REPORT_RESOLVED,
            {
                "reportId": report.id,
                "resolution": cleaned,
                "requiresAction": {"from": session.requires_action, "to": after.requires_action},
            },
        )
        deps.processing.resolve_report(resolved, session, after, event)
        return resolved

    return retrying(attempt, _lost_race(deps, found.session_id, ensure_being_processed))


def unfinalize_session(deps: Dependencies, identity: Identity, session_id: int) -> Session:
    """Back to the school (CREATED): the finalization kept as its draft, its access code
    reserved again — another one if an open session has taken it meanwhile, which the event
    says —, 48 hours from now to finalize it again."""
    staff = staff_member(deps, identity)

    def attempt() -> Session:
        session = _session(deps, session_id)
        now = deps.clock()
        reopened = unfinalize(session, deps.finalization.get_final(session.id), now)
        audit = staff_audit(deps, identity, staff)
        changes: dict[str, object] = {
            "status": {"from": session.status.value, "to": SessionStatus.CREATED.value},
            "finalizationDeadline": reopened.session.finalization_deadline.isoformat(),
        }
        for _ in range(ACCESS_CODE_ATTEMPTS):
            event = audit.event(session.id, AuditAction.SESSION_UNFINALIZED, changes)
            try:
                deps.processing.unfinalize(session, reopened, event)
            except AccessCodeTaken:
                code = generate_access_code(deps.rng)
                reopened = reopened.model_copy(
                    update={"session": with_access_code(reopened.session, code)}
                )
                changes["accessCode"] = {
                    "from": session.access_code,
                    "to": code,
                    "reason": "Le code d'accès avait été attribué à une autre session.",
                }
                continue
            return reopened.session
        raise RuntimeError("no free access code found")

    def check(session: Session) -> None:
        unfinalize(session, None, deps.clock())

    return retrying(attempt, _lost_race(deps, session_id, check))


def unpublish_session(deps: Dependencies, identity: Identity, session_id: int) -> Session:
    """PROCESSED → IN_PROCESS: the results are the school's no more."""
    staff = staff_member(deps, identity)
    session = _session(deps, session_id)
    back = unpublish(session, staff)
    event = staff_audit(deps, identity, staff).event(
        session.id,
        AuditAction.SESSION_UNPUBLISHED,
        {"status": {"from": session.status.value, "to": back.status.value}},
    )
    try:
        deps.processing.transition(session, back, event)
    except WriteConflict as conflict:
        unpublish(_session(deps, session_id), staff)
        raise errors.version_mismatch() from conflict
    return back


# --- certif-admin backfill-processing -------------------------------------------------------

# Sessions read per BatchGetItem.
BACKFILL_BATCH = 100


class ProcessingBackfillReport(BaseModel):
    """What `certif-admin backfill-processing` did (or, dry run, would do)."""

    model_config = ConfigDict(frozen=True)

    sessions_visited: int
    # Finalized sessions put in their queue and counted, by queue (`FINALIZED#ACTION`…).
    queued: dict[str, int]
    # Found in no queue but changed (or queued) by someone else before the backfill wrote.
    skipped: list[int]
    reports_indexed: int


def backfill_processing(deps: Dependencies, *, dry_run: bool = False) -> ProcessingBackfillReport:
    """Data stored before the processing: the sessions finalized before the queues existed
    are filed in their queue with their requiresAction judged (the examiner's comment, the
    impactful reports not resolved) and counted — each in one transaction conditioned on
    its not being in a queue yet and unchanged since read —, and the issue reports written
    before they could be found by their id are indexed. Sessions are visited by number (1
    to the last one drawn: one BatchGetItem per 100), their reports with one Query each —
    no table scan. Safe to run again: what is done is not done twice, counters included."""
    last = deps.processing.last_session_id()
    visited = reports = 0
    queued: dict[str, int] = {}
    skipped: list[int] = []
    for start in range(1, last + 1, BACKFILL_BATCH):
        numbers = list(range(start, min(start + BACKFILL_BATCH, last + 1)))
        for stored in deps.processing.read_sessions(numbers):
            visited += 1
            session = stored.session
            for report in deps.processing.unindexed_reports(session.id):
                if dry_run or deps.processing.index_report(report):
                    reports += 1
            if not stored.needs_queueing:
                continue
            final = deps.finalization.get_final(session.id)
            judged = with_requires_action(
                session,
                final.examiner_global_comment if final else "",
                deps.issue_reports.list_for_session(session.id),
            )
            if dry_run or deps.processing.enqueue(session, judged):
                name = queue_counter(QueueStatus(session.status.value), judged.requires_action)
                queued[name] = queued.get(name, 0) + 1
            else:
                skipped.append(session.id)
    return ProcessingBackfillReport(
        sessions_visited=visited, queued=queued, skipped=skipped, reports_indexed=reports
    )
