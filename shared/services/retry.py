"""Writes that depend on what was just read (a session's version, a document's status) lose
a race now and then: read again and retry, a few times."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from shared.domain.errors import WriteConflict

T = TypeVar("T")

WRITE_ATTEMPTS = 3


def retrying(
    attempt: Callable[[], T],
    on_conflict: Callable[[WriteConflict, bool], None],
    attempts: int = WRITE_ATTEMPTS,
) -> T:
    """Run `attempt` (which reads, checks and writes) until it wins. After each lost race,
    `on_conflict(conflict, last)` may raise the error the user should see (it is called inside
    the `except`, so the conflict is chained); if it does not, the next round reads afresh.
    The conflict itself is raised once the attempts are exhausted."""
    for round_number in range(1, attempts + 1):
        try:
            return attempt()
        except WriteConflict as conflict:
            last = round_number == attempts
            on_conflict(conflict, last)
            if last:
                raise
    raise AssertionError("unreachable")
