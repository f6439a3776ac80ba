"""Pupils joining a session: matching, numbers, lockout, course completion."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from random import Random

import pytest

from shared.domain import errors
from shared.domain.candidate import CandidateStatus
from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.session import SessionStatus
from shared.domain.student import Student
from shared.services import candidates as candidate_service
from shared.services import joining
from shared.services import sessions as session_service
from tests.fakes import (
    FakeCandidates,
    FakeCourseTokens,
    FakeJoinAttempts,
    FakeSessions,
    FakeStudents,
    FakeUsers,
)

NOW = datetime(2026, 12, 14, 11, 5, tzinfo=UTC)
PARIS = Center(
    id="c-paris", name="Collège Anne Frank", timezone="Europe/Paris", external_id="0999001A"
)
ALICE = Identity(user_id="alice", email="alice@anne-frank.test")


class World:
    def __init__(self) -> None:
        self.now = NOW
        self.sessions = FakeSessions()
        self.users = FakeUsers()
        self.students = FakeStudents()
        self.candidates = FakeCandidates(self.sessions)
        self.attempts = FakeJoinAttempts()
        self.tokens = FakeCourseTokens()
        self.users.put_membership(Membership(user_id="alice", role=Role.ADMIN, center=PARIS))
        self.students.save_many(
            [
                Student(
                    id="p1",
                    center_id="c-paris",
                    last_name="LECŒUR",
                    first_name="Zoé",
                    birthdate=date(2010, 11, 5),
                    division="3E1",
                ),
                Student(
                    id="p2",
                    center_id="c-paris",
                    last_name="Martin",
                    first_name="Lucas",
                    birthdate=date(2010, 3, 12),
                    division="3E1",
                ),
            ]
        )
        self.session = session_service.create_session(
            self.sessions,
            self.users,
            ALICE,
            "c-paris",
            {"address": "A", "room": "B", "date": "2026-12-14", "time": "12:00", "examiner": "C"},
            lambda: datetime(2026, 12, 1, tzinfo=UTC),
            Random(1),
        )
        candidate_service.enroll_students(
            self.sessions,
            self.users,
            self.students,
            self.candidates,
            ALICE,
            self.session.id,
            ["p1"],
            lambda: self.now,
        )

    def join(self, session_id: str | None = None, **form: str):  # type: ignore[no-untyped-def]
        values = {
            "accessCode": self.session.access_code,
            "lastName": "Lecoeur",
            "firstName": " ZOE ",
            "birthdate": "2010-11-05",
            **form,
        }
        return joining.join_session(
            self.sessions,
            self.candidates,
            self.attempts,
            self.tokens,
            session_id or str(self.session.id),
            values,
            lambda: self.now,
        )


@pytest.fixture
def world() -> World:
    return World()


def test_a_pupil_joins_with_names_typed_without_case_or_accents(world: World) -> None:
    joined = world.join()
    assert joined.certification_number == 1
    candidate = world.candidates.get(world.session.id, joined.candidate_id)
    assert candidate is not None
    assert (candidate.status, candidate.joined_at) == (CandidateStatus.STARTED, NOW)
    assert world.sessions.get(world.session.id).started_count == 1  # type: ignore[union-attr]


def test_joining_twice_gives_the_same_number(world: World) -> None:
    first = world.join()
    second = world.join(lastName="LECŒUR", firstName="Zoé")
    assert second.certification_number == first.certification_number
    assert world.sessions.get(world.session.id).started_count == 1  # type: ignore[union-attr]


def test_an_unknown_session_and_a_wrong_code_look_the_same(world: World) -> None:
    with pytest.raises(errors.NotFound) as wrong_code:
        world.join(accessCode="BCDF99" if world.session.access_code != "BCDF99" else "BCDF98")
    with pytest.raises(errors.NotFound) as unknown:
        world.join(session_id="999")
    assert (wrong_code.value.code, wrong_code.value.message) == (
        unknown.value.code,
        unknown.value.message,
    )
    assert wrong_code.value.code == "SESSION_NOT_FOUND"


def test_the_access_code_may_be_typed_in_lower_case(world: World) -> None:
    assert world.join(accessCode=world.session.access_code.lower()).certification_number == 1


def test_a_pupil_not_enrolled_is_not_found(world: World) -> None:
    with pytest.raises(errors.NotFound) as caught:
        world.join(lastName="Martin", firstName="Lucas", birthdate="2010-03-12")
    assert caught.value.code == "CANDIDATE_NOT_FOUND"
    with pytest.raises(errors.NotFound):
        world.join(birthdate="2010-11-06")


def test_a_finalized_session_refuses_pupils(world: World) -> None:
    world.sessions.sessions[world.session.id] = world.sessions.get(world.session.id).model_copy(  # type: ignore[union-attr]
        update={"status": SessionStatus.FINALIZED}
    )
    with pytest.raises(errors.Conflict) as caught:
        world.join()
    assert caught.value.code == "SESSION_NOT_ACCESSIBLE"


def test_ten_failures_lock_the_session_for_fifteen_minutes(world: World) -> None:
    for _ in range(10):
        with pytest.raises(errors.NotFound):
            world.join(birthdate="2000-01-01")
    # Even the right answer is refused now...
    with pytest.raises(errors.TooManyAttempts) as caught:
        world.join()
    assert caught.value.code == "TOO_MANY_ATTEMPTS"
    assert "15 minutes" in caught.value.message
    world.now = NOW + timedelta(minutes=14, seconds=59)
    with pytest.raises(errors.TooManyAttempts):
        world.join()
    # ...until the window ends.
    world.now = NOW + timedelta(minutes=15)
    assert world.join().certification_number == 1


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(world: World) -> None:
    for minute in range(0, 40, 4):
        world.now = NOW + timedelta(minutes=minute)
        with pytest.raises(errors.NotFound):
            world.join(birthdate="2000-01-01")
    assert world.join().certification_number == 1


def test_a_malformed_form_is_422_and_not_counted(world: World) -> None:
    for _ in range(12):
        with pytest.raises(errors.RuleViolation):
            world.join(birthdate="05/11/2010")
    assert world.join().certification_number == 1


def test_the_course_token_completes_that_course_only(world: World) -> None:
    joined = world.join()
    with pytest.raises(errors.Forbidden):
        joining.complete_course(
            world.candidates, world.tokens, "999", joined.course_token, lambda: world.now
        )
    with pytest.raises(errors.Unauthenticated):
        joining.complete_course(world.candidates, world.tokens, "1", "forged", lambda: world.now)
    done = joining.complete_course(
        world.candidates,
        world.tokens,
        str(joined.certification_number),
        joined.course_token,
        lambda: world.now,
    )
    assert done.status is CandidateStatus.COMPLETED
    again = joining.complete_course(
        world.candidates,
        world.tokens,
        str(joined.certification_number),
        joined.course_token,
        lambda: world.now,
    )
    assert again.completed_at == done.completed_at


def test_an_expired_course_token_is_refused(world: World) -> None:
    joined = world.join()
    with pytest.raises(errors.Unauthenticated):
        joining.complete_course(
            world.candidates,
            world.tokens,
            "1",
            joined.course_token,
            lambda: world.now + timedelta(hours=9),
        )


def test_once_joined_the_session_can_no_longer_be_edited(world: World) -> None:
    world.join()
    with pytest.raises(errors.Conflict) as caught:
        session_service.update_session(
            world.sessions,
            world.users,
            ALICE,
            world.session.id,
            {"room": "X"},
            None,
            lambda: world.now,
        )
    assert caught.value.code == "SESSION_ALREADY_STARTED"
