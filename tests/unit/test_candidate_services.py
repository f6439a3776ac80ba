"""Enrolment, extra time and removal on in-memory fakes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from random import Random

import pytest

from shared.domain import errors
from shared.domain.candidate import CandidateStatus
from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.session import SessionStatus
from shared.domain.student import Student
from shared.services import candidates as service
from shared.services import sessions as session_service
from tests.fakes import FakeCandidates, FakeSessions, FakeStudents, FakeUsers
from tests.fakes_files import FakeAttachments, FakeFiles

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
PARIS = Center(
    id="c-paris", name="Collège Anne Frank", timezone="Europe/Paris", external_id="0999001A"
)
REUNION = Center(
    id="c-reunion", name="Lycée Leconte de Lisle", timezone="Indian/Reunion", external_id="9749001B"
)
ALICE = Identity(user_id="alice", email="alice@anne-frank.test")
BRUNO = Identity(user_id="bruno", email="bruno@leconte.test")


def pupil(
    student_id: str, last: str, first: str, center: str = "c-paris", division: str = "3E1"
) -> Student:
    return Student(
        id=student_id,
        center_id=center,
        last_name=last,
        first_name=first,
        birthdate=date(2010, 5, 17),
        division=division,
        birth_city="Casablanca",
        birth_country="MAROC",
        birth_country_code="350",
    )


class World:
    def __init__(self) -> None:
        self.sessions = FakeSessions()
        self.users = FakeUsers()
        self.students = FakeStudents()
        self.candidates = FakeCandidates(self.sessions)
        self.documents = (FakeAttachments(self.sessions), FakeFiles())
        self.users.put_membership(Membership(user_id="alice", role=Role.ADMIN, center=PARIS))
        self.users.put_membership(Membership(user_id="bruno", role=Role.ADMIN, center=REUNION))
        self.students.save_many(
            [
                pupil("p1", "Martin", "Lucas"),
                pupil("p2", "Lecœur", "Zoé"),
                pupil("p3", "Abadie", "Noé"),
                pupil("r1", "Payet", "Héva", center="c-reunion"),
            ]
        )
        self.session = session_service.create_session(
            self.sessions,
            self.users,
            ALICE,
            "c-paris",
            {"address": "A", "room": "B", "date": "2026-12-14", "time": "12:00", "examiner": "C"},
            lambda: NOW,
            Random(1),
        )

    def delete(self, who: Identity, session_id: int) -> None:
        session_service.delete_session(
            self.sessions, self.users, self.candidates, self.documents, who, session_id, lambda: NOW
        )

    def enroll(self, ids: list[str], who: Identity = ALICE):  # type: ignore[no-untyped-def]
        return service.enroll_students(
            self.sessions,
            self.users,
            self.students,
            self.candidates,
            who,
            self.session.id,
            ids,
            lambda: NOW,
        )

    def extra_time(self, candidate_id: str, value: int | None):  # type: ignore[no-untyped-def]
        return service.set_extra_time(
            self.sessions,
            self.users,
            self.candidates,
            ALICE,
            self.session.id,
            candidate_id,
            value,
            lambda: NOW,
        )

    def remove(self, candidate_id: str) -> None:
        service.remove_candidate(
            self.sessions,
            self.users,
            self.candidates,
            ALICE,
            self.session.id,
            candidate_id,
            lambda: NOW,
        )

    def stored_session(self):  # type: ignore[no-untyped-def]
        return self.sessions.get(self.session.id)


@pytest.fixture
def world() -> World:
    return World()


def test_enrolling_copies_the_roster_and_sorts_by_name(world: World) -> None:
    enrolment = world.enroll(["p1", "p2", "p3"])
    assert (enrolment.added, enrolment.already_enrolled) == (3, 0)
    assert [c.last_name for c in enrolment.candidates] == ["Abadie", "Lecœur", "Martin"]
    first = enrolment.candidates[0]
    assert (first.birth_city, first.birth_country, first.status) == (
        "Casablanca",
        "MAROC",
        CandidateStatus.ENROLLED,
    )
    assert world.stored_session().candidates_count == 3


def test_already_enrolled_pupils_are_counted_not_duplicated(world: World) -> None:
    world.enroll(["p1"])
    enrolment = world.enroll(["p1", "p2", "p2"])
    assert (enrolment.added, enrolment.already_enrolled) == (1, 1)
    assert len(world.candidates.list_for_session(world.session.id)) == 2


def test_one_pupil_of_another_school_adds_no_one(world: World) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        world.enroll(["p1", "r1"])
    assert caught.value.code == "UNKNOWN_STUDENT"
    assert world.candidates.candidates == {}
    assert world.stored_session().candidates_count == 0


@pytest.mark.parametrize("ids", [[], ["  "], [f"x{i}" for i in range(501)]])
def test_between_one_and_500_pupils(world: World, ids: list[str]) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        world.enroll(ids)
    assert caught.value.code == "VALIDATION_ERROR"


def test_another_school_cannot_enroll_in_this_session(world: World) -> None:
    with pytest.raises(errors.NotFound):
        world.enroll(["r1"], who=BRUNO)


def test_a_finalized_session_takes_no_more_candidates(world: World) -> None:
    world.sessions.sessions[world.session.id] = world.stored_session().model_copy(
        update={"status": SessionStatus.FINALIZED}
    )
    with pytest.raises(errors.Conflict) as caught:
        world.enroll(["p1"])
    assert caught.value.code == "SESSION_ALREADY_FINALIZED"


def test_extra_time_stretches_the_deadline_by_the_largest_one(world: World) -> None:
    ids = {c.student_id: c.id for c in world.enroll(["p1", "p2"]).candidates}
    base = world.stored_session().finalization_deadline
    world.extra_time(ids["p1"], 33)
    world.extra_time(ids["p2"], 10)
    session = world.stored_session()
    assert session.max_extra_time_percentage == 33
    # 105 min × 33 % = 34 min 39 s later
    assert (session.finalization_deadline - base).total_seconds() == 34 * 60 + 39
    world.extra_time(ids["p1"], 0)
    assert world.stored_session().max_extra_time_percentage == 10


@pytest.mark.parametrize("value", [-1, 100, None])
def test_extra_time_is_0_to_99(world: World, value: int | None) -> None:
    candidate = world.enroll(["p1"]).candidates[0]
    with pytest.raises(errors.RuleViolation):
        world.extra_time(candidate.id, value)


def test_removing_a_candidate_who_has_not_joined(world: World) -> None:
    ids = {c.student_id: c.id for c in world.enroll(["p1", "p2"]).candidates}
    world.extra_time(ids["p1"], 50)
    world.remove(ids["p1"])
    session = world.stored_session()
    assert session.enrolled_student_ids == {"p2"}
    assert session.max_extra_time_percentage == 0
    with pytest.raises(errors.NotFound):
        world.remove(ids["p1"])


def test_a_candidate_who_joined_cannot_be_removed(world: World) -> None:
    candidate = world.enroll(["p1"]).candidates[0]
    world.candidates.candidates[(world.session.id, candidate.id)] = candidate.model_copy(
        update={"status": CandidateStatus.STARTED, "certification_number": 7}
    )
    with pytest.raises(errors.Conflict) as caught:
        world.remove(candidate.id)
    assert caught.value.code == "CANDIDATE_ALREADY_JOINED"
    assert (
        caught.value.message
        == "Ce candidat a déjà rejoint la session. Vous ne pouvez pas le supprimer."
    )


def test_deleting_a_session_deletes_its_candidates(world: World) -> None:
    world.enroll(["p1", "p2"])
    world.delete(ALICE, world.session.id)
    assert world.candidates.candidates == {}
