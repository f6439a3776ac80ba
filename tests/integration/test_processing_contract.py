"""The processing (`ProcessingRepository`): FakeProcessing and DynamoProcessing keep the same
promises — a transition only from the session as read (of two concurrent staff actions one
wins), the queues and their counts follow the session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.finalization import DynamoFinalization
from shared.adapters.dynamo.processing import DynamoProcessing
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain import errors
from shared.domain.audit import AuditAction
from shared.domain.finalization import Finalization, mark_finalized
from shared.domain.processing import Queue, QueueStatus, StaffMember, assign
from shared.services.ports import FinalizationRepository, ProcessingRepository, SessionRepository
from tests.fakes import FakeFinalization, FakeIssueReports, FakeProcessing, FakeSessions, an_event
from tests.integration.contract import BACKENDS, NOW, open_session, stack_of, stored

ANNE = StaffMember(user_id="anne", name="Anne Pix")
BOB = StaffMember(user_id="bob", name="Bob Pix")


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    finalization: FinalizationRepository
    processing: ProcessingRepository


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        finalization = FakeFinalization(sessions)
        return Stores(
            sessions,
            finalization,
            FakeProcessing(sessions, FakeIssueReports(sessions), finalization),
        )
    table = stack.table_name
    return Stores(
        DynamoSessions(table, client=aws.dynamodb),
        DynamoFinalization(table, client=aws.dynamodb),
        DynamoProcessing(table, client=aws.dynamodb),
    )


def finalized(stores: Stores, code: str, minutes: int, action: bool) -> int:
    session = open_session(stores.sessions, code=code)
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
