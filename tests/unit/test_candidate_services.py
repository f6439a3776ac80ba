"""Enrolment, extra time and removal on in-memory fakes."""

from __future__ import annotations

import pytest

from shared.domain import errors
from shared.domain.candidate import CandidateStatus
from shared.domain.people import Identity
from shared.domain.session import Session, SessionStatus
from shared.services import candidates as service
from shared.services import sessions as session_service
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, BRUNO, HEVA, LUCAS, NOE, ZOE


def enroll(
    deps: Dependencies, session: Session, ids: list[str], who: Identity = ALICE
) -> service.Enrolment:
    return service.enroll_students(deps, who, session.id, ids)


def candidate_ids(deps: Dependencies, session: Session, *student_ids: str) -> dict[str, str]:
    """Enrol these pupils: their candidate ids by pupil id."""
    return {c.student_id: c.id for c in enroll(deps, session, list(student_ids)).candidates}


def extra_time(deps: Dependencies, session: Session, candidate_id: str, value: int | None) -> None:
    service.set_extra_time(deps, ALICE, session.id, candidate_id, value)


def test_enrolling_copies_the_roster_and_sorts_by_name(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    enrolment = enroll(deps, session, [LUCAS.id, ZOE.id, NOE.id])
    assert (enrolment.added, enrolment.already_enrolled) == (3, 0)
    assert [c.last_name for c in enrolment.candidates] == ["Abadie", "Lecœur", "Martin"]
    first = enrolment.candidates[0]
    assert (first.birth_city, first.birth_country, first.status) == (
        "Casablanca",
        "MAROC",
        CandidateStatus.ENROLLED,
    )
    assert fakes.sessions.sessions[session.id].candidates_count == 3


def test_already_enrolled_pupils_are_counted_not_duplicated(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    enroll(deps, session, [LUCAS.id])
    enrolment = enroll(deps, session, [LUCAS.id, ZOE.id, ZOE.id])
    assert (enrolment.added, enrolment.already_enrolled) == (1, 1)
    assert len(fakes.candidates.list_for_session(session.id)) == 2


def test_one_pupil_of_another_school_adds_no_one(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        enroll(deps, session, [LUCAS.id, HEVA.id])
    assert caught.value.code == "UNKNOWN_STUDENT"
    assert fakes.candidates.candidates == {}
    assert fakes.sessions.sessions[session.id].candidates_count == 0


@pytest.mark.parametrize("ids", [[], ["  "], [f"x{i}" for i in range(501)]])
def test_between_one_and_500_pupils(deps: Dependencies, session: Session, ids: list[str]) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        enroll(deps, session, ids)
    assert caught.value.code == "VALIDATION_ERROR"


def test_another_school_cannot_enroll_in_this_session(deps: Dependencies, session: Session) -> None:
    with pytest.raises(errors.NotFound):
        enroll(deps, session, [HEVA.id], who=BRUNO)


def test_a_finalized_session_takes_no_more_candidates(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    fakes.sessions.alter(session.id, status=SessionStatus.FINALIZED)
    with pytest.raises(errors.Conflict) as caught:
        enroll(deps, session, [LUCAS.id])
    assert caught.value.code == "SESSION_ALREADY_FINALIZED"


def test_extra_time_stretches_the_deadline_by_the_largest_one(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    ids = candidate_ids(deps, session, LUCAS.id, ZOE.id)
    base = fakes.sessions.sessions[session.id].finalization_deadline
    extra_time(deps, session, ids[LUCAS.id], 33)
    extra_time(deps, session, ids[ZOE.id], 10)
    stored = fakes.sessions.sessions[session.id]
    assert stored.max_extra_time_percentage == 33
    # 105 min × 33 % = 34 min 39 s later
    assert (stored.finalization_deadline - base).total_seconds() == 34 * 60 + 39
    extra_time(deps, session, ids[LUCAS.id], 0)
    assert fakes.sessions.sessions[session.id].max_extra_time_percentage == 10


@pytest.mark.parametrize("value", [-1, 100, None])
def test_extra_time_is_0_to_99(deps: Dependencies, session: Session, value: int | None) -> None:
    ids = candidate_ids(deps, session, LUCAS.id)
    with pytest.raises(errors.RuleViolation):
        extra_time(deps, session, ids[LUCAS.id], value)


def test_removing_a_candidate_who_has_not_joined(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    ids = candidate_ids(deps, session, LUCAS.id, ZOE.id)
    extra_time(deps, session, ids[LUCAS.id], 50)
    service.remove_candidate(deps, ALICE, session.id, ids[LUCAS.id])
    stored = fakes.sessions.sessions[session.id]
    assert stored.enrolled_student_ids == {ZOE.id}
    assert stored.max_extra_time_percentage == 0
    with pytest.raises(errors.NotFound):
        service.remove_candidate(deps, ALICE, session.id, ids[LUCAS.id])


def test_a_candidate_who_joined_cannot_be_removed(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    candidate_id = candidate_ids(deps, session, LUCAS.id)[LUCAS.id]
    fakes.candidates.alter(
        session.id, candidate_id, status=CandidateStatus.STARTED, certification_number=7
    )
    with pytest.raises(errors.Conflict) as caught:
        service.remove_candidate(deps, ALICE, session.id, candidate_id)
    assert caught.value.code == "CANDIDATE_ALREADY_JOINED"
    assert (
        caught.value.message
        == "Ce candidat a déjà rejoint la session. Vous ne pouvez pas le supprimer."
    )


def test_deleting_a_session_deletes_its_candidates(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    enroll(deps, session, [LUCAS.id, ZOE.id])
    session_service.delete_session(deps, ALICE, session.id)
    assert fakes.candidates.candidates == {}
