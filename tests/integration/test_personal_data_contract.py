"""A pupil's data in the stores: the "left since" mark, an erasure (one transaction with its
event, refused while an open session has them as candidate) and the center's own trail —
the fakes and the DynamoDB adapters keep the same promises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.candidates import DynamoCandidates
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.students import DynamoStudents
from shared.domain import errors
from shared.domain.audit import Actor, ActorType, AuditAction, AuditEvent
from shared.domain.candidate import enroll
from shared.domain.student import Student
from shared.services.ports import (
    CandidateRepository,
    EventRepository,
    SessionRepository,
    StudentRepository,
)
from tests.fakes import FakeCandidates, FakeSessions, FakeStudents, an_event
from tests.integration.contract import BACKENDS, NOW, close, open_session, stack_of


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    students: StudentRepository
    candidates: CandidateRepository
    events: EventRepository


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        return Stores(sessions, FakeStudents(sessions), FakeCandidates(sessions), sessions.events)
    table = stack.table_name
    return Stores(
        sessions=DynamoSessions(table, client=aws.dynamodb),
        students=DynamoStudents(table, client=aws.dynamodb),
        candidates=DynamoCandidates(table, client=aws.dynamodb),
        events=DynamoEvents(table, client=aws.dynamodb),
    )


def pupil(student_id: str, first: str, center: str = "c-1") -> Student:
    return Student(
        id=student_id,
        center_id=center,
        last_name="Martin",
        first_name=first,
        birthdate=date(2010, 3, 12),
        division="3E1",
    )


LUCAS, ZOE, OTHER = pupil("s-lucas", "Lucas"), pupil("s-zoe", "Zoé"), pupil("s-x", "X", "c-2")


def center_event(
    action: AuditAction, at: timedelta = timedelta(0), center: str = "c-1", **changes: object
) -> AuditEvent:
    return AuditEvent(
        center_id=center,
        at=NOW + at,
        actor=Actor(type=ActorType.USER, id="alice", label="alice@anne-frank.test"),
        action=action,
        changes=changes,
    )


def erased(student: Student) -> AuditEvent:
    return center_event(AuditAction.STUDENT_ERASED, studentId=student.id)


def test_the_left_since_mark_round_trips(stores: Stores) -> None:
    marked = LUCAS.model_copy(update={"left_since": NOW})
    stores.students.save_many([marked, ZOE])
    listed = {s.id: s for s in stores.students.list_center("c-1")}
    assert listed == {LUCAS.id: marked, ZOE.id: ZOE}


def test_erasing_deletes_the_entry_and_records_its_event(stores: Stores) -> None:
    stores.students.save_many([LUCAS, ZOE, OTHER])
    event = erased(LUCAS)
    stores.students.erase(LUCAS, [], event)
    assert {s.id for s in stores.students.list_center("c-1")} == {ZOE.id}
    assert stores.students.get_many("c-1", [LUCAS.id]) == []
    assert stores.events.list_for_center("c-1") == [event]
    assert stores.events.list_for_center("c-2") == []


def test_a_pupil_gone_already_is_not_erased_twice(stores: Stores) -> None:
    stores.students.save_many([LUCAS])
    stores.students.erase(LUCAS, [], erased(LUCAS))
    with pytest.raises(errors.WriteConflict) as caught:
        stores.students.erase(LUCAS, [], erased(LUCAS))
    assert caught.value.what is errors.Conflicting.STUDENT
    assert len(stores.events.list_for_center("c-1")) == 1


def test_an_erasure_is_refused_if_an_open_session_enrolled_the_pupil_meanwhile(
    stores: Stores,
) -> None:
    # Given the pupil's sessions read while none had them as candidate
    stores.students.save_many([LUCAS, ZOE])
    session = open_session(stores.sessions)
    other = open_session(stores.sessions, code="BCDF24")
    # When another admin enrols them before the erasure is written
    stores.candidates.enroll(session, [enroll(LUCAS, session.id, NOW)], an_event(session.id))
    with pytest.raises(errors.WriteConflict) as caught:
        stores.students.erase(LUCAS, [other.id, session.id], erased(LUCAS))
    # Then nothing is erased, nothing recorded
    assert caught.value.what is errors.Conflicting.SESSION
    assert {s.id for s in stores.students.list_center("c-1")} == {LUCAS.id, ZOE.id}
    assert stores.events.list_for_center("c-1") == []
    # Other pupils of that session's center are still erasable
    stores.students.erase(ZOE, [other.id, session.id], erased(ZOE))


def test_a_session_finalized_with_the_pupil_does_not_hold_the_erasure(stores: Stores) -> None:
    stores.students.save_many([LUCAS])
    session = open_session(stores.sessions)
    stores.candidates.enroll(session, [enroll(LUCAS, session.id, NOW)], an_event(session.id))
    close(stores.sessions, session)
    stores.students.erase(LUCAS, [session.id], erased(LUCAS))
    assert stores.students.list_center("c-1") == []
    # The finalized session keeps its candidate: the certification's record.
    assert [c.student_id for c in stores.candidates.list_for_session(session.id)] == [LUCAS.id]


def test_the_centers_trail_is_read_oldest_first_and_apart_from_its_roster(stores: Stores) -> None:
    stores.students.save_many([LUCAS])
    late = center_event(AuditAction.STUDENTS_PURGED, timedelta(hours=1), count=1)
    early = center_event(AuditAction.STUDENT_DATA_EXPORTED, studentId=LUCAS.id)
    stores.events.record(late)
    stores.events.record(early)
    assert stores.events.list_for_center("c-1") == [early, late]
    # The roster shares the center's partition: its reads see pupils only.
    assert stores.students.list_center("c-1") == [LUCAS]
    assert stores.students.list_by_divisions("c-1", None) == [LUCAS]
