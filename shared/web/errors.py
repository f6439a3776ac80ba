"""The one table from domain errors to HTTP statuses, and the contract's error body."""

from __future__ import annotations

from typing import Any

from shared.domain import errors

STATUS_BY_ERROR: dict[type[errors.DomainError], int] = {
    errors.BadRequest: 400,
    errors.Unauthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.PreconditionFailed: 412,
    errors.PayloadTooLarge: 413,
    errors.UnsupportedMediaType: 415,
    errors.RuleViolation: 422,
    errors.TooManyAttempts: 429,
}

INTERNAL_ERROR_BODY = {
    "code": "INTERNAL_ERROR",
    "message": "Une erreur inattendue est survenue. Veuillez réessayer plus tard.",
}


def status_of(error: errors.DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[kind]
    return 500


def error_body(error: errors.DomainError) -> dict[str, Any]:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.details:
        body["details"] = [
            {"field": d.field, "code": d.code, "message": d.message} for d in error.details
        ]
    body.update(error.extra)
    return body
