"""Routes of the finalization: declarations only; the handlers are in
functions/finalization/handlers.py."""

from chalice.app import Blueprint

from functions.api import route

blueprint = Blueprint(__name__)
HANDLERS = "functions.finalization.handlers"

route(
    blueprint,
    "/sessions/{session_id}/finalization",
    methods=["GET"],
    operation="GetFinalizationDraft",
    handler=f"{HANDLERS}:read_draft",
)
route(
    blueprint,
    "/sessions/{session_id}/finalization",
    methods=["PUT"],
    operation="SaveFinalizationDraft",
    handler=f"{HANDLERS}:save_draft",
)
route(
    blueprint,
    "/sessions/{session_id}/candidates/{candidate_id}/issue-reports",
    methods=["POST"],
    operation="AddIssueReport",
    handler=f"{HANDLERS}:add_issue_report",
    status=201,
    idempotent=True,
)
route(
    blueprint,
    "/sessions/{session_id}/issue-reports/{report_id}",
    methods=["DELETE"],
    operation="DeleteIssueReport",
    handler=f"{HANDLERS}:delete_issue_report",
)
route(
    blueprint,
    "/sessions/{session_id}/finalize",
    methods=["POST"],
    operation="FinalizeSession",
    handler=f"{HANDLERS}:finalize",
    idempotent=True,
)
route(
    blueprint,
    "/sessions/{session_id}/publish",
    methods=["POST"],
    operation="PublishResults",
    handler=f"{HANDLERS}:publish",
    idempotent=True,
)
