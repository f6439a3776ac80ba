"""Routes of the finalization: declarations only; the handlers are in
functions/finalization/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.finalization.handlers"
SESSION = "/sessions/{session_id}"
OPEN_SESSION = {404: ("SESSION_NOT_FOUND",), 409: ("SESSION_ALREADY_FINALIZED",)}

route(
    blueprint,
    Route(
        f"{SESSION}/finalization",
        "GET",
        "GetFinalizationDraft",
        f"{HANDLERS}:read_draft",
        "The draft (or, once finalized, what was validated), with the candidates who joined",
        errors={404: ("SESSION_NOT_FOUND",)},
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/finalization",
        "PUT",
        "SaveFinalizationDraft",
        f"{HANDLERS}:save_draft",
        'Save the draft ("Sauvegarder")',
        errors={**OPEN_SESSION, 422: ("COMMENT_TOO_LONG",)},
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/candidates/{{candidate_id}}/issue-reports",
        "POST",
        "AddIssueReport",
        f"{HANDLERS}:add_issue_report",
        "Report an incident about a candidate who joined (also by the invigilator)",
        status=201,
        idempotent=True,
        invigilator=True,
        errors={
            401: ("INVIGILATION_CLOSED",),
            404: ("SESSION_NOT_FOUND", "CANDIDATE_NOT_FOUND"),
            409: ("SESSION_ALREADY_FINALIZED",),
            422: ("CANDIDATE_NOT_JOINED",),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/issue-reports/{{report_id}}",
        "DELETE",
        "DeleteIssueReport",
        f"{HANDLERS}:delete_issue_report",
        "Delete an issue report",
        errors={
            404: ("SESSION_NOT_FOUND", "ISSUE_REPORT_NOT_FOUND"),
            409: ("SESSION_ALREADY_FINALIZED",),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/finalize",
        "POST",
        "FinalizeSession",
        f"{HANDLERS}:finalize",
        'Validate the finalization ("Valider"), once',
        idempotent=True,
        errors={
            **OPEN_SESSION,
            412: ("VERSION_MISMATCH",),
            422: (
                "SESSION_NOT_STARTED",
                "ABORT_REASON_REQUIRED",
                "ABORT_REASON_ON_COMPLETED",
                "COMMENT_TOO_LONG",
                "COMMENT_REQUIRED",
            ),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/publish",
        "POST",
        "PublishResults",
        f"{HANDLERS}:publish",
        "Pix staff: the results handed back to the school (→ PROCESSED), its admins e-mailed",
        idempotent=True,
        errors={
            403: ("PIX_ADMIN_REQUIRED",),
            404: ("SESSION_NOT_FOUND",),
            409: ("SESSION_NOT_FINALIZED", "SESSION_ALREADY_PROCESSED", "SESSION_NOT_PUBLISHABLE"),
            412: ("VERSION_MISMATCH",),
        },
    ),
)
