"""The 48-hour rule on in-memory fakes: what is due, reminders, overdue flags, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from shared.domain.compliance import NotificationKind
from shared.domain.session import SessionDetails, SessionStatus, new_session
from shared.services import compliance
from tests.fakes import FakeCompliance, FakeNotifier, FakeSessions, an_event

# 14/12/2026 12:00 in Paris: ends 12:45 UTC, deadline 16/12 12:45 UTC, reminder 15/12 12:45.
DEADLINE = datetime(2026, 12, 16, 12, 45, tzinfo=UTC)


def stored(
    sessions: FakeSessions,
    session_id: int = 1,
    started: int = 0,
    start: time = time(12),
    **changes: object,
) -> None:
    session = new_session(
        session_id=session_id,
        center_id="c-paris",
        center_name="Collège Anne Frank",
        center_timezone="Europe/Paris",
        details=SessionDetails(
            address="A", room="B", date=date(2026, 12, 14), time=start, examiner="C"
        ),
        access_code=f"BCDF{session_id:02d}"[-6:],
        supervisor_password="C-7K2MX",
        created_by="u",
        now=datetime(2026, 12, 1, tzinfo=UTC),
    ).model_copy(update={"started_count": started, **changes})
    sessions.add(session, an_event(session_id))


@pytest.fixture
def world() -> tuple[FakeSessions, FakeCompliance, FakeNotifier]:
    sessions = FakeSessions()
    return sessions, FakeCompliance(sessions), FakeNotifier()


def run(
    world: tuple[FakeSessions, FakeCompliance, FakeNotifier], at: datetime
) -> compliance.SweepReport:
    _, store, notifier = world
    return compliance.sweep(store, notifier, at)


def test_nothing_is_due_before_the_reminder(world) -> None:  # type: ignore[no-untyped-def]
    stored(world[0], started=3)
    report = run(world, DEADLINE - timedelta(hours=24, seconds=1))
    assert (report.examined, report.reminded, report.flagged) == (0, [], [])


def test_a_started_session_gets_one_reminder_24_hours_before(world) -> None:  # type: ignore[no-untyped-def]
    stored(world[0], started=3)
    first = run(world, DEADLINE - timedelta(hours=24))
    again = run(world, DEADLINE - timedelta(hours=23))
    assert first.reminded == [1] and again.reminded == []
    (sent,) = world[2].sent
    assert sent.kind is NotificationKind.REMINDER
    assert "Collège Anne Frank" in sent.message and "16/12/2026 à 13:45" in sent.message


def test_a_session_nobody_joined_gets_no_reminder_but_is_flagged_overdue(world) -> None:  # type: ignore[no-untyped-def]
    stored(world[0])
    assert run(world, DEADLINE - timedelta(hours=1)).reminded == []
    report = run(world, DEADLINE)
    assert report.flagged == [1]
    assert [n.kind for n in world[2].sent] == [NotificationKind.OVERDUE]
    assert world[0].get(1).finalization_overdue  # type: ignore[union-attr]


def test_overdue_is_flagged_and_notified_once(world) -> None:  # type: ignore[no-untyped-def]
    stored(world[0], started=2)
    first = run(world, DEADLINE + timedelta(minutes=5))  # the sweep was late: both at once
    second = run(world, DEADLINE + timedelta(minutes=20))
    assert (first.reminded, first.flagged) == ([], [1])  # no reminder once the deadline passed
    assert second.examined == 0 and second.flagged == []
    assert [n.kind for n in world[2].sent] == [NotificationKind.OVERDUE]


def test_a_finalized_session_is_never_due(world) -> None:  # type: ignore[no-untyped-def]
    stored(world[0], started=2, status=SessionStatus.FINALIZED)
    assert run(world, DEADLINE + timedelta(days=3)).examined == 0
    assert world[2].sent == []


def test_a_failed_notification_is_tried_again_by_the_next_sweep(world) -> None:  # type: ignore[no-untyped-def]
    sessions, store, _ = world
    stored(sessions, started=1, reminder_sent=True)
    failing = compliance.sweep(store, FakeNotifier(failing=True), DEADLINE)
    assert failing.failed == [1] and not sessions.get(1).finalization_overdue  # type: ignore[union-attr]
    retry = run(world, DEADLINE + timedelta(minutes=15))
    assert retry.flagged == [1]


def test_a_new_deadline_re_arms_the_rule(world) -> None:  # type: ignore[no-untyped-def]
    sessions, _, _ = world
    stored(sessions, started=1)
    run(world, DEADLINE)
    session = sessions.get(1)
    assert session is not None and session.finalization_overdue
    stretched = session.with_largest_extra_time(50)  # 52 min 30 s more
    assert not stretched.finalization_overdue and not stretched.reminder_sent
    assert stretched.finalization_deadline == DEADLINE + timedelta(minutes=52, seconds=30)


def test_pix_staff_list_overdue_sessions_oldest_deadline_first(world) -> None:  # type: ignore[no-untyped-def]
    from shared.domain.errors import Forbidden
    from shared.domain.pagination import PageRequest
    from shared.domain.people import Identity

    sessions, store, _ = world
    stored(sessions, session_id=1, started=1, start=time(15))  # later deadline
    stored(sessions, session_id=2, started=1)
    run(world, DEADLINE + timedelta(days=1))
    staff = Identity(user_id="s", email="staff@pix.test", is_pix_admin=True)
    page = compliance.list_overdue(store, staff, PageRequest())
    assert [s.id for s in page.items] == [2, 1]
    with pytest.raises(Forbidden):
        compliance.list_overdue(store, Identity(user_id="a", email="a@b.test"), PageRequest())
