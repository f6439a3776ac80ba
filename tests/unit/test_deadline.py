"""The finalization deadline: 48 h after start + 105 min (stretched by extra time), computed
in the center's timezone and stored in UTC."""

from datetime import UTC, date, datetime, time

import pytest

from shared.domain.deadline import finalization_deadline, theoretical_end


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_the_seed_example_in_paris_winter() -> None:
    # 14/12/2020 12:00 in Paris (UTC+1): ends 12:45 UTC, deadline two days later.
    assert theoretical_end(date(2020, 12, 14), time(12, 0), "Europe/Paris") == utc(
        2020, 12, 14, 12, 45
    )
    assert finalization_deadline(date(2020, 12, 14), time(12, 0), "Europe/Paris") == utc(
        2020, 12, 16, 12, 45
    )


def test_paris_summer_time_is_utc_plus_two() -> None:
    assert finalization_deadline(date(2026, 6, 15), time(9, 0), "Europe/Paris") == utc(
        2026, 6, 17, 8, 45
    )


def test_la_reunion_is_utc_plus_four_all_year() -> None:
    for day in (date(2026, 1, 15), date(2026, 7, 15)):
        assert theoretical_end(day, time(8, 0), "Indian/Reunion") == datetime.combine(
            day, time(5, 45), tzinfo=UTC
        )


def test_a_session_spanning_the_spring_change_lasts_105_real_minutes() -> None:
    # 29 March 2026: clocks jump from 02:00 to 03:00 in Paris. Start 01:30 CET = 00:30 UTC.
    end = theoretical_end(date(2026, 3, 29), time(1, 30), "Europe/Paris")
    assert end == utc(2026, 3, 29, 2, 15)  # 04:15 local (CEST), 105 minutes after the start


def test_a_session_spanning_the_autumn_change_lasts_105_real_minutes() -> None:
    # 25 October 2026: clocks go back from 03:00 to 02:00. Start 01:30 CEST = 23:30 UTC.
    end = theoretical_end(date(2026, 10, 25), time(1, 30), "Europe/Paris")
    assert end == utc(2026, 10, 25, 1, 15)


def test_a_start_in_the_spring_gap_uses_the_offset_before_the_change() -> None:
    # 02:30 does not exist on 29 March 2026 in Paris; read as 02:30 CET = 01:30 UTC.
    assert theoretical_end(date(2026, 3, 29), time(2, 30), "Europe/Paris") == utc(
        2026, 3, 29, 3, 15
    )


def test_an_ambiguous_autumn_start_is_the_first_occurrence() -> None:
    # 02:30 happens twice on 25 October 2026; the first is CEST (UTC+2) = 00:30 UTC.
    assert theoretical_end(date(2026, 10, 25), time(2, 30), "Europe/Paris") == utc(
        2026, 10, 25, 2, 15
    )


def test_a_deadline_two_days_after_a_dst_change_is_48_elapsed_hours() -> None:
    # Ends Saturday 28 March 2026 at 12:45 UTC (13:45 CET); the deadline is Monday 30 March
    # at 12:45 UTC, which the clocks of Paris, now on CEST, show as 14:45 — not 13:45.
    assert finalization_deadline(date(2026, 3, 28), time(12, 0), "Europe/Paris") == utc(
        2026, 3, 30, 12, 45
    )


@pytest.mark.parametrize(
    ("percentage", "minutes", "seconds"),
    [(0, 105, 0), (33, 139, 39), (50, 157, 30), (99, 208, 57)],
)
def test_extra_time_stretches_the_theoretical_end(
    percentage: int, minutes: int, seconds: int
) -> None:
    start = utc(2026, 12, 14, 11, 0)  # 12:00 in Paris
    end = theoretical_end(date(2026, 12, 14), time(12, 0), "Europe/Paris", percentage)
    assert (end - start).total_seconds() == minutes * 60 + seconds
