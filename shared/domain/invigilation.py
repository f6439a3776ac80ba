"""Exam day, the invigilator's side: access to one session with its supervisor password, and
what the person in the room decides — a pupil's presence, a resume, the end of a test."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.errors import FieldError

INVIGILATOR_TOKEN_LIFETIME = timedelta(hours=12)
MAX_END_REASON_LENGTH = 500


class InvigilatorGrant(BaseModel):
    """What an invigilator token proves: access to the supervising routes of one session."""

    model_config = ConfigDict(frozen=True)

    session_id: int
    expires_at: datetime


class InvigilatorLoginInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_id: int | None = None
    supervisor_password: str | None = None


class AuthorizationInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    authorized: bool | None = None


class EndInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    reason: str | None = None


def validate_login(form: InvigilatorLoginInput) -> tuple[int, str]:
    """Both fields are needed; which session and which password is for the check to say."""
    problems = []
    if form.session_id is None:
        problems.append(
            FieldError("session_id", "REQUIRED", "Veuillez indiquer le numéro de la session.")
        )
    if not (form.supervisor_password or "").strip():
        problems.append(
            FieldError(
                "supervisor_password", "REQUIRED", "Veuillez indiquer le mot de passe surveillant."
            )
        )
    if problems or form.session_id is None:
        raise errors.validation_failed(problems)
    return form.session_id, form.supervisor_password or ""


def validate_end_reason(form: EndInput) -> str:
    reason = (form.reason or "").strip()
    if not reason:
        raise errors.validation_failed(
            [FieldError("reason", "REQUIRED", "Indiquez pourquoi vous mettez fin à ce test.")]
        )
    if len(reason) > MAX_END_REASON_LENGTH:
        raise errors.validation_failed(
            [
                FieldError(
                    "reason",
                    "TOO_LONG",
                    f"La raison ne doit pas dépasser {MAX_END_REASON_LENGTH} caractères.",
                )
            ]
        )
    return reason


def validate_authorization(form: AuthorizationInput) -> bool:
    if form.authorized is None:
        raise errors.validation_failed(
            [FieldError("authorized", "REQUIRED", "Indiquez si la présence est confirmée.")]
        )
    return form.authorized


# --- the invigilator's decisions -------------------------------------------------------------


def candidate_not_started() -> errors.Conflict:
    return errors.Conflict(
        "CANDIDATE_NOT_STARTED",
        "Ce candidat n'a pas commencé son test, ou l'a déjà terminé.",
    )


def candidate_already_joined() -> errors.Conflict:
    return errors.Conflict(
        "CANDIDATE_ALREADY_JOINED",
        "Ce candidat a déjà rejoint la session : sa présence ne peut plus être retirée.",
    )


def invalid_supervisor_credentials() -> errors.Unauthenticated:
    return errors.Unauthenticated(
        "INVALID_SUPERVISOR_CREDENTIALS", "Numéro de session ou mot de passe incorrect."
    )


def invalid_invigilator_token() -> errors.Unauthenticated:
    return errors.Unauthenticated(
        "UNAUTHENTICATED", "Vous devez être connecté pour accéder à cette ressource."
    )


def invigilation_closed() -> errors.Unauthenticated:
    return errors.Unauthenticated(
        "INVIGILATION_CLOSED",
        "La session a été finalisée : l'espace surveillant de cette session est fermé.",
    )
