"""The audit trail (`EventRepository`): FakeEvents and DynamoEvents keep the same promises.

Events are written beside the change they describe (here: the sessions' own writes); the port
only reads them back, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain import errors
from shared.domain.audit import Actor, ActorType, AuditAction, AuditEvent
from shared.services.ports import EventRepository, SessionRepository
from tests.fakes import FakeSessions
from tests.integration.contract import BACKENDS, NOW, a_session, stack_of, stored


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    events: EventRepository


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        return Stores(sessions=sessions, events=sessions.events)
    return Stores(
        sessions=DynamoSessions(stack.table_name, client=aws.dynamodb),
        events=DynamoEvents(stack.table_name, client=aws.dynamodb),
    )


def event(
    session_id: int,
    at: timedelta = timedelta(0),
    action: AuditAction = AuditAction.SESSION_UPDATED,
    **changes: Any,
) -> AuditEvent:
    """An event `at` after NOW."""
    return AuditEvent(
        session_id=session_id,
        at=NOW + at,
        actor=Actor(type=ActorType.USER, id="alice", label="alice@anne-frank.test"),
        action=action,
        changes=changes,
    )


def edit(stores: Stores, session_id: int, described_by: AuditEvent) -> None:
    """A version-checked save of the session, recorded by `described_by`."""
    current = stored(stores.sessions, session_id)
    stores.sessions.save(
        current.model_copy(update={"version": current.version + 1}),
        current.version,
        described_by,
    )


def test_a_trail_is_read_oldest_first_whatever_the_order_of_writing(stores: Stores) -> None:
    # Given a session created at NOW, then edited by events dated out of order
    session = a_session(stores.sessions.next_session_id())
    created = event(session.id, action=AuditAction.SESSION_CREATED)
    stores.sessions.add(session, created)
    late = event(session.id, timedelta(hours=2), room={"from": "A", "to": "B"})
    early = event(session.id, timedelta(minutes=1), room={"from": "B", "to": "C"})
    edit(stores, session.id, late)
    edit(stores, session.id, early)

    # When the trail is read, then it is in time order
    assert stores.events.list_for_session(session.id) == [created, early, late]


def test_events_of_the_same_instant_keep_their_order_of_writing(stores: Stores) -> None:
    session = a_session(stores.sessions.next_session_id())
    first = event(session.id, action=AuditAction.SESSION_CREATED)
    stores.sessions.add(session, first)
    second, third = event(session.id, room=1), event(session.id, room=2)
    edit(stores, session.id, second)
    edit(stores, session.id, third)

    assert stores.events.list_for_session(session.id) == [first, second, third]


def test_a_trail_is_its_sessions_own(stores: Stores) -> None:
    one = a_session(stores.sessions.next_session_id(), code="BCDF23")
    other = a_session(stores.sessions.next_session_id(), code="BCDF24")
    stores.sessions.add(one, event(one.id, action=AuditAction.SESSION_CREATED))
    stores.sessions.add(other, event(other.id, action=AuditAction.SESSION_CREATED))

    assert [e.session_id for e in stores.events.list_for_session(one.id)] == [one.id]
    assert stores.events.list_for_session(999_999) == []


def test_an_event_round_trips_with_its_actor_and_changes(stores: Stores) -> None:
    session = a_session(stores.sessions.next_session_id())
    detailed = event(
        session.id,
        timedelta(seconds=1, microseconds=250_000),
        action=AuditAction.SESSION_CREATED,
        room={"from": "Salle 1", "to": "Salle 2"},
        candidates=["a", "b"],
        count=3,
        note=None,
    )
    stores.sessions.add(session, detailed)

    assert stores.events.list_for_session(session.id) == [detailed]


def test_a_refused_write_records_no_event(stores: Stores) -> None:
    # Given a session, and an edit made against a version that has moved
    session = a_session(stores.sessions.next_session_id())
    created = event(session.id, action=AuditAction.SESSION_CREATED)
    stores.sessions.add(session, created)
    stale = session.model_copy(update={"version": 5})

    # When the save is refused, then the trail is as it was
    with pytest.raises(errors.WriteConflict):
        stores.sessions.save(stale, 4, event(session.id, timedelta(minutes=1)))
    assert stores.events.list_for_session(session.id) == [created]


def test_events_within_one_second_are_in_time_order(stores: Stores) -> None:
    session = a_session(stores.sessions.next_session_id())
    on_the_second = event(session.id, action=AuditAction.SESSION_CREATED)
    stores.sessions.add(session, on_the_second)
    half_a_second_later = event(session.id, timedelta(milliseconds=500), room=1)
    edit(stores, session.id, half_a_second_later)

    assert stores.events.list_for_session(session.id) == [on_the_second, half_a_second_later]
