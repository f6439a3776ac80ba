"""Exam day's rules, pure: the entry window, the test's duration per pupil, the invigilator's
inputs, the attempt window's answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from shared.domain import errors
from shared.domain.attempts import LOCKOUT_WINDOW, Lockout, too_many_attempts
from shared.domain.audit import Actor, Audit
from shared.domain.candidate import Candidate, CandidateStatus
from shared.domain.invigilation import (
    AuthorizationInput,
    EndInput,
    validate_authorization,
    validate_end_reason,
)
from shared.domain.joining import entry_refusal
from shared.domain.people import Center, Identity, Invigilator
from shared.domain.session import Session, SessionCodes, SessionDetails, SessionStatus, new_session

REUNION = Center(id="c-r", name="Lycée", timezone="Indian/Reunion", external_id="9749001B")
# 14 December 2026, 20:30 UTC: already the 15th in La Réunion (UTC+4).
EVENING_UTC = datetime(2026, 12, 14, 20, 30, tzinfo=UTC)


def a_session(day: date, **changes: object) -> Session:
    return new_session(
        7,
        REUNION,
        SessionDetails(address="A", room="B", date=day, time=time(8, 0), examiner="C"),
        SessionCodes(access_code="BCDF23", supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("tests"), at=datetime(2026, 12, 1, tzinfo=UTC)),
    ).model_copy(update=changes)


def a_candidate(**changes: object) -> Candidate:
    return Candidate(
        id="c1",
        session_id=7,
        student_id="s1",
        last_name="Payet",
        first_name="Héva",
        birthdate=date(2010, 5, 17),
        division="2NDE1",
        enrolled_at=datetime(2026, 12, 1, tzinfo=UTC),
        **changes,
    )


def code_of(refusal: errors.DomainError | None) -> str | None:
    return refusal.code if refusal else None


def test_entry_opens_on_the_sessions_day_in_the_centers_timezone() -> None:
    # Given a session on the 15th in La Réunion
    session = a_session(date(2026, 12, 15))
    # Then at 20:29 UTC on the 14th (00:29 on the 15th there) pupils may enter
    assert entry_refusal(session, EVENING_UTC) is None
    # but not on the 14th in La Réunion
    assert code_of(entry_refusal(session, EVENING_UTC - timedelta(hours=1))) == (
        "SESSION_NOT_OPEN_YET"
    )


def test_entry_closes_24_hours_after_the_first_pupil_started() -> None:
    started = EVENING_UTC
    session = a_session(date(2026, 12, 15), first_started_at=started)
    assert entry_refusal(session, started + timedelta(hours=23, minutes=59)) is None
    assert code_of(entry_refusal(session, started + timedelta(hours=24))) == (
        "SESSION_ENTRY_CLOSED"
    )


def test_a_session_nobody_started_stays_open_after_its_day() -> None:
    session = a_session(date(2026, 12, 10))
    assert entry_refusal(session, EVENING_UTC) is None


def test_a_finalized_session_is_closed_to_pupils() -> None:
    session = a_session(date(2026, 12, 15), status=SessionStatus.FINALIZED)
    assert code_of(entry_refusal(session, EVENING_UTC)) == "SESSION_NOT_ACCESSIBLE"


@pytest.mark.parametrize(
    ("extra_time", "minutes", "seconds"),
    [(0, 105, 0), (30, 136, 30), (33, 139, 39), (99, 208, 57)],
)
def test_a_pupils_theoretical_end_is_105_minutes_stretched_by_their_extra_time(
    extra_time: int, minutes: int, seconds: int
) -> None:
    started = datetime(2026, 12, 15, 4, 0, tzinfo=UTC)
    candidate = a_candidate(
        status=CandidateStatus.STARTED, joined_at=started, extra_time_percentage=extra_time
    )
    assert candidate.theoretical_end_at == started + timedelta(minutes=minutes, seconds=seconds)
    assert a_candidate().theoretical_end_at is None


def test_finished_means_completed_or_ended_by_the_invigilator() -> None:
    assert a_candidate(status=CandidateStatus.ENDED_BY_SUPERVISOR).has_finished
    assert a_candidate(status=CandidateStatus.COMPLETED).has_finished
    assert not a_candidate(status=CandidateStatus.STARTED).has_finished


def test_the_supervisor_password_is_typed_with_any_case_and_spaces() -> None:
    session = a_session(date(2026, 12, 15))
    assert session.accepts_supervisor_password(" c-7k2mx ")
    assert not session.accepts_supervisor_password("C-7K2MY")
    assert not session.accepts_supervisor_password("C-7K2MXX")


def test_ending_a_test_needs_a_reason_of_at_most_500_characters() -> None:
    assert validate_end_reason(EndInput(reason="  Malaise  ")) == "Malaise"
    for reason in (None, "   ", "x" * 501):
        with pytest.raises(errors.RuleViolation) as refused:
            validate_end_reason(EndInput(reason=reason))
        assert refused.value.details[0].field == "reason"


def test_a_decision_on_presence_must_say_yes_or_no() -> None:
    assert validate_authorization(AuthorizationInput(authorized=False)) is False
    with pytest.raises(errors.RuleViolation):
        validate_authorization(AuthorizationInput())


def test_the_lockout_says_when_to_come_back() -> None:
    start = datetime(2026, 12, 15, 8, 0, tzinfo=UTC)
    refused = too_many_attempts(Lockout(window_start=start), start + timedelta(minutes=5))
    assert refused.code == "TOO_MANY_ATTEMPTS"
    assert refused.extra == {"retry_after_seconds": 600}
    assert "10 minutes" in refused.message
    last = too_many_attempts(Lockout(window_start=start), start + LOCKOUT_WINDOW)
    assert last.extra == {"retry_after_seconds": 1} and "1 minute." in last.message


def test_the_invigilator_acts_under_the_sessions_name_in_the_trail() -> None:
    audit = Audit.by(Invigilator(session_id=7), datetime(2026, 12, 15, tzinfo=UTC))
    assert audit.actor.label == "Surveillant de la session 7"
    member = Audit.by(Identity(user_id="u1", email="a@b.test"), datetime(2026, 12, 15, tzinfo=UTC))
    assert member.actor.label == "a@b.test"
