"""Students and candidates: the fakes and the DynamoDB adapters keep the same promises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.candidates import DynamoCandidates
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.students import DynamoStudents
from shared.domain import errors
from shared.domain.candidate import Candidate, CandidateStatus, enroll
from shared.domain.session import SessionStatus
from shared.domain.student import Student
from shared.services.ports import CandidateRepository, SessionRepository, StudentRepository
from tests.fakes import FakeCandidates, FakeSessions, FakeStudents, an_event
from tests.integration.contract import BACKENDS, NOW, open_session, stack_of, stored


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


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    students: StudentRepository
    candidates: CandidateRepository

    def candidate(self, session_id: int, candidate_id: str) -> Candidate:
        found = self.candidates.get(session_id, candidate_id)
        assert found is not None, f"candidate {candidate_id} is not stored"
        return found


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        return Stores(sessions, FakeStudents(sessions), FakeCandidates(sessions))
    table = stack.table_name
    return Stores(
        sessions=DynamoSessions(table, client=aws.dynamodb),
        students=DynamoStudents(table, client=aws.dynamodb),
        candidates=DynamoCandidates(table, client=aws.dynamodb),
    )


def test_roster_order_and_division_filter(stores: Stores) -> None:
    students = stores.students
    students.save_many(ROSTER)
    assert [s.id for s in students.list_by_divisions("c-1", None)] == ["c", "b", "a", "d"]
    assert [s.id for s in students.list_by_divisions("c-1", ["3e1"])] == ["c", "b"]
    # Classes in natural order: 3e1, 3e2, 3e10.
    assert [s.id for s in students.list_by_divisions("c-1", ["3e10", "3e1"])] == ["c", "b", "d"]
    assert {s.id for s in students.list_center("c-1")} == {"a", "b", "c", "d"}
    assert [s.id for s in students.get_many("c-1", ["a", "x", "zz"])] == ["a"]


def test_divisions_round_trip(stores: Stores) -> None:
    students = stores.students
    assert students.list_divisions("c-1") == []
    students.put_divisions("c-1", ["3e1", "3e2"])
    assert students.list_divisions("c-1") == ["3e1", "3e2"]


def test_enrolment_commits_in_the_session(stores: Stores) -> None:
    sessions, candidates = stores.sessions, stores.candidates
    session = open_session(sessions)
    new = [enroll(s, session.id, NOW) for s in ROSTER[:2]]
    after = candidates.enroll(session, new, an_event(session.id))
    assert after.enrolled_student_ids == {"a", "b"} and after.version == session.version + 1
    assert stored(sessions, session.id).enrolled_student_ids == {"a", "b"}
    assert {c.id for c in candidates.list_for_session(session.id)} == {c.id for c in new}
    # Enrolling the same pupils again writes the same candidates: no duplicate.
    candidates.enroll(after, new, an_event(session.id))
    assert len(candidates.list_for_session(session.id)) == 2


def test_enrolment_in_a_finalized_session_leaves_nothing(stores: Stores) -> None:
    sessions, candidates = stores.sessions, stores.candidates
    session = open_session(sessions)
    finalized = session.model_copy(update={"status": SessionStatus.FINALIZED, "version": 2})
    sessions.save(finalized, 1, an_event(session.id))
    with pytest.raises(errors.WriteConflict) as caught:
        candidates.enroll(session, [enroll(ROSTER[0], session.id, NOW)], an_event(session.id))
    assert caught.value.what is errors.Conflicting.SESSION
    assert candidates.list_for_session(session.id) == []


def test_an_enrolment_against_a_moved_version_is_refused_and_keeps_the_winners(
    stores: Stores,
) -> None:
    sessions, candidates = stores.sessions, stores.candidates
    session = open_session(sessions)
    first, second = enroll(ROSTER[0], session.id, NOW), enroll(ROSTER[1], session.id, NOW)
    # Given another admin's enrolment of the first pupil, committed meanwhile
    candidates.enroll(session, [first], an_event(session.id))
    # When this one, read before it, commits the first and the second pupils
    with pytest.raises(errors.WriteConflict) as caught:
        candidates.enroll(session, [first, second], an_event(session.id))
    # Then it is refused: the winner's candidate stays, its own new one is gone
    assert caught.value.what is errors.Conflicting.SESSION
    assert [c.student_id for c in candidates.list_for_session(session.id)] == [first.student_id]
    assert stored(sessions, session.id).enrolled_student_ids == {first.student_id}


def test_joining_is_once_and_counts_in_the_session(stores: Stores) -> None:
    sessions, candidates = stores.sessions, stores.candidates
    session = open_session(sessions)
    candidate = enroll(ROSTER[0], session.id, NOW)
    candidates.enroll(session, [candidate], an_event(session.id))
    assert candidates.find_by_join_key(session.id, candidate.join_key) == candidate
    assert candidates.find_by_join_key(session.id, "nobody|x|2010-01-01") is None
    first, second = candidates.next_certification_number(), candidates.next_certification_number()
    assert second > first
    started = candidate.model_copy(
        update={
            "status": CandidateStatus.STARTED,
            "certification_number": first,
            "joined_at": NOW,
            "authorized_to_start": True,
        }
    )
    # Only a pupil whose presence the invigilator confirmed may start.
    with pytest.raises(errors.WriteConflict) as unconfirmed:
        candidates.start(started, an_event(session.id))
    assert unconfirmed.value.what is errors.Conflicting.CANDIDATE
    confirm(candidates, candidate)
    candidates.start(started, an_event(session.id))
    assert candidates.get(session.id, candidate.id) == started
    assert stored(sessions, session.id).started_count == 1
    # The first entry opens the entry window.
    assert stored(sessions, session.id).first_started_at == NOW
    with pytest.raises(errors.WriteConflict) as caught:
        candidates.start(
            started.model_copy(update={"certification_number": second}), an_event(session.id)
        )
    assert caught.value.what is errors.Conflicting.CANDIDATE
    assert stores.candidate(session.id, candidate.id).certification_number == first
    completed = started.model_copy(
        update={"status": CandidateStatus.COMPLETED, "completed_at": NOW}
    )
    candidates.complete(completed, an_event(session.id))
    assert candidates.get(session.id, candidate.id) == completed


def test_extra_time_and_removal_need_the_version_read(stores: Stores) -> None:
    sessions, candidates = stores.sessions, stores.candidates
    session = candidates.enroll(
        open_session(sessions), [enroll(s, 1, NOW) for s in ROSTER[:2]], an_event(1)
    )
    zola, ebert = sorted(candidates.list_for_session(session.id), key=lambda c: c.student_id)
    stretched = session.with_largest_extra_time(33)
    candidates.set_extra_time(
        stretched,
        session.version,
        zola.model_copy(update={"extra_time_percentage": 33}),
        an_event(1),
    )
    now_stored = stored(sessions, session.id)
    assert (now_stored.max_extra_time_percentage, now_stored.finalization_deadline) == (
        33,
        stretched.finalization_deadline,
    )
    with pytest.raises(errors.WriteConflict) as stale:
        candidates.set_extra_time(
            session.with_largest_extra_time(10), session.version, zola, an_event(1)
        )
    assert stale.value.what is errors.Conflicting.SESSION
    candidates.remove(
        now_stored.with_largest_extra_time(33), now_stored.version, ebert, an_event(1)
    )
    assert stored(sessions, session.id).enrolled_student_ids == {"a"}
    assert [c.id for c in candidates.list_for_session(session.id)] == [zola.id]


def test_a_candidate_who_joined_cannot_be_removed(stores: Stores) -> None:
    sessions, candidates = stores.sessions, stores.candidates
    session = candidates.enroll(open_session(sessions), [enroll(ROSTER[0], 1, NOW)], an_event(1))
    candidate = candidates.list_for_session(session.id)[0]
    confirm(candidates, candidate)
    candidates.start(
        candidate.model_copy(
            update={"status": CandidateStatus.STARTED, "certification_number": 9, "joined_at": NOW}
        ),
        an_event(1),
    )
    fresh = stored(sessions, session.id)
    with pytest.raises(errors.WriteConflict) as caught:
        candidates.remove(fresh.with_largest_extra_time(0), fresh.version, candidate, an_event(1))
    assert caught.value.what is errors.Conflicting.CANDIDATE


def confirm(candidates: CandidateRepository, candidate: Candidate) -> None:
    """The invigilator confirms the pupil's presence."""
    confirmed = candidate.model_copy(update={"authorized_to_start": True})
    candidates.authorize_start(confirmed, an_event(candidate.session_id))


def test_the_invigilators_decisions_depend_on_the_pupils_state(stores: Stores) -> None:
    sessions, candidates = stores.sessions, stores.candidates
    session = open_session(sessions)
    candidate = enroll(ROSTER[0], session.id, NOW)
    candidates.enroll(session, [candidate], an_event(session.id))
    # Presence confirmed, withdrawn, confirmed again: all before the pupil joins.
    confirm(candidates, candidate)
    withdrawn = candidate.model_copy(update={"authorized_to_start": False})
    candidates.authorize_start(withdrawn, an_event(session.id))
    assert not stores.candidate(session.id, candidate.id).authorized_to_start
    confirm(candidates, candidate)
    # A resume or an end needs a started pupil.
    not_started = candidate.model_copy(update={"ended_at": NOW, "end_reason": "Malaise"})
    for decision in (candidates.authorize_resume, candidates.end, candidates.resume):
        with pytest.raises(errors.WriteConflict) as refused:
            decision(not_started, an_event(session.id))
        assert refused.value.what is errors.Conflicting.CANDIDATE
    started = candidate.model_copy(
        update={
            "status": CandidateStatus.STARTED,
            "certification_number": 3,
            "joined_at": NOW,
            "authorized_to_start": True,
        }
    )
    candidates.start(started, an_event(session.id))
    # The withdrawal is refused once the pupil joined.
    with pytest.raises(errors.WriteConflict):
        candidates.authorize_start(withdrawn, an_event(session.id))
    # A resume without the invigilator's authorization is refused; with it, used up once.
    with pytest.raises(errors.WriteConflict):
        candidates.resume(started, an_event(session.id))
    candidates.authorize_resume(started, an_event(session.id))
    assert stores.candidate(session.id, candidate.id).resume_authorized
    candidates.resume(started, an_event(session.id))
    resumed = stores.candidate(session.id, candidate.id)
    assert (resumed.resume_authorized, resumed.resumes) == (False, 1)
    with pytest.raises(errors.WriteConflict):
        candidates.resume(started, an_event(session.id))
    # Ending keeps the reason; then nothing else.
    ended = started.model_copy(
        update={
            "status": CandidateStatus.ENDED_BY_SUPERVISOR,
            "ended_at": NOW,
            "end_reason": "Malaise",
        }
    )
    candidates.end(ended, an_event(session.id))
    stored_end = stores.candidate(session.id, candidate.id)
    assert (stored_end.status, stored_end.end_reason, stored_end.ended_at) == (
        CandidateStatus.ENDED_BY_SUPERVISOR,
        "Malaise",
        NOW,
    )
    with pytest.raises(errors.WriteConflict):
        candidates.end(ended, an_event(session.id))


def test_no_decision_once_the_session_is_finalized(stores: Stores) -> None:
    sessions, candidates = stores.sessions, stores.candidates
    session = open_session(sessions)
    candidate = enroll(ROSTER[0], session.id, NOW)
    candidates.enroll(session, [candidate], an_event(session.id))
    fresh = stored(sessions, session.id)
    sessions.save(
        fresh.model_copy(update={"status": SessionStatus.FINALIZED, "version": fresh.version + 1}),
        fresh.version,
        an_event(session.id),
    )
    with pytest.raises(errors.WriteConflict) as refused:
        confirm(candidates, candidate)
    assert refused.value.what is errors.Conflicting.SESSION
