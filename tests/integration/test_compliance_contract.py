"""The 48-hour rule's view of the sessions (`ComplianceRepository`): FakeCompliance and
DynamoCompliance find the same sessions due and overdue, and record a sweep's verdict only on
a session that has not changed since it was judged.

SESSION_DAY's session (14/12/2026, 12:00 in Paris) ends at 12:45 UTC: its reminder falls on
15/12 at 12:45 UTC, its deadline on 16/12 at 12:45 UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.compliance import DynamoCompliance
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain.session import Session
from shared.services.ports import ComplianceRepository, SessionRepository
from tests.fakes import FakeCompliance, FakeSessions, an_event
from tests.integration.contract import BACKENDS, close, open_session, stack_of, stored

SESSION_DAY = date(2026, 12, 14)
REMINDER = datetime(2026, 12, 15, 12, 45, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 16, 12, 45, tzinfo=UTC)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    compliance: ComplianceRepository

    def session(self, day: date = SESSION_DAY, code: str = "BCDF23") -> Session:
        return open_session(self.sessions, code=code, day=day)

    def due(self, now: datetime) -> set[int]:
        return {s.id for s in self.compliance.due(now)}

    def remind(self, judged: Session) -> bool:
        return self.compliance.record(judged, reminded(judged))

    def flag(self, judged: Session) -> bool:
        return self.compliance.record(judged, flagged(judged))


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        return Stores(sessions, FakeCompliance(sessions))
    return Stores(
        sessions=DynamoSessions(stack.table_name, client=aws.dynamodb),
        compliance=DynamoCompliance(stack.table_name, client=aws.dynamodb),
    )


def reminded(session: Session) -> Session:
    return session.model_copy(update={"reminder_sent": True})


def flagged(session: Session) -> Session:
    return session.model_copy(update={"reminder_sent": True, "finalization_overdue": True})


def as_recorded(judged: Session, after: Session) -> Session:
    """The stored session once `after` is recorded: the two flags, and one more version."""
    return judged.model_copy(
        update={
            "reminder_sent": after.reminder_sent,
            "finalization_overdue": after.finalization_overdue,
            "version": judged.version + 1,
        }
    )


# --- what is due --------------------------------------------------------------------------------


def test_a_session_is_due_from_its_reminder_instant(stores: Stores) -> None:
    # Given sessions on 14/12 and 15/12, and one on 20/12
    first = stores.session(SESSION_DAY, "BCDF23")
    second = stores.session(SESSION_DAY + DAY, "BCDF24")
    stores.session(date(2026, 12, 20), "BCDF26")

    # Then each is due from its reminder's instant on, not a second before
    assert first.finalization_deadline == DEADLINE
    assert stores.due(REMINDER - SECOND) == set()
    assert stores.due(REMINDER) == {first.id}
    assert stores.due(REMINDER + DAY - SECOND) == {first.id}
    assert stores.due(REMINDER + DAY) == {first.id, second.id}


def test_once_reminded_a_session_is_due_at_its_deadline(stores: Stores) -> None:
    session = stores.session()

    assert stores.remind(session)

    assert stored(stores.sessions, session.id) == as_recorded(session, reminded(session))
    assert stores.due(DEADLINE - SECOND) == set()
    assert stores.due(DEADLINE) == {session.id}


def test_once_flagged_a_session_is_overdue_not_due(stores: Stores) -> None:
    session = stores.session()
    assert stores.remind(session)

    assert stores.flag(stored(stores.sessions, session.id))

    assert stores.due(DEADLINE + 30 * DAY) == set()
    assert [s.id for s in stores.compliance.overdue()] == [session.id]


def test_overdue_sessions_come_oldest_deadline_first(stores: Stores) -> None:
    # Given three sessions flagged in an order that is not their deadlines'
    later = stores.session(SESSION_DAY + 2 * DAY, "BCDF23")
    earliest = stores.session(SESSION_DAY, "BCDF24")
    middle = stores.session(SESSION_DAY + DAY, "BCDF26")
    same_deadline = stores.session(SESSION_DAY + DAY, "BCDF27")
    for session in (middle, later, same_deadline, earliest):
        assert stores.flag(session)

    # Then they are listed by deadline, then by number
    assert [s.id for s in stores.compliance.overdue()] == [
        earliest.id,
        middle.id,
        same_deadline.id,
        later.id,
    ]
    assert [s.finalization_overdue for s in stores.compliance.overdue()] == [True] * 4


def test_a_finalized_session_is_neither_due_nor_overdue(stores: Stores) -> None:
    waiting = stores.session(code="BCDF23")
    overdue = stores.session(code="BCDF24")
    assert stores.flag(overdue)

    close(stores.sessions, waiting)
    close(stores.sessions, stored(stores.sessions, overdue.id))

    assert stores.due(DEADLINE + DAY) == set()
    assert stores.compliance.overdue() == []


def test_a_skipped_reminder_is_due_again_when_the_session_moves(stores: Stores) -> None:
    # Given a session nobody joined, whose reminder the sweep skipped
    session = stores.session()
    assert stores.remind(session)
    current = stored(stores.sessions, session.id)

    # When it is moved a week later (its deadline with it)
    moved = current.with_details(current.details.model_copy(update={"date": SESSION_DAY + 7 * DAY}))
    assert not moved.reminder_sent
    stores.sessions.save(moved, current.version, an_event(session.id))

    # Then it is due again at its new reminder
    assert stores.due(REMINDER + 7 * DAY - SECOND) == set()
    assert stores.due(REMINDER + 7 * DAY) == {session.id}


def test_an_overdue_session_stays_overdue_when_its_deadline_moves(stores: Stores) -> None:
    # Given a session flagged overdue
    session = stores.session()
    assert stores.flag(session)
    current = stored(stores.sessions, session.id)

    # When it is moved a week later (its deadline with it)
    moved = current.with_details(current.details.model_copy(update={"date": SESSION_DAY + 7 * DAY}))
    assert moved.finalization_overdue and moved.reminder_sent
    stores.sessions.save(moved, current.version, an_event(session.id))

    # Then it is still listed overdue, under its new deadline, and never due again
    assert [s.id for s in stores.compliance.overdue()] == [session.id]
    assert stores.compliance.overdue()[0].finalization_deadline == DEADLINE + 7 * DAY
    assert stores.due(DEADLINE + 30 * DAY) == set()


# --- recording a verdict --------------------------------------------------------------------------


def test_a_verdict_is_recorded_once(stores: Stores) -> None:
    """Two sweeps judged the same session: only the first records (and so notifies)."""
    session = stores.session()

    assert stores.remind(session)
    assert not stores.remind(session)

    assert stored(stores.sessions, session.id) == as_recorded(session, reminded(session))


def test_no_verdict_on_a_session_whose_deadline_moved(stores: Stores) -> None:
    # Given a session judged, then moved to another day by an edit
    judged = stores.session()
    moved = judged.with_details(judged.details.model_copy(update={"date": SESSION_DAY + DAY}))
    stores.sessions.save(moved, judged.version, an_event(judged.id))

    # When the verdict on the session as judged is recorded, then it is refused
    assert not stores.flag(judged)
    assert stored(stores.sessions, judged.id) == moved


def test_no_verdict_on_a_finalized_or_missing_session(stores: Stores) -> None:
    judged = stores.session()
    finalized = close(stores.sessions, judged)

    assert not stores.flag(judged)
    assert stored(stores.sessions, judged.id) == finalized
    assert not stores.flag(judged.model_copy(update={"id": 424_242}))
    assert stores.sessions.get(424_242) is None


def test_verdicts_recorded_together_answer_one_by_one(stores: Stores) -> None:
    # Given three sessions judged, the second of which another sweep reminded meanwhile
    first = stores.session(code="BCDF23")
    raced = stores.session(code="BCDF24")
    third = stores.session(code="BCDF26")
    assert stores.remind(raced)

    # When the three verdicts are recorded together
    answers = stores.compliance.record_all(
        [(first, reminded(first)), (raced, reminded(raced)), (third, flagged(third))]
    )

    # Then each answer says whether that verdict was recorded
    assert answers == [True, False, True]
    assert stored(stores.sessions, first.id) == as_recorded(first, reminded(first))
    assert stored(stores.sessions, raced.id) == as_recorded(raced, reminded(raced))
    assert stored(stores.sessions, third.id) == as_recorded(third, flagged(third))
    assert stores.compliance.record_all([]) == []


def test_verdicts_recorded_together_when_nothing_raced(stores: Stores) -> None:
    sessions = [stores.session(code=code) for code in ("BCDF23", "BCDF24")]

    assert stores.compliance.record_all([(s, reminded(s)) for s in sessions]) == [True, True]
    assert stores.due(REMINDER) == set()
    assert stores.due(DEADLINE) == {s.id for s in sessions}
