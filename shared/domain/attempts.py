"""Guessing is slowed: at most so many failed attempts within 15 minutes — per session for
pupils joining (access code and identity) and invigilators logging in (supervisor password),
per e-mail address and per client address for staff logging in (password spraying).

An attempt *reserves* its place in the window before anything it sent is checked, and gives
the place back if it was not a failure: concurrent attempts cannot pass the limit, and a
pupil told to wait for the invigilator may try again without being counted."""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.domain import errors

MAX_FAILED_ATTEMPTS = 10
LOCKOUT_WINDOW = timedelta(minutes=15)


class AttemptKind(StrEnum):
    JOIN = "JOIN"  # per session
    INVIGILATOR_LOGIN = "INVIGILATOR_LOGIN"  # per session
    ACCOUNT_LOGIN = "ACCOUNT_LOGIN"  # per e-mail address (hashed), whether it exists or not
    LOGIN_SOURCE = "LOGIN_SOURCE"  # per client IP address: one password against many accounts


# A school's staff share one address (the school's network) on a busy morning: wider there.
_LIMITS = {AttemptKind.LOGIN_SOURCE: 50}


def max_failures(kind: AttemptKind) -> int:
    return _LIMITS.get(kind, MAX_FAILED_ATTEMPTS)


class Reservation(BaseModel):
    """A place held in the window that started at `window_start`."""

    model_config = ConfigDict(frozen=True)

    kind: AttemptKind
    subject: str
    window_start: datetime


class Lockout(BaseModel):
    """The window is full until `window_start` + LOCKOUT_WINDOW."""

    model_config = ConfigDict(frozen=True)

    window_start: datetime

    @property
    def window_end(self) -> datetime:
        return self.window_start + LOCKOUT_WINDOW


def address_subject(email: str) -> str:
    """The subject of an e-mail address's window: a digest, so that no address is kept."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def too_many_attempts(lockout: Lockout, now: datetime) -> errors.TooManyAttempts:
    seconds = max(1, math.ceil((lockout.window_end - now).total_seconds()))
    minutes = max(1, math.ceil(seconds / 60))
    return errors.TooManyAttempts(
        "TOO_MANY_ATTEMPTS",
        f"Trop de tentatives infructueuses pour cette session. Réessayez dans {minutes} minute"
        f"{'s' if minutes > 1 else ''}.",
        extra={"retry_after_seconds": seconds},
    )
