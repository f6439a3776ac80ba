"""Students and candidates: the fakes and the DynamoDB adapters keep the same promises."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.candidates import DynamoCandidates
from shared.adapters.dynamo.join_attempts import DynamoJoinAttempts
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.students import DynamoStudents
from shared.domain import errors
from shared.domain.audit import Actor, Audit
from shared.domain.candidate import CandidateStatus, enroll
from shared.domain.joining import LOCKOUT_WINDOW
from shared.domain.people import Center
from shared.domain.session import SessionCodes, SessionDetails, SessionStatus, new_session
from shared.domain.student import Student
from shared.settings import Settings
from tests.fakes import (
    FakeCandidates,
    FakeJoinAttempts,
    FakeSessions,
    FakeStudents,
    an_event,
)

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def pupil(student_id: str, last: str, first: str, division: str, center: str = "c-1") -> Student:
    return Student(
        id=student_id,
        center_id=center,
        last_name=last,
        first_name=first,
        birthdate=date(2010, 1, 2),
        division=division,
    )


ROSTER = [
    pupil("a", "Zola", "Émile", "3e2"),
    pupil("b", "Ébert", "Zoé", "3e1"),
    pupil("c", "abadie", "Noé", "3e1"),
    pupil("d", "Martin", "Lucas", "3e10"),
    pupil("x", "Other", "School", "3e1", center="c-2"),
]


@pytest.fixture(params=["fake", "dynamodb"])
def stores(request: pytest.FixtureRequest) -> tuple[Any, Any, Any, Any]:
    if request.param == "fake":
        sessions = FakeSessions()
        return sessions, FakeStudents(), FakeCandidates(sessions), FakeJoinAttempts()
    stack: Settings = request.getfixturevalue("stack")
    table = stack.table_name
    return (
        DynamoSessions(table, client=aws.dynamodb),
        DynamoStudents(table, client=aws.dynamodb),
        DynamoCandidates(table, client=aws.dynamodb),
        DynamoJoinAttempts(table, client=aws.dynamodb),
    )


def a_session(sessions: Any) -> Any:
    session = new_session(
        sessions.next_session_id(),
        Center(id="c-1", name="C", timezone="Europe/Paris", external_id=""),
        SessionDetails(address="A", room="B", date=date(2026, 12, 14), time=time(12), examiner="C"),
        SessionCodes(access_code="BCDF23", supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("u"), at=NOW),
    )
    sessions.add(session, an_event(session.id))
    return session


def test_roster_order_and_division_filter(stores: tuple[Any, Any, Any, Any]) -> None:
    _, students, _, _ = stores
    students.save_many(ROSTER)
    assert [s.id for s in students.list_by_divisions("c-1", None)] == ["c", "b", "a", "d"]
    assert [s.id for s in students.list_by_divisions("c-1", ["3e1"])] == ["c", "b"]
    # Classes in natural order: 3e1, 3e2, 3e10.
    assert [s.id for s in students.list_by_divisions("c-1", ["3e10", "3e1"])] == ["c", "b", "d"]
    assert {s.id for s in students.list_center("c-1")} == {"a", "b", "c", "d"}
    assert [s.id for s in students.get_many("c-1", ["a", "x", "zz"])] == ["a"]


def test_divisions_round_trip(stores: tuple[Any, Any, Any, Any]) -> None:
    _, students, _, _ = stores
    assert students.list_divisions("c-1") == []
    students.put_divisions("c-1", ["3e1", "3e2"])
    assert students.list_divisions("c-1") == ["3e1", "3e2"]


def test_enrolment_commits_in_the_session(stores: tuple[Any, Any, Any, Any]) -> None:
    sessions, _, candidates, _ = stores
    session = a_session(sessions)
    new = [enroll(s, session.id, NOW) for s in ROSTER[:2]]
    after = candidates.enroll(session, new, an_event(session.id))
    assert after.enrolled_student_ids == {"a", "b"} and after.version == session.version + 1
    assert sessions.get(session.id).enrolled_student_ids == {"a", "b"}
    assert {c.id for c in candidates.list_for_session(session.id)} == {c.id for c in new}
    # Enrolling the same pupils again writes the same candidates: no duplicate.
    candidates.enroll(after, new, an_event(session.id))
    assert len(candidates.list_for_session(session.id)) == 2


def test_enrolment_in_a_finalized_session_leaves_nothing(stores: tuple[Any, Any, Any, Any]) -> None:
    sessions, _, candidates, _ = stores
    session = a_session(sessions)
    finalized = session.model_copy(update={"status": SessionStatus.FINALIZED, "version": 2})
    sessions.save(finalized, 1, an_event(session.id))
    with pytest.raises(errors.WriteConflict) as caught:
        candidates.enroll(session, [enroll(ROSTER[0], session.id, NOW)], an_event(session.id))
    assert caught.value.what is errors.Conflicting.SESSION
    assert candidates.list_for_session(session.id) == []


def test_joining_is_once_and_counts_in_the_session(stores: tuple[Any, Any, Any, Any]) -> None:
    sessions, _, candidates, _ = stores
    session = a_session(sessions)
    candidate = enroll(ROSTER[0], session.id, NOW)
    candidates.enroll(session, [candidate], an_event(session.id))
    assert candidates.find_by_join_key(session.id, candidate.join_key) == candidate
    assert candidates.find_by_join_key(session.id, "nobody|x|2010-01-01") is None
    first, second = candidates.next_certification_number(), candidates.next_certification_number()
    assert second > first
    started = candidate.model_copy(
        update={"status": CandidateStatus.STARTED, "certification_number": first, "joined_at": NOW}
    )
    candidates.start(started, an_event(session.id))
    assert candidates.get(session.id, candidate.id) == started
    assert sessions.get(session.id).started_count == 1
    with pytest.raises(errors.WriteConflict) as caught:
        candidates.start(
            started.model_copy(update={"certification_number": second}), an_event(session.id)
        )
    assert caught.value.what is errors.Conflicting.CANDIDATE
    assert candidates.get(session.id, candidate.id).certification_number == first
    completed = started.model_copy(
        update={"status": CandidateStatus.COMPLETED, "completed_at": NOW}
    )
    candidates.complete(completed, an_event(session.id))
    assert candidates.get(session.id, candidate.id) == completed


def test_extra_time_and_removal_need_the_version_read(stores: tuple[Any, Any, Any, Any]) -> None:
    sessions, _, candidates, _ = stores
    session = candidates.enroll(
        a_session(sessions), [enroll(s, 1, NOW) for s in ROSTER[:2]], an_event(1)
    )
    zola, ebert = sorted(candidates.list_for_session(session.id), key=lambda c: c.student_id)
    stretched = session.with_largest_extra_time(33)
    candidates.set_extra_time(
        stretched,
        session.version,
        zola.model_copy(update={"extra_time_percentage": 33}),
        an_event(1),
    )
    stored = sessions.get(session.id)
    assert (stored.max_extra_time_percentage, stored.finalization_deadline) == (
        33,
        stretched.finalization_deadline,
    )
    with pytest.raises(errors.WriteConflict) as stale:
        candidates.set_extra_time(
            session.with_largest_extra_time(10), session.version, zola, an_event(1)
        )
    assert stale.value.what is errors.Conflicting.SESSION
    candidates.remove(stored.with_largest_extra_time(33), stored.version, ebert, an_event(1))
    assert sessions.get(session.id).enrolled_student_ids == {"a"}
    assert [c.id for c in candidates.list_for_session(session.id)] == [zola.id]


def test_a_candidate_who_joined_cannot_be_removed(stores: tuple[Any, Any, Any, Any]) -> None:
    sessions, _, candidates, _ = stores
    session = candidates.enroll(a_session(sessions), [enroll(ROSTER[0], 1, NOW)], an_event(1))
    candidate = candidates.list_for_session(session.id)[0]
    candidates.start(
        candidate.model_copy(
            update={"status": CandidateStatus.STARTED, "certification_number": 9, "joined_at": NOW}
        ),
        an_event(1),
    )
    fresh = sessions.get(session.id)
    with pytest.raises(errors.WriteConflict) as caught:
        candidates.remove(fresh.with_largest_extra_time(0), fresh.version, candidate, an_event(1))
    assert caught.value.what is errors.Conflicting.CANDIDATE


def test_failed_join_attempts_count_within_the_window(stores: tuple[Any, Any, Any, Any]) -> None:
    _, _, _, attempts = stores
    assert attempts.get(7) is None
    for _ in range(3):
        attempts.record_failure(7, NOW)
    assert attempts.get(7).failures == 3
    later = NOW + LOCKOUT_WINDOW
    attempts.record_failure(7, later)
    assert (attempts.get(7).failures, attempts.get(7).window_start) == (1, later)
