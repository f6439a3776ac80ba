"""Small shared validation helpers: required text fields with French messages."""

from __future__ import annotations

from typing import ClassVar, Protocol

from shared.domain import errors
from shared.domain.errors import FieldError


class TextForm(Protocol):
    """A form whose `REQUIRED` fields (name: message when blank) are text."""

    REQUIRED: ClassVar[dict[str, str]]


def require_text(form: TextForm) -> None:
    """Every required field must be a non-blank string; all faults are reported together."""
    problems = [
        FieldError(name, "REQUIRED", message)
        for name, message in form.REQUIRED.items()
        if not (getattr(form, name) or "").strip()
    ]
    if problems:
        raise errors.validation_failed(problems)


# An identifier from a URL or a body is looked up in DynamoDB, which refuses keys over 1 024
# bytes with an error; one that cannot be real is answered like an unknown one, unread.
MAX_IDENTIFIER_LENGTH = 128


def is_identifier(value: str) -> bool:
    return 0 < len(value) <= MAX_IDENTIFIER_LENGTH and value.isprintable()
