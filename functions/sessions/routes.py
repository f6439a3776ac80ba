"""Routes of sessions: declarations only; the handlers are in functions/sessions/handlers.py."""

from chalice.app import Blueprint

from functions.api import route

blueprint = Blueprint(__name__)

route(
    blueprint,
    "/centers/{center_id}/sessions",
    methods=["GET"],
    operation="ListSessions",
    handler="functions.sessions.handlers:list_sessions",
)
route(
    blueprint,
    "/centers/{center_id}/sessions",
    methods=["POST"],
    operation="CreateSession",
    status=201,
    idempotent=True,
    handler="functions.sessions.handlers:create_session",
)
route(
    blueprint,
    "/sessions/{session_id}",
    methods=["GET"],
    operation="GetSession",
    handler="functions.sessions.handlers:get_session",
)
route(
    blueprint,
    "/sessions/{session_id}",
    methods=["PATCH"],
    operation="UpdateSession",
    handler="functions.sessions.handlers:update_session",
)
route(
    blueprint,
    "/sessions/{session_id}",
    methods=["DELETE"],
    operation="DeleteSession",
    handler="functions.sessions.handlers:delete_session",
)
route(
    blueprint,
    "/sessions/{session_id}/attendance-sheet",
    methods=["GET"],
    operation="GetAttendanceSheet",
    handler="functions.sessions.handlers:attendance_sheet",
)
route(
    blueprint,
    "/sessions/{session_id}/events",
    methods=["GET"],
    operation="ListSessionEvents",
    handler="functions.sessions.handlers:list_events",
)
