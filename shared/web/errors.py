"""The one table from domain errors to HTTP statuses, and the contract's error body."""

from __future__ import annotations

import re
from typing import Any

from shared.domain import errors

STATUS_BY_ERROR: dict[type[errors.DomainError], int] = {
    errors.BadRequest: 400,
    errors.Unauthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Gone: 410,
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
            {"field": json_field(d.field), "code": d.code, "message": d.message}
            for d in error.details
        ]
    body.update({json_name(name): value for name, value in error.extra.items()})
    return body


# A Python field name (`extra_time_percentage`); ids such as uuids never match.
_SNAKE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")


def json_name(name: str) -> str:
    """The contract's camelCase name of a domain field name."""
    if not _SNAKE_NAME.match(name):
        return name
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def json_field(path: str) -> str:
    """A field path as the client knows it: `candidates[0].candidate_id` →
    `candidates[0].candidateId`. The domain names fields in Python; only this edge knows JSON."""
    parts = []
    for segment in path.split("."):
        name, bracket, index = segment.partition("[")
        parts.append(json_name(name) + bracket + index)
    return ".".join(parts)
