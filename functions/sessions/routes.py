"""Routes of sessions: declarations only; the handlers are in functions/sessions/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.sessions.handlers"
SESSION_OUT = "functions.sessions.schemas:SessionOut"
NOT_FOUND = {404: ("SESSION_NOT_FOUND",)}

route(
    blueprint,
    Route(
        "/centers/{center_id}/sessions",
        "GET",
        "ListSessions",
        f"{HANDLERS}:list_sessions",
        "The center's sessions, newest date first",
        query=("status", "page", "pageSize"),
        errors={404: ("CENTER_NOT_FOUND",)},
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/sessions",
        "POST",
        "CreateSession",
        f"{HANDLERS}:create_session",
        "Create a session",
        status=201,
        idempotent=True,
        errors={404: ("CENTER_NOT_FOUND",), 422: ("SESSION_IN_THE_PAST", "SESSION_TOO_FAR_AHEAD")},
    ),
)
route(
    blueprint,
    Route(
        "/sessions/{session_id}",
        "GET",
        "GetSession",
        f"{HANDLERS}:get_session",
        "A session; its version is also the ETag",
        response_model=SESSION_OUT,
        response_headers=("ETag",),
        errors=NOT_FOUND,
    ),
)
route(
    blueprint,
    Route(
        "/sessions/{session_id}",
        "PATCH",
        "UpdateSession",
        f"{HANDLERS}:update_session",
        "Edit the fields sent; once a candidate has joined, only the description",
        headers=("If-Match",),
        response_model=SESSION_OUT,
        response_headers=("ETag",),
        errors={
            **NOT_FOUND,
            409: ("SESSION_ALREADY_STARTED", "SESSION_ALREADY_FINALIZED"),
            412: ("VERSION_MISMATCH",),
            422: ("SESSION_IN_THE_PAST", "SESSION_TOO_FAR_AHEAD"),
        },
    ),
)
route(
    blueprint,
    Route(
        "/sessions/{session_id}",
        "DELETE",
        "DeleteSession",
        f"{HANDLERS}:delete_session",
        "Delete a session nobody has joined",
        errors={
            **NOT_FOUND,
            409: ("SESSION_ALREADY_STARTED", "SESSION_ALREADY_FINALIZED"),
            412: ("VERSION_MISMATCH",),
        },
    ),
)
route(
    blueprint,
    Route(
        "/sessions/{session_id}/attendance-sheet",
        "GET",
        "GetAttendanceSheet",
        f"{HANDLERS}:attendance_sheet",
        "The attendance sheet followed by the incident report (PV d'incident), as a PDF",
        headers=("Accept",),
        produces="application/pdf",
        response_headers=("Content-Disposition",),
        errors={400: ("PDF_NOT_ACCEPTED",), **NOT_FOUND},
    ),
)
route(
    blueprint,
    Route(
        "/sessions/{session_id}/events",
        "GET",
        "ListSessionEvents",
        f"{HANDLERS}:list_events",
        "The session's audit trail, oldest first",
        query=("page", "pageSize"),
        errors=NOT_FOUND,
    ),
)
