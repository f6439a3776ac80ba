"""The processing (`ProcessingRepository`): FakeProcessing and DynamoProcessing keep the same
promises — a transition only from the session as read (of two concurrent staff actions one
wins), the queues and their counts follow the session, a resolution and the session's
requiresAction written together, unfinalize all or nothing (the access code included), a
report found by its id alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.finalization import DynamoFinalization, DynamoIssueReports
from shared.adapters.dynamo.processing import DynamoProcessing
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain import errors
from shared.domain.audit import AuditAction
from shared.domain.finalization import Finalization, IssueReport, mark_finalized, mark_processed
from shared.domain.issue_reports import IssueCategory
from shared.domain.processing import (
    Queue,
    QueueStatus,
    StaffMember,
    assign,
    resolve,
    unfinalize,
    unpublish,
    with_access_code,
    with_requires_action,
)
from shared.domain.session import SessionStatus
from shared.services.ports import (
    FinalizationRepository,
    IssueReportRepository,
    ProcessingRepository,
    SessionRepository,
)
from tests.fakes import FakeFinalization, FakeIssueReports, FakeProcessing, FakeSessions, an_event
from tests.integration.contract import (
    BACKENDS,
    NOW,
    code_is_taken,
    open_session,
    stack_of,
    stored,
)

ANNE = StaffMember(user_id="anne", name="Anne Pix")
BOB = StaffMember(user_id="bob", name="Bob Pix")


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    finalization: FinalizationRepository
    processing: ProcessingRepository
    issue_reports: IssueReportRepository


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        finalization = FakeFinalization(sessions)
        reports = FakeIssueReports(sessions)
        return Stores(
            sessions, finalization, FakeProcessing(sessions, reports, finalization), reports
        )
    table = stack.table_name
    return Stores(
        DynamoSessions(table, client=aws.dynamodb),
        DynamoFinalization(table, client=aws.dynamodb),
        DynamoProcessing(table, client=aws.dynamodb),
        DynamoIssueReports(table, client=aws.dynamodb),
    )


def a_report(session_id: int, report_id: str = "r-1") -> IssueReport:
    return IssueReport(
        id=report_id,
        session_id=session_id,
        candidate_id="c-1",
        category=IssueCategory.TECHNICAL_PROBLEM,
        description="Coupure réseau",
        created_at=NOW,
        created_by="alice",
    )


def finalized(
    stores: Stores, code: str, minutes: int, action: bool, report: str | None = None
) -> int:
    """A finalized session (with an impactful report `report` sent before, if named)."""
    session = open_session(stores.sessions, code=code)
    if report is not None:
        stores.issue_reports.add(a_report(session.id, report), an_event(session.id))
    done = mark_finalized(
        stored(stores.sessions, session.id),
        NOW + timedelta(minutes=minutes),
        requires_action=action,
    )
    final = Finalization(session_id=session.id, finalized_at=NOW, finalized_by="alice")
    stores.finalization.finalize(done, final, an_event(session.id, AuditAction.SESSION_FINALIZED))
    return session.id


def test_queues_are_ordered_counted_and_follow_a_transition(stores: Stores) -> None:
    late = finalized(stores, "BCDF23", 30, True)
    early = finalized(stores, "BCDF24", 10, False)
    everything = Queue(status=QueueStatus.FINALIZED)
    page = stores.processing.list_queue(everything, 0, 1, None)
    assert [s.id for s in page.sessions] == [early] and page.more
    action = Queue(status=QueueStatus.FINALIZED, requires_action=True)
    assert [s.id for s in stores.processing.list_queue(action, 0, 10, None).sessions] == [late]
    assert stores.processing.counts().get("FINALIZED#ACTION") == 1

    before = stored(stores.sessions, late)
    taken = assign(before, ANNE)
    assert taken is not None
    stores.processing.transition(before, taken, an_event(late, AuditAction.SESSION_ASSIGNED))
    counts = stores.processing.counts()
    assert (counts.get("FINALIZED#ACTION"), counts.get("IN_PROCESS#ACTION")) == (0, 1)
    in_process = Queue(status=QueueStatus.IN_PROCESS)
    assert [s.id for s in stores.processing.list_queue(in_process, 0, 10, None).sessions] == [late]


def test_of_two_staff_members_acting_at_once_one_wins(stores: Stores) -> None:
    sid = finalized(stores, "BCDF23", 10, True)
    read_by_both = stored(stores.sessions, sid)
    by_anne, by_bob = assign(read_by_both, ANNE), assign(read_by_both, BOB)
    assert by_anne is not None and by_bob is not None
    stores.processing.transition(read_by_both, by_anne, an_event(sid))
    with pytest.raises(errors.WriteConflict) as lost:
        stores.processing.transition(read_by_both, by_bob, an_event(sid))
    assert lost.value.what is errors.Conflicting.SESSION
    assert stored(stores.sessions, sid).assigned_to == "anne"
    assert stores.processing.counts().get("IN_PROCESS#ACTION") == 1


def counted(stores: Stores, *names: str) -> tuple[int, ...]:
    counts = stores.processing.counts()
    return tuple(counts.get(name, 0) for name in names)


def queued(stores: Stores, status: QueueStatus, action: bool | None = None) -> list[int]:
    queue = Queue(status=status, requires_action=action)
    return [s.id for s in stores.processing.list_queue(queue, 0, 50, None).sessions]


# --- reports ------------------------------------------------------------------------------


def test_a_report_is_found_by_its_id_alone(stores: Stores) -> None:
    sid = finalized(stores, "BCDF23", 10, True, report="r-found")
    found = stores.processing.find_report("r-found")
    assert found is not None and (found.session_id, found.id) == (sid, "r-found")
    assert stores.processing.find_report("r-unknown") is None


def test_a_resolution_and_the_session_s_requires_action_are_written_together(
    stores: Stores,
) -> None:
    sid = finalized(stores, "BCDF23", 10, True, report="r-1")
    before = stored(stores.sessions, sid)
    report = stores.issue_reports.get(sid, "r-1")
    assert report is not None
    resolved = resolve(report, "Épreuve neutralisée", ANNE, NOW)
    after = with_requires_action(before, "", [resolved])
    assert after.requires_action is False

    stores.processing.resolve_report(resolved, before, after, an_event(sid))

    assert stored(stores.sessions, sid).requires_action is False
    again = stores.issue_reports.get(sid, "r-1")
    assert again is not None and again.resolution == "Épreuve neutralisée"
    assert counted(stores, "FINALIZED#ACTION", "FINALIZED#NO_ACTION") == (0, 1)
    assert queued(stores, QueueStatus.FINALIZED, True) == []
    assert queued(stores, QueueStatus.FINALIZED, False) == [sid]


def test_of_two_resolutions_from_the_same_read_the_second_is_refused(stores: Stores) -> None:
    sid = finalized(stores, "BCDF23", 10, True, report="r-1")
    before = stored(stores.sessions, sid)
    report = stores.issue_reports.get(sid, "r-1")
    assert report is not None
    first = resolve(report, "Première", ANNE, NOW)
    second = resolve(report, "Seconde", BOB, NOW)
    stores.processing.resolve_report(
        first, before, with_requires_action(before, "", [first]), an_event(sid)
    )
    with pytest.raises(errors.WriteConflict) as lost:
        stores.processing.resolve_report(
            second, before, with_requires_action(before, "", [second]), an_event(sid)
        )
    assert lost.value.what is errors.Conflicting.SESSION
    kept = stores.issue_reports.get(sid, "r-1")
    assert kept is not None and kept.resolution == "Première"
    assert counted(stores, "FINALIZED#ACTION", "FINALIZED#NO_ACTION") == (0, 1)


def test_a_resolution_after_an_unfinalize_is_refused_and_writes_nothing(stores: Stores) -> None:
    sid = finalized(stores, "BCDF23", 10, True, report="r-1")
    before = stored(stores.sessions, sid)
    report = stores.issue_reports.get(sid, "r-1")
    assert report is not None
    reopened = unfinalize(before, stores.finalization.get_final(sid), NOW)
    stores.processing.unfinalize(before, reopened, an_event(sid))

    resolved = resolve(report, "Trop tard", ANNE, NOW)
    with pytest.raises(errors.WriteConflict) as lost:
        stores.processing.resolve_report(
            resolved, before, with_requires_action(before, "", [resolved]), an_event(sid)
        )
    assert lost.value.what is errors.Conflicting.SESSION
    assert stored(stores.sessions, sid).status is SessionStatus.CREATED
    kept = stores.issue_reports.get(sid, "r-1")
    assert kept is not None and kept.resolution is None
    assert counted(stores, "FINALIZED#ACTION", "FINALIZED#NO_ACTION") == (0, 0)


# --- unfinalize -----------------------------------------------------------------------------


def test_unfinalize_opens_the_session_with_its_draft_and_its_code(stores: Stores) -> None:
    sid = finalized(stores, "BCDF23", 10, True)
    before = stored(stores.sessions, sid)
    reopened = unfinalize(before, stores.finalization.get_final(sid), NOW)

    stores.processing.unfinalize(before, reopened, an_event(sid))

    after = stored(stores.sessions, sid)
    assert (after.status, after.access_code, after.finalized_at) == (
        SessionStatus.CREATED,
        "BCDF23",
        None,
    )
    assert stores.finalization.get_final(sid) is None
    assert stores.finalization.get_draft(sid) == reopened.draft
    assert counted(stores, "FINALIZED#ACTION") == (0,)
    assert queued(stores, QueueStatus.FINALIZED) == []
    assert code_is_taken(stores.sessions, "BCDF23")


def test_unfinalize_with_a_code_taken_meanwhile_writes_nothing_until_a_new_code(
    stores: Stores,
) -> None:
    sid = finalized(stores, "BCDF23", 10, True)
    newcomer = open_session(stores.sessions, code="BCDF23")  # released at finalization
    before = stored(stores.sessions, sid)
    reopened = unfinalize(before, stores.finalization.get_final(sid), NOW)

    with pytest.raises(errors.AccessCodeTaken):
        stores.processing.unfinalize(before, reopened, an_event(sid))
    assert stored(stores.sessions, sid).status is SessionStatus.FINALIZED
    assert stores.finalization.get_final(sid) is not None
    assert stores.finalization.get_draft(sid) is None
    assert counted(stores, "FINALIZED#ACTION") == (1,)

    redrawn = reopened.model_copy(update={"session": with_access_code(reopened.session, "BCDF99")})
    stores.processing.unfinalize(before, redrawn, an_event(sid))
    assert stored(stores.sessions, sid).access_code == "BCDF99"
    assert stored(stores.sessions, newcomer.id).access_code == "BCDF23"
    assert code_is_taken(stores.sessions, "BCDF99")
    assert counted(stores, "FINALIZED#ACTION") == (0,)


# --- publish and unpublish --------------------------------------------------------------------


def test_publish_and_unpublish_move_the_session_between_queues(stores: Stores) -> None:
    sid = finalized(stores, "BCDF23", 10, False)
    before = stored(stores.sessions, sid)
    taken = assign(before, ANNE)
    assert taken is not None
    stores.processing.transition(before, taken, an_event(sid))
    published = mark_processed(taken, NOW)
    stores.processing.transition(taken, published, an_event(sid))
    assert queued(stores, QueueStatus.PROCESSED) == [sid]
    assert counted(stores, "IN_PROCESS#NO_ACTION", "PROCESSED#NO_ACTION") == (0, 1)

    back = unpublish(published, BOB)
    stores.processing.transition(published, back, an_event(sid))
    assert stored(stores.sessions, sid).status is SessionStatus.IN_PROCESS
    assert counted(stores, "IN_PROCESS#NO_ACTION", "PROCESSED#NO_ACTION") == (1, 0)
    with pytest.raises(errors.WriteConflict):  # the same withdrawal, from the old read
        stores.processing.transition(published, back, an_event(sid))


def test_publish_only_a_finalized_or_in_process_session(stores: Stores) -> None:
    """Publishing from a read made before another staff member sent the session back to the
    school is refused: the session stays open, nothing is counted as processed."""
    sid = finalized(stores, "BCDF23", 10, False)
    before = stored(stores.sessions, sid)
    stores.processing.unfinalize(
        before, unfinalize(before, stores.finalization.get_final(sid), NOW), an_event(sid)
    )
    with pytest.raises(errors.WriteConflict) as lost:
        stores.processing.transition(before, mark_processed(before, NOW), an_event(sid))
    assert lost.value.what is errors.Conflicting.SESSION
    assert stored(stores.sessions, sid).status is SessionStatus.CREATED
    assert counted(stores, "PROCESSED#NO_ACTION", "FINALIZED#NO_ACTION") == (0, 0)
    assert queued(stores, QueueStatus.PROCESSED) == []
