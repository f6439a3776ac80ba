"""How a pupil joins a session: the form they fill in, the lockout after repeated failures,
and the course grant that lets them report the end of their test."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.deadline import local_today
from shared.domain.errors import FieldError
from shared.domain.session import Session, SessionStatus
from shared.domain.student import identity_key

COURSE_GRANT_LIFETIME = timedelta(hours=8)
# Pupils may enter from the session's day (in the center's timezone) until 24 hours after the
# first of them started.
ENTRY_WINDOW = timedelta(hours=24)

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


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


def ensure_born_before(form: JoinForm, session: Session) -> None:
    """A birthdate on or after the session's day is a typo, not a pupil."""
    if form.birthdate >= session.date:
        raise errors.validation_failed(
            [FieldError("birthdate", "INVALID", "Veuillez indiquer une date de naissance valide.")]
        )


def session_not_accessible() -> errors.Conflict:
    return errors.Conflict(
        "SESSION_NOT_ACCESSIBLE",
        "Cette session est terminée : il n'est plus possible de la rejoindre.",
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


# --- the entry window and the invigilator's say ----------------------------------------------


def entry_refusal(session: Session, now: datetime) -> errors.DomainError | None:
    """Why no pupil may enter `session` at `now`, if they may not. Judged before anything the
    pupil typed is checked: outside its window a session answers the same to everyone."""
    if session.status is not SessionStatus.CREATED:
        return session_not_accessible()
    if local_today(now, session.center_timezone) < session.date:
        return session_not_open_yet(session)
    if session.first_started_at is not None and now >= session.first_started_at + ENTRY_WINDOW:
        return session_entry_closed()
    return None


def session_not_open_yet(session: Session) -> errors.Conflict:
    return errors.Conflict(
        "SESSION_NOT_OPEN_YET",
        f"Cette session n'a pas encore commencé : elle a lieu le {session.date:%d/%m/%Y}.",
        extra={"date": session.date.isoformat()},
    )


def session_entry_closed() -> errors.Conflict:
    return errors.Conflict(
        "SESSION_ENTRY_CLOSED",
        "Il n'est plus possible d'entrer dans cette session : elle a commencé il y a plus de "
        "24 heures.",
    )


def not_authorized_to_start() -> errors.Forbidden:
    return errors.Forbidden(
        "CANDIDATE_NOT_AUTHORIZED_TO_START",
        "Votre surveillant n'a pas confirmé votre présence dans la salle. Rapprochez-vous de "
        "votre surveillant.",
    )


def not_authorized_to_resume() -> errors.Forbidden:
    return errors.Forbidden(
        "CANDIDATE_NOT_AUTHORIZED_TO_RESUME",
        "Vous avez déjà commencé votre test. Pour le reprendre, demandez à votre surveillant "
        "d'autoriser la reprise.",
    )


def test_is_over() -> errors.Conflict:
    return errors.Conflict(
        "CANDIDATE_TEST_ENDED",
        "Votre test est terminé : il ne peut plus être repris.",
    )


def ended_by_supervisor() -> errors.Conflict:
    return errors.Conflict(
        "CANDIDATE_ENDED_BY_SUPERVISOR",
        "Votre surveillant a mis fin à votre test.",
    )
