"""The query parameters and headers that routes name in their declarations."""

from __future__ import annotations

from typing import Any

from shared.domain.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from shared.domain.session import SessionFilter, SessionStatus

MAX_IDEMPOTENCY_KEY_LENGTH = 255

QUERY: dict[str, dict[str, Any]] = {
    "page": {
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    "pageSize": {
        "description": f"Items per page, at most {MAX_PAGE_SIZE}.",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE,
        },
    },
    "status": {
        "description": "Only the sessions in this state. The school's list: TO_FINALIZE is "
        "begun and not finalized, OVERDUE is past its 48-hour deadline. Pix staff's queues "
        "(GET /admin/sessions): FINALIZED (the default), IN_PROCESS or PROCESSED.",
        "schema": {
            "type": "string",
            "enum": [f.value for f in SessionFilter] + [SessionStatus.IN_PROCESS.value],
        },
    },
    "requiresAction": {
        "description": "Only the sessions that require action (true) or only the others "
        "(false); absent: both.",
        "schema": {"type": "string", "enum": ["true", "false"]},
    },
    "cursor": {
        "description": "The `nextCursor` of the previous page: the next page in one read, "
        "however deep (without it, page p reads the p − 1 pages before).",
        "schema": {"type": "string"},
    },
    "code": {
        "description": "The secret code of the invitation's link (`/rejoindre?invitation=…"
        "&code=…`).",
        "schema": {"type": "string"},
    },
    "division": {
        "description": "Only the pupils of these classes (repeat the parameter for several); "
        "a class's results and attestations take one class.",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    },
}

HEADERS: dict[str, dict[str, Any]] = {
    "If-Match": {
        "description": 'The session\'s `version` as read (`3`, `"3"` or `W/"3"`): the change '
        "is refused with 412 if the session changed meanwhile. Absent or `*`: any version.",
        "schema": {"type": "string"},
    },
    "Accept": {
        "description": "Must accept `application/pdf` (API Gateway returns binary bodies only "
        "to requests that name their type).",
        "schema": {"type": "string", "default": "application/pdf"},
    },
    "Idempotency-Key": {
        "description": "Any string of 1 to 255 characters, one per user action: the same key "
        "and body replayed within 24 hours return the first answer and create nothing new.",
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY_LENGTH},
    },
}

RESPONSE_HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "The session's version, to send back as `If-Match`.",
        "schema": {"type": "string"},
    },
    "Content-Disposition": {
        "description": "`attachment` with the file's name.",
        "schema": {"type": "string"},
    },
    "X-Request-Id": {
        "description": "Finds the request's logs: quote it when reporting a problem.",
        "schema": {"type": "string"},
    },
}

# Path parameters that are numbers; every other one is an opaque string.
INTEGER_PATH_PARAMETERS = {
    "session_id": "The session number (`id`).",
    "certification_number": "The candidate's certification number.",
}
