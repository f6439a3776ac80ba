"""Domain errors. Each kind maps to one HTTP status in `shared.web.errors`, and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    message: str


@dataclass
class DomainError(Exception):
    code: str
    message: str
    details: list[FieldError] = field(default_factory=list)
    # Extra top-level fields of the error body, e.g. the Cognito `session` of NEW_PASSWORD_REQUIRED.
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class BadRequest(DomainError):
    """Malformed input: not JSON, wrong types, bad query parameters (400)."""


class Unauthenticated(DomainError):
    """No valid identity (401)."""


class Forbidden(DomainError):
    """Authenticated but not allowed (403)."""


class NotFound(DomainError):
    """Missing, or not the caller's to see (404)."""


class Conflict(DomainError):
    """The resource's state forbids the action (409)."""


class Gone(DomainError):
    """Existed, and is over for good: an expired or cancelled invitation (410)."""


class PreconditionFailed(DomainError):
    """Stale optimistic-lock version (412)."""


class PayloadTooLarge(DomainError):
    """Body above the accepted size (413)."""


class UnsupportedMediaType(DomainError):
    """Body of a content type the route does not take (415)."""


class RuleViolation(DomainError):
    """Well-formed input that breaks a business rule (422)."""


class TooManyAttempts(DomainError):
    """Rate limited (429)."""


def invalid_json() -> BadRequest:
    return BadRequest(
        "INVALID_JSON",
        "Les informations envoyées sont illisibles : rechargez la page puis recommencez.",
    )


def validation_failed(details: list[FieldError]) -> RuleViolation:
    return RuleViolation(
        "VALIDATION_ERROR", "Certaines informations sont manquantes ou invalides.", details
    )


def unauthenticated() -> Unauthenticated:
    return Unauthenticated(
        "UNAUTHENTICATED", "Vous devez être connecté pour accéder à cette ressource."
    )


def center_not_found() -> NotFound:
    return NotFound("CENTER_NOT_FOUND", "Ce centre de certification est introuvable.")


def session_not_found() -> NotFound:
    return NotFound("SESSION_NOT_FOUND", "Cette session de certification est introuvable.")


def session_already_started() -> Conflict:
    return Conflict(
        "SESSION_ALREADY_STARTED",
        "Au moins un candidat a rejoint la session : elle ne peut plus être supprimée, et seules "
        "ses observations peuvent encore être modifiées.",
    )


def session_already_finalized() -> Conflict:
    return Conflict("SESSION_ALREADY_FINALIZED", "La session a déjà été finalisée.")


def version_mismatch() -> PreconditionFailed:
    return PreconditionFailed(
        "VERSION_MISMATCH",
        "La session a été modifiée entre-temps. Rechargez la page puis recommencez.",
    )


def pix_admin_required() -> Forbidden:
    """Staff-only routes, for anyone outside the `pix-admin` group."""
    return Forbidden("PIX_ADMIN_REQUIRED", "Cette action est réservée aux équipes Pix.")


class AccessCodeTaken(Exception):
    """Raised by a session store when the generated access code belongs to an open session."""


class Conflicting(StrEnum):
    """Which item's condition failed in a conditional write."""

    SESSION = "session"
    CANDIDATE = "candidate"
    REPORT = "report"
    ATTACHMENT = "attachment"
    LIMIT = "limit"
    EVENT = "event"
    # The center's team: a membership that moved, the other administrator a change relies on
    # (the center keeps one), an invitation that is not pending with the code read any more.
    MEMBERSHIP = "membership"
    ADMIN = "admin"
    INVITATION = "invitation"
    # A pupil's roster entry, gone already (erased meanwhile).
    STUDENT = "student"
    # A certification result saved meanwhile by someone else; a verification code taken.
    RESULT = "result"
    CERTIFICATE = "certificate"


class WriteConflict(Exception):
    """A conditional write lost a race: `what` names the item whose condition failed. Stores
    raise it and nothing user-facing; the service re-reads and decides what to tell the user."""

    def __init__(self, what: Conflicting) -> None:
        super().__init__(what.value)
        self.what = what
