"""How a pupil joins a session: the form they fill in, the lockout after repeated failures,
and the course grant that lets them report the end of their test."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.errors import FieldError
from shared.domain.student import identity_key

MAX_FAILED_ATTEMPTS = 10
LOCKOUT_WINDOW = timedelta(minutes=15)
COURSE_GRANT_LIFETIME = timedelta(hours=8)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class JoinForm(BaseModel):
    model_config = ConfigDict(frozen=True)

    access_code: str
    last_name: str
    first_name: str
    birthdate: date

    @property
    def join_key(self) -> str:
        return identity_key(self.last_name, self.first_name, self.birthdate)


class JoinInput(BaseModel):
    """What the pupil typed, as sent."""

    model_config = ConfigDict(frozen=True)

    access_code: str | None = None
    last_name: str | None = None
    first_name: str | None = None
    birthdate: str | None = None


_MISSING = {
    "access_code": "Veuillez indiquer le code d'accès de la session.",
    "last_name": "Veuillez indiquer votre nom de naissance.",
    "first_name": "Veuillez indiquer votre prénom.",
    "birthdate": "Veuillez indiquer votre date de naissance.",
}


def validate_join_form(form: JoinInput) -> JoinForm:
    values = {name: (getattr(form, name) or "").strip() for name in _MISSING}
    problems = [FieldError(k, "REQUIRED", m) for k, m in _MISSING.items() if not values[k]]
    birthdate: date | None = None
    if values["birthdate"]:
        try:
            if not _DATE.match(values["birthdate"]):
                raise ValueError(values["birthdate"])
            birthdate = date.fromisoformat(values["birthdate"])
        except ValueError:
            problems.append(
                FieldError(
                    "birthdate", "INVALID", "Veuillez indiquer une date de naissance valide."
                )
            )
    if problems or birthdate is None:
        raise errors.validation_failed(problems)
    return JoinForm(
        access_code=values["access_code"].upper(),
        last_name=values["last_name"],
        first_name=values["first_name"],
        birthdate=birthdate,
    )


class JoinAttempts(BaseModel):
    """Failed attempts on one session since `window_start`."""

    model_config = ConfigDict(frozen=True)

    window_start: datetime
    failures: int

    def window_end(self) -> datetime:
        return self.window_start + LOCKOUT_WINDOW

    def is_current(self, now: datetime) -> bool:
        return now < self.window_end()

    def locks(self, now: datetime) -> bool:
        return self.is_current(now) and self.failures >= MAX_FAILED_ATTEMPTS


def too_many_attempts(attempts: JoinAttempts, now: datetime) -> errors.TooManyAttempts:
    minutes = max(1, math.ceil((attempts.window_end() - now).total_seconds() / 60))
    return errors.TooManyAttempts(
        "TOO_MANY_ATTEMPTS",
        f"Trop de tentatives infructueuses pour cette session. Réessayez dans {minutes} minute"
        f"{'s' if minutes > 1 else ''}.",
        extra={"retry_after_seconds": int((attempts.window_end() - now).total_seconds())},
    )


def session_not_accessible() -> errors.Conflict:
    return errors.Conflict(
        "SESSION_NOT_ACCESSIBLE",
        "Cette session est terminée : il n'est plus possible de la rejoindre.",
    )


class CourseGrant(BaseModel):
    """What a course token proves: this candidate of this session may report their test's end."""

    model_config = ConfigDict(frozen=True)

    certification_number: int
    session_id: int
    candidate_id: str
    expires_at: datetime


def invalid_course_token() -> errors.Unauthenticated:
    return errors.Unauthenticated(
        "INVALID_COURSE_TOKEN", "Le jeton du test est invalide ou a expiré."
    )
