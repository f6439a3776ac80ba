"""Small shared validation helpers: required text fields with French messages."""

from __future__ import annotations

from collections.abc import Mapping

from shared.domain import errors
from shared.domain.errors import FieldError


def require_text(values: Mapping[str, str | None], messages: Mapping[str, str]) -> dict[str, str]:
    """Every field of `messages` must be a non-blank string; all faults are reported together."""
    problems = [
        FieldError(name, "REQUIRED", message)
        for name, message in messages.items()
        if not (values.get(name) or "").strip()
    ]
    if problems:
        raise errors.validation_failed(problems)
    return {name: values[name] or "" for name in messages}


# An identifier from a URL or a body is looked up in DynamoDB, which refuses keys over 1 024
# bytes with an error; one that cannot be real is answered like an unknown one, unread.
MAX_IDENTIFIER_LENGTH = 128


def is_identifier(value: str) -> bool:
    return 0 < len(value) <= MAX_IDENTIFIER_LENGTH and value.isprintable()
