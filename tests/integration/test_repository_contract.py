"""One suite, two stores: the in-memory fakes used by unit tests keep the same promises as the
DynamoDB adapters (the Chalice samples' pattern)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from random import Random

import pytest

from shared import bootstrap
from shared.adapters import aws
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.users import DynamoCenters, DynamoUsers
from shared.domain import errors
from shared.domain.audit import Actor, Audit
from shared.domain.people import Center, Identity, Membership, Role, UserProfile
from shared.domain.session import Session, SessionCodes, SessionDetails, SessionInput, new_session
from shared.services import sessions as service
from shared.services.ports import CenterRepository, SessionRepository, UserRepository
from shared.settings import Settings
from tests.fakes import FakeCenters, FakeSessions, FakeUsers, an_event

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CENTER = Center(
    id="c-1", name="Collège Anne Frank", timezone="Europe/Paris", external_id="0999001A"
)
DETAILS = SessionDetails(
    address="Collège Anne Frank",
    room="Salle 208",
    date=date(2026, 12, 14),
    time=time(12, 0),
    examiner="Paul Eluard",
)


def a_session(session_id: int, code: str = "BCDF23", center_id: str = "c-1") -> Session:
    return new_session(
        session_id,
        Center(id=center_id, name="Collège Anne Frank", timezone="Europe/Paris", external_id=""),
        DETAILS,
        SessionCodes(access_code=code, supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("alice"), at=NOW),
    )


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    users: UserRepository
    centers: CenterRepository


@pytest.fixture(params=["fake", "dynamodb"])
def stores(request: pytest.FixtureRequest) -> Stores:
    if request.param == "fake":
        return Stores(FakeSessions(), FakeUsers(), FakeCenters())
    stack: Settings = request.getfixturevalue("stack")
    return Stores(
        sessions=DynamoSessions(stack.table_name, client=aws.dynamodb),
        users=DynamoUsers(stack.table_name, client=aws.dynamodb),
        centers=DynamoCenters(stack.table_name, client=aws.dynamodb),
    )


def test_session_numbers_increase(stores: Stores) -> None:
    sessions = stores.sessions
    numbers = [sessions.next_session_id() for _ in range(3)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3


def test_a_session_round_trips(stores: Stores) -> None:
    sessions = stores.sessions
    session = a_session(sessions.next_session_id())
    sessions.add(session, an_event(session.id))
    assert sessions.get(session.id) == session
    assert sessions.get(999_999) is None


def test_an_open_sessions_access_code_cannot_be_reused(stores: Stores) -> None:
    sessions = stores.sessions
    sessions.add(a_session(1, "BCDF23"), an_event(1))
    with pytest.raises(errors.AccessCodeTaken):
        sessions.add(a_session(2, "BCDF23"), an_event(2))
    assert sessions.get(2) is None  # nothing half-written
    sessions.add(a_session(2, "BCDF24"), an_event(2))


def test_saving_needs_the_stored_version(stores: Stores) -> None:
    sessions = stores.sessions
    session = a_session(1)
    sessions.add(session, an_event(session.id))
    moved = session.model_copy(update={"room": "Salle 1", "version": 2})
    sessions.save(moved, 1, an_event(1))
    with pytest.raises(errors.WriteConflict):
        sessions.save(session.model_copy(update={"room": "Salle 2", "version": 2}), 1, an_event(1))
    assert sessions.get(1) == moved


def test_deleting_needs_the_stored_version_and_frees_the_code(stores: Stores) -> None:
    sessions = stores.sessions
    session = a_session(1, "BCDF23")
    sessions.add(session, an_event(session.id))
    with pytest.raises(errors.WriteConflict):
        sessions.delete(session.model_copy(update={"version": 7}), an_event(1))
    assert sessions.get(1) is not None
    sessions.delete(session, an_event(1))
    assert sessions.get(1) is None
    sessions.add(a_session(2, "BCDF23"), an_event(2))


def test_a_centers_sessions_are_its_own(stores: Stores) -> None:
    sessions = stores.sessions
    sessions.add(a_session(1, "BCDF23", "c-1"), an_event(1))
    sessions.add(a_session(2, "BCDF24", "c-2"), an_event(2))
    sessions.add(a_session(3, "BCDF26", "c-1"), an_event(3))
    assert sorted(s.id for s in sessions.list_for_center("c-1")) == [1, 3]
    assert sessions.list_for_center("c-3") == []


def test_users_profiles_and_memberships(stores: Stores) -> None:
    users, centers = stores.users, stores.centers
    centers.put_center(CENTER)
    assert centers.get_center("c-1") == CENTER
    assert centers.get_center("c-2") is None
    users.put_profile(UserProfile(id="u1", email="a@b.test", first_name="Zoé", last_name="Lecœur"))
    membership = Membership(user_id="u1", role=Role.ADMIN, center=CENTER)
    users.put_membership(membership)
    assert users.get_membership("u1", "c-1") == membership
    assert users.get_membership("u1", "c-2") is None
    assert users.get_membership("u2", "c-1") is None
    profile, memberships = users.get_user("u1")
    assert profile is not None and profile.last_name == "Lecœur"
    assert memberships == [membership]
    assert users.get_user("nobody") == (None, [])


def test_concurrent_creations_get_distinct_numbers_and_codes(stack: Settings) -> None:
    """Eight admins press "Créer la session" at once, with the same random draws."""
    sessions = DynamoSessions(stack.table_name, client=aws.dynamodb)
    users = DynamoUsers(stack.table_name, client=aws.dynamodb)
    users.put_membership(Membership(user_id="alice", role=Role.ADMIN, center=CENTER))
    alice = Identity(user_id="alice", email="a@b.test")
    form = SessionInput(address="A", room="B", date="2026-12-14", time="12:00", examiner="C")
    created: list[Session] = []
    failures: list[BaseException] = []

    def create() -> None:
        deps = replace(bootstrap.dependencies(stack), clock=lambda: NOW, rng=Random(42))
        try:
            created.append(service.create_session(deps, alice, "c-1", form))
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len({s.id for s in created}) == 8
    assert len({s.access_code for s in created}) == 8
    assert len(sessions.list_for_center("c-1")) == 8
