"""The 48-hour rule on in-memory fakes: what is due, reminders, overdue flags, once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from shared.domain.audit import Actor, Audit
from shared.domain.compliance import NotificationKind
from shared.domain.errors import Forbidden
from shared.domain.pagination import PageRequest
from shared.domain.people import Membership, Role, UserProfile
from shared.domain.session import SessionCodes, SessionDetails, SessionStatus, new_session
from shared.services import compliance
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import WEB_ADDRESS, Fakes
from tests.fakes import FakeMailer, FakeNotifier, FakeSessions, an_event
from tests.unit.given import ALICE, PARIS, REUNION, STAFF

# 14/12/2026 12:00 in Paris: ends 12:45 UTC, deadline 16/12 12:45 UTC, reminder 15/12 12:45.
DEADLINE = datetime(2026, 12, 16, 12, 45, tzinfo=UTC)


def stored(
    sessions: FakeSessions,
    session_id: int = 1,
    started: int = 0,
    start: time = time(12),
    **changes: object,
) -> None:
    """A session of Paris on 14/12/2026 (at `start`), stored as it is, `changes` applied."""
    session = new_session(
        session_id,
        PARIS,
        SessionDetails(address="A", room="B", date=date(2026, 12, 14), time=start, examiner="C"),
        SessionCodes(access_code=f"BCDF{session_id:02d}"[-6:], supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("u"), at=datetime(2026, 12, 1, tzinfo=UTC)),
    ).model_copy(update={"started_count": started, **changes})
    sessions.add(session, an_event(session_id))


def test_nothing_is_due_before_the_reminder(deps: Dependencies, fakes: Fakes) -> None:
    stored(fakes.sessions, started=3)
    report = compliance.sweep(deps, DEADLINE - timedelta(hours=24, seconds=1))
    assert (report.examined, report.reminded, report.flagged) == (0, [], [])


def test_a_started_session_gets_one_reminder_24_hours_before(
    deps: Dependencies, fakes: Fakes
) -> None:
    stored(fakes.sessions, started=3)
    first = compliance.sweep(deps, DEADLINE - timedelta(hours=24))
    again = compliance.sweep(deps, DEADLINE - timedelta(hours=23))
    assert first.reminded == [1] and again.reminded == []
    (sent,) = fakes.notifier.sent
    assert sent.kind is NotificationKind.REMINDER
    assert "Collège Anne Frank" in sent.message and "16/12/2026 à 13:45" in sent.message


def test_a_session_nobody_joined_gets_no_reminder_but_is_flagged_overdue(
    deps: Dependencies, fakes: Fakes
) -> None:
    stored(fakes.sessions)
    assert compliance.sweep(deps, DEADLINE - timedelta(hours=1)).reminded == []
    report = compliance.sweep(deps, DEADLINE)
    assert report.flagged == [1]
    assert [n.kind for n in fakes.notifier.sent] == [NotificationKind.OVERDUE]
    assert fakes.sessions.sessions[1].finalization_overdue


def test_overdue_is_flagged_and_notified_once(deps: Dependencies, fakes: Fakes) -> None:
    stored(fakes.sessions, started=2)
    first = compliance.sweep(
        deps, DEADLINE + timedelta(minutes=5)
    )  # the sweep was late: both at once
    second = compliance.sweep(deps, DEADLINE + timedelta(minutes=20))
    assert (first.reminded, first.flagged) == ([], [1])  # no reminder once the deadline passed
    assert second.examined == 0 and second.flagged == []
    assert [n.kind for n in fakes.notifier.sent] == [NotificationKind.OVERDUE]


def test_a_finalized_session_is_never_due(deps: Dependencies, fakes: Fakes) -> None:
    stored(fakes.sessions, started=2, status=SessionStatus.FINALIZED)
    assert compliance.sweep(deps, DEADLINE + timedelta(days=3)).examined == 0
    assert fakes.notifier.sent == []


def test_a_failed_notification_is_tried_again_by_the_next_sweep(
    deps: Dependencies, fakes: Fakes
) -> None:
    stored(fakes.sessions, started=1, reminder_sent=True)
    failing = compliance.sweep(replace(deps, notifier=FakeNotifier(failing=True)), DEADLINE)
    assert failing.failed == [1] and not fakes.sessions.sessions[1].finalization_overdue
    retry = compliance.sweep(deps, DEADLINE + timedelta(minutes=15))
    assert retry.flagged == [1]


def test_a_later_deadline_keeps_the_overdue_flag(deps: Dependencies, fakes: Fakes) -> None:
    """The regression of issue 15: an extra time set on an overdue session cleared the flag,
    and the 48-hour notices went out a second time."""
    # Given a started session flagged overdue by the sweep
    stored(fakes.sessions, started=1)
    compliance.sweep(deps, DEADLINE)
    session = fakes.sessions.sessions[1]
    assert session.finalization_overdue

    # When a candidate's extra time moves the deadline later
    stretched = session.with_largest_extra_time(50)  # 52 min 30 s more

    # Then the deadline moves, and the session stays overdue, its reminder dealt with
    assert stretched.finalization_deadline == DEADLINE + timedelta(minutes=52, seconds=30)
    assert stretched.finalization_overdue and stretched.reminder_sent


def test_a_later_deadline_does_not_send_the_reminder_again(
    deps: Dependencies, fakes: Fakes
) -> None:
    # Given a started session that got its reminder
    stored(fakes.sessions, started=1)
    assert compliance.sweep(deps, DEADLINE - timedelta(hours=24)).reminded == [1]
    session = fakes.sessions.sessions[1]

    # When an extra time moves its deadline later
    stretched = session.with_largest_extra_time(50)

    # Then the reminder is not due again: the next check is the new deadline
    assert stretched.reminder_sent and not stretched.finalization_overdue


def test_a_new_deadline_re_arms_the_reminder_of_a_session_nobody_joined(
    deps: Dependencies, fakes: Fakes
) -> None:
    """Nobody joined: the reminder was skipped, not sent; the session moved, it is due again."""
    stored(fakes.sessions)
    compliance.sweep(deps, DEADLINE - timedelta(hours=24))
    session = fakes.sessions.sessions[1]
    assert session.reminder_sent and not session.has_started

    moved = session.with_details(session.details.model_copy(update={"date": date(2026, 12, 21)}))

    assert not moved.reminder_sent and not moved.finalization_overdue


def test_extra_times_set_after_the_notices_send_nothing_more(
    deps: Dependencies, fakes: Fakes
) -> None:
    """The sweep's view: the reminder and the overdue notice each go out once, however often
    an extra time moves the deadline in between and after."""
    stored(fakes.sessions, started=1)
    team_of_paris(fakes)  # two admins
    sweeps = [DEADLINE - timedelta(hours=24) + timedelta(minutes=15 * n) for n in range(4 * 60)]
    stretches = {20: 10, 60: 33, 100: 0, 130: 50, 200: 100}  # sweep index: the new extra time
    for index, now in enumerate(sweeps):
        if index in stretches:
            session = fakes.sessions.sessions[1]
            stretched = session.with_largest_extra_time(stretches[index])
            fakes.sessions.save(stretched, session.version, an_event(1))
        compliance.sweep(deps, now)
    assert [n.kind for n in fakes.notifier.sent] == [
        NotificationKind.REMINDER,
        NotificationKind.OVERDUE,
    ]
    assert len(fakes.mailer.sent) == 2 * 2  # each notice to each admin, once


def test_pix_staff_list_overdue_sessions_oldest_deadline_first(
    deps: Dependencies, fakes: Fakes
) -> None:
    stored(fakes.sessions, session_id=1, started=1, start=time(15))  # later deadline
    stored(fakes.sessions, session_id=2, started=1)
    compliance.sweep(deps, DEADLINE + timedelta(days=1))
    page = compliance.list_overdue(deps, STAFF, PageRequest())
    assert [s.id for s in page.items] == [2, 1]
    with pytest.raises(Forbidden):
        compliance.list_overdue(deps, ALICE, PageRequest())


def team_of_paris(fakes: Fakes) -> None:
    """Two admins and a member in Paris, an admin elsewhere: only Paris's admins hear of it."""
    since = datetime(2026, 9, 1, tzinfo=UTC)
    for user_id, role, center in (
        ("anne", Role.ADMIN, PARIS),
        ("paul", Role.ADMIN, PARIS),
        ("mona", Role.MEMBER, PARIS),
        ("remi", Role.ADMIN, REUNION),
    ):
        profile = UserProfile(
            id=user_id, email=f"{user_id}@ecole.test", first_name=user_id, last_name="X"
        )
        fakes.users.put_membership(Membership.of(profile, center, role, since))


def test_the_centers_admins_are_emailed_the_reminder_and_the_overdue_notice(
    deps: Dependencies, fakes: Fakes
) -> None:
    # Given a started session of Paris, whose team has two admins and a member
    team_of_paris(fakes)
    stored(fakes.sessions, started=3)

    # When the sweep passes 24 hours before the deadline, then after it
    reminded = compliance.sweep(deps, DEADLINE - timedelta(hours=24))
    flagged = compliance.sweep(deps, DEADLINE)

    # Then each admin of Paris got the reminder then the overdue notice, in their own e-mail
    sent = [(m.template, m.to) for m in fakes.mailer.sent]
    assert sorted(sent) == [
        ("compliance-overdue", ("anne@ecole.test",)),
        ("compliance-overdue", ("paul@ecole.test",)),
        ("compliance-reminder", ("anne@ecole.test",)),
        ("compliance-reminder", ("paul@ecole.test",)),
    ]
    assert (reminded.emails_sent, flagged.emails_sent) == (2, 2)
    assert all(f"{WEB_ADDRESS}/#/sessions/1" in m.text for m in fakes.mailer.sent)


def test_a_failed_email_neither_undoes_the_notice_nor_is_sent_twice(
    deps: Dependencies, fakes: Fakes
) -> None:
    # Given SES refusing every e-mail
    team_of_paris(fakes)
    stored(fakes.sessions, started=3)
    refusing = replace(deps, mailer=FakeMailer(failing=True))

    # When two sweeps pass after the deadline
    first = compliance.sweep(refusing, DEADLINE)
    again = compliance.sweep(refusing, DEADLINE + timedelta(minutes=15))

    # Then the session is flagged once (the SNS notice went out), the failures are counted
    assert first.flagged == [1] and again.flagged == []
    assert (first.emails_sent, first.emails_failed) == (0, 2)
    assert again.emails_failed == 0


def test_a_team_that_cannot_be_read_is_counted_not_raised(deps: Dependencies, fakes: Fakes) -> None:
    # Given two overdue sessions of Paris, and Paris's team unreadable (throttled)
    team_of_paris(fakes)
    stored(fakes.sessions, session_id=1, started=3)
    stored(fakes.sessions, session_id=2, started=3)
    reading = fakes.users.list_members

    def flaky(center_id: str) -> list[Membership]:
        if flaky.calls == 0:  # type: ignore[attr-defined]
            flaky.calls += 1  # type: ignore[attr-defined]
            raise ConnectionError("throttled")
        return reading(center_id)

    flaky.calls = 0  # type: ignore[attr-defined]
    fakes.users.list_members = flaky  # type: ignore[method-assign]

    # When the sweep passes after the deadline
    report = compliance.sweep(deps, DEADLINE)

    # Then the sweep reports both sessions flagged, and one failed e-mail per notice
    assert report.flagged == [1, 2]
    assert (report.emails_sent, report.emails_failed) == (0, 2)
