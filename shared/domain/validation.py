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
