"""Pupils joining a session: matching, numbers, lockout, course completion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.domain import errors
from shared.domain.attempts import AttemptKind
from shared.domain.candidate import CandidateStatus
from shared.domain.invigilation import AuthorizationInput
from shared.domain.joining import JoinInput
from shared.domain.session import Session, SessionInput, SessionStatus
from shared.services import candidates, invigilation, joining, sessions
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, LUCAS, ZOE

# The day of the session, five minutes after it began (12:00 in Paris).
DURING_THE_TEST = datetime(2026, 12, 14, 11, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def zoe_enrolled(deps: Dependencies, fakes: Fakes, session: Session) -> None:
    """Zoé, whose presence the invigilator confirmed, and Lucas, who has not been confirmed
    yet, are enrolled in the session; the test has begun."""
    fakes.clock.now = DURING_THE_TEST
    enrolled = candidates.enroll_students(deps, ALICE, session.id, [ZOE.id, LUCAS.id])
    zoe = next(c for c in enrolled.candidates if c.student_id == ZOE.id)
    invigilation.authorize_to_start(deps, ALICE, session.id, zoe.id, PRESENT)


PRESENT = AuthorizationInput(authorized=True)


def join(
    deps: Dependencies, session: Session, session_id: str | None = None, **typed: str
) -> joining.Joined:
    """Zoé joins, typing her name without case or accents; `typed` changes what she types."""
    form = JoinInput(
        access_code=session.access_code,
        last_name="Lecoeur",
        first_name=" ZOE ",
        birthdate="2010-11-05",
    )
    return joining.join_session(deps, session_id or str(session.id), form.model_copy(update=typed))


def test_a_pupil_joins_with_names_typed_without_case_or_accents(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    joined = join(deps, session)
    assert joined.certification_number == 1
    candidate = fakes.candidates.get(session.id, joined.candidate_id)
    assert candidate is not None
    assert (candidate.status, candidate.joined_at) == (CandidateStatus.STARTED, DURING_THE_TEST)
    assert fakes.sessions.sessions[session.id].started_count == 1


def test_joining_again_needs_a_resume_and_gives_the_same_number(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    first = join(deps, session)
    with pytest.raises(errors.Forbidden) as refused:
        join(deps, session)
    assert refused.value.code == "CANDIDATE_NOT_AUTHORIZED_TO_RESUME"
    invigilation.authorize_to_resume(deps, ALICE, session.id, first.candidate_id)
    second = join(deps, session, last_name="LECŒUR", first_name="Zoé")
    assert second.certification_number == first.certification_number
    assert fakes.sessions.sessions[session.id].started_count == 1
    # The authorization is used up by that entry.
    with pytest.raises(errors.Forbidden):
        join(deps, session)


def test_an_unknown_session_and_a_wrong_code_look_the_same(
    deps: Dependencies, session: Session
) -> None:
    wrong = "BCDF99" if session.access_code != "BCDF99" else "BCDF98"
    with pytest.raises(errors.NotFound) as wrong_code:
        join(deps, session, access_code=wrong)
    with pytest.raises(errors.NotFound) as unknown:
        join(deps, session, session_id="999")
    assert (wrong_code.value.code, wrong_code.value.message) == (
        unknown.value.code,
        unknown.value.message,
    )
    assert wrong_code.value.code == "SESSION_NOT_FOUND"


def test_the_access_code_may_be_typed_in_lower_case(deps: Dependencies, session: Session) -> None:
    assert join(deps, session, access_code=session.access_code.lower()).certification_number == 1


def test_a_pupil_not_enrolled_is_not_found(deps: Dependencies, session: Session) -> None:
    # Noé is on the roster, not in the session.
    with pytest.raises(errors.NotFound) as caught:
        join(deps, session, last_name="Abadie", first_name="Noé", birthdate="2010-05-17")
    assert caught.value.code == "CANDIDATE_NOT_FOUND"
    with pytest.raises(errors.NotFound):
        join(deps, session, birthdate="2010-11-06")


def test_a_finalized_session_refuses_pupils(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    fakes.sessions.alter(session.id, status=SessionStatus.FINALIZED)
    with pytest.raises(errors.Conflict) as caught:
        join(deps, session)
    assert caught.value.code == "SESSION_NOT_ACCESSIBLE"


def test_ten_failures_lock_the_session_for_fifteen_minutes_but_not_for_a_confirmed_pupil(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    for _ in range(10):
        with pytest.raises(errors.NotFound):
            join(deps, session, birthdate="2000-01-01")
    # Every attempt is refused now, even Lucas's right answer…
    with pytest.raises(errors.TooManyAttempts) as caught:
        join(deps, session, **LUCAS_TYPES)
    assert caught.value.code == "TOO_MANY_ATTEMPTS"
    assert "15 minutes" in caught.value.message
    fakes.clock.now = DURING_THE_TEST + timedelta(minutes=14, seconds=59)
    with pytest.raises(errors.TooManyAttempts):
        join(deps, session, **LUCAS_TYPES)
    with pytest.raises(errors.TooManyAttempts):
        join(deps, session, access_code="BBBB22")  # Zoé's name, a guessed code
    # …but Zoé, whom the invigilator confirmed, gets in.
    assert join(deps, session).certification_number == 1
    # Once the window ends, Lucas is told to wait for the invigilator, as before.
    fakes.clock.now = DURING_THE_TEST + timedelta(minutes=15)
    with pytest.raises(errors.Forbidden) as waiting:
        join(deps, session, **LUCAS_TYPES)
    assert waiting.value.code == "CANDIDATE_NOT_AUTHORIZED_TO_START"


LUCAS_TYPES = {"last_name": "Martin", "first_name": "Lucas", "birthdate": "2010-03-12"}


def test_waiting_for_the_invigilator_is_not_a_failed_attempt(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    for _ in range(12):
        with pytest.raises(errors.Forbidden):
            join(deps, session, **LUCAS_TYPES)
    assert fakes.attempts.held(AttemptKind.JOIN, str(session.id)) == 0


def test_a_session_outside_its_window_checks_and_counts_nothing(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    fakes.clock.now = DURING_THE_TEST - timedelta(days=1)
    for _ in range(12):
        with pytest.raises(errors.Conflict) as early:
            join(deps, session, access_code="BBBB22")
        assert early.value.code == "SESSION_NOT_OPEN_YET"
    assert fakes.attempts.held(AttemptKind.JOIN, str(session.id)) == 0


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    for minute in range(0, 40, 4):
        fakes.clock.now = DURING_THE_TEST + timedelta(minutes=minute)
        with pytest.raises(errors.NotFound):
            join(deps, session, birthdate="2000-01-01")
    assert join(deps, session).certification_number == 1


def test_a_malformed_form_is_422_and_not_counted(deps: Dependencies, session: Session) -> None:
    for _ in range(12):
        with pytest.raises(errors.RuleViolation):
            join(deps, session, birthdate="05/11/2010")
    assert join(deps, session).certification_number == 1


def test_the_course_token_completes_that_course_only(deps: Dependencies, session: Session) -> None:
    joined = join(deps, session)
    number = str(joined.certification_number)
    with pytest.raises(errors.Forbidden):
        joining.complete_course(deps, "999", joined.course_token)
    with pytest.raises(errors.Unauthenticated):
        joining.complete_course(deps, "1", "forged")
    done = joining.complete_course(deps, number, joined.course_token)
    assert done.status is CandidateStatus.COMPLETED
    again = joining.complete_course(deps, number, joined.course_token)
    assert again.completed_at == done.completed_at


def test_an_expired_course_token_is_refused(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    joined = join(deps, session)
    fakes.clock.now = DURING_THE_TEST + timedelta(hours=9)
    with pytest.raises(errors.Unauthenticated):
        joining.complete_course(deps, "1", joined.course_token)


def test_once_joined_the_session_can_no_longer_be_edited(
    deps: Dependencies, session: Session
) -> None:
    join(deps, session)
    with pytest.raises(errors.Conflict) as caught:
        sessions.update_session(deps, ALICE, session.id, SessionInput(room="X"), None)
    assert caught.value.code == "SESSION_ALREADY_STARTED"


def test_a_birthdate_on_or_after_the_sessions_day_is_refused_and_not_counted(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    for typed in ("2026-12-14", "9999-12-31"):
        with pytest.raises(errors.RuleViolation) as refused:
            join(deps, session, birthdate=typed)
        assert refused.value.details[0].field == "birthdate"
    assert fakes.attempts.held(AttemptKind.JOIN, str(session.id)) == 0
