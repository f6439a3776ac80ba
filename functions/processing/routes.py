"""Routes of the processing by Pix staff (docs/processing.md): declarations only; the handlers
are in functions/processing/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.processing.handlers"
SESSION = "/admin/sessions/{session_id}"
STAFF_ONLY = {403: ("PIX_ADMIN_REQUIRED",)}
BEING_PROCESSED = ("SESSION_NOT_FINALIZED", "SESSION_ALREADY_PROCESSED")

route(
    blueprint,
    Route(
        "/admin/sessions",
        "GET",
        "ListProcessingQueue",
        f"{HANDLERS}:list_queue",
        "Pix staff: a processing queue, oldest finalization first, across all centers",
        query=("status", "requiresAction", "page", "pageSize", "cursor"),
        errors=STAFF_ONLY,
    ),
)
route(
    blueprint,
    Route(
        SESSION,
        "GET",
        "GetSessionForProcessing",
        f"{HANDLERS}:read_session",
        "Pix staff: a session with its finalization, results and events (search by number)",
        errors={**STAFF_ONLY, 404: ("SESSION_NOT_FOUND",)},
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/assign",
        "POST",
        "AssignSession",
        f"{HANDLERS}:assign",
        "Pix staff: take the session (IN_PROCESS), also from another staff member",
        errors={
            **STAFF_ONLY,
            404: ("SESSION_NOT_FOUND",),
            409: (*BEING_PROCESSED, "SESSION_ASSIGNED_MEANWHILE"),
            412: ("VERSION_MISMATCH",),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/jury-comment",
        "PUT",
        "SetJuryComment",
        f"{HANDLERS}:set_jury_comment",
        "Pix staff: the jury's comment on the session",
        errors={
            **STAFF_ONLY,
            404: ("SESSION_NOT_FOUND",),
            409: BEING_PROCESSED,
            412: ("VERSION_MISMATCH",),
            422: ("COMMENT_TOO_LONG",),
        },
    ),
)
route(
    blueprint,
    Route(
        "/admin/issue-reports/{report_id}",
        "PATCH",
        "ResolveIssueReport",
        f"{HANDLERS}:resolve_report",
        "Pix staff: resolve an issue report (the session's requiresAction follows)",
        errors={
            **STAFF_ONLY,
            404: ("ISSUE_REPORT_NOT_FOUND", "SESSION_NOT_FOUND"),
            409: BEING_PROCESSED,
            412: ("VERSION_MISMATCH",),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/unfinalize",
        "POST",
        "UnfinalizeSession",
        f"{HANDLERS}:unfinalize",
        "Pix staff: back to the school (CREATED), the finalization kept as the draft",
        errors={
            **STAFF_ONLY,
            404: ("SESSION_NOT_FOUND",),
            409: BEING_PROCESSED,
            412: ("VERSION_MISMATCH",),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/unpublish",
        "POST",
        "UnpublishResults",
        f"{HANDLERS}:unpublish",
        "Pix staff: withdraw the published results (back to IN_PROCESS)",
        errors={
            **STAFF_ONLY,
            404: ("SESSION_NOT_FOUND",),
            409: ("SESSION_NOT_PROCESSED",),
            412: ("VERSION_MISMATCH",),
        },
    ),
)
