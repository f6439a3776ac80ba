"""Guessing is slowed per session: at most 10 failed attempts within 15 minutes, for pupils
joining (access code and identity) and for invigilators logging in (supervisor password).

An attempt *reserves* its place in the window before anything it sent is checked, and gives
the place back if it was not a failure: concurrent attempts cannot pass the limit, and a
pupil told to wait for the invigilator may try again without being counted."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.domain import errors

MAX_FAILED_ATTEMPTS = 10
LOCKOUT_WINDOW = timedelta(minutes=15)


class AttemptKind(StrEnum):
    JOIN = "JOIN"
    INVIGILATOR_LOGIN = "INVIGILATOR_LOGIN"


class Reservation(BaseModel):
    """A place held in the window that started at `window_start`."""

    model_config = ConfigDict(frozen=True)

    kind: AttemptKind
    session_id: int
    window_start: datetime


class Lockout(BaseModel):
    """The window is full until `window_start` + LOCKOUT_WINDOW."""

    model_config = ConfigDict(frozen=True)

    window_start: datetime

    @property
    def window_end(self) -> datetime:
        return self.window_start + LOCKOUT_WINDOW


def too_many_attempts(lockout: Lockout, now: datetime) -> errors.TooManyAttempts:
    seconds = max(1, math.ceil((lockout.window_end - now).total_seconds()))
    minutes = max(1, math.ceil(seconds / 60))
    return errors.TooManyAttempts(
        "TOO_MANY_ATTEMPTS",
        f"Trop de tentatives infructueuses pour cette session. Réessayez dans {minutes} minute"
        f"{'s' if minutes > 1 else ''}.",
        extra={"retry_after_seconds": seconds},
    )
