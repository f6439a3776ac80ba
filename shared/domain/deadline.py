"""When a session ends in theory and when it must be finalized.

Local start times are turned into instants in the center's IANA timezone; durations are
then added as elapsed time, so a session that spans a DST change still lasts 105 minutes.
A local time that does not exist (the spring-forward gap) is read with the offset in force
before the change, as `zoneinfo` does with fold=0; an ambiguous one (autumn) is the first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

THEORETICAL_DURATION_SECONDS = 105 * 60
FINALIZATION_DELAY = timedelta(hours=48)


def local_start(day: date, start: time, timezone: str) -> datetime:
    return datetime.combine(day, start, tzinfo=ZoneInfo(timezone))


def test_duration(extra_time_percentage: int = 0) -> timedelta:
    """105 minutes stretched by an extra time: 105 × (1 + p/100)."""
    # 105 min × (100 + p) / 100 = 63 × (100 + p) seconds: exact, no float rounding.
    return timedelta(seconds=THEORETICAL_DURATION_SECONDS * (100 + extra_time_percentage) // 100)


def theoretical_end(
    day: date, start: time, timezone: str, extra_time_percentage: int = 0
) -> datetime:
    """The session's start + the test's duration stretched by the largest extra time, in UTC."""
    # Convert before adding: aware arithmetic in one ZoneInfo is wall-clock arithmetic.
    return local_start(day, start, timezone).astimezone(UTC) + test_duration(extra_time_percentage)


def finalization_deadline(
    day: date, start: time, timezone: str, extra_time_percentage: int = 0
) -> datetime:
    return theoretical_end(day, start, timezone, extra_time_percentage) + FINALIZATION_DELAY


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()
