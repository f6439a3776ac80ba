"""Routes of the session documents, and the function that judges what the browser stored:
declarations only; the code is in functions/attachments/handlers.py, imported on first use.

The verifier is an EventBridge rule's target, not `on_s3_event`: `chalice package` refuses
S3 event sources ("CloudFormation does not support modifying the event notifications of
existing buckets"), so the bucket sends its events to EventBridge and infra/template.json
pins the rule below to the files bucket (docs/attachments.md).
"""

from typing import Any

from chalice.app import Blueprint, CloudWatchEvent

from functions.api import Route, route
from shared.settings import runs_handler

blueprint = Blueprint(__name__)
HANDLERS = "functions.attachments.handlers"
VERIFIER_NAME = "verify_attachment"
# The verifier function's handler, as `chalice package` writes it in the template and
# Lambda's runtime names it in `_HANDLER`.
VERIFIER_HANDLER = f"{__name__}.verify_attachment"
# The bucket's name is not known here: infra/template.json adds `detail.bucket.name`.
UPLOAD_EVENT_PATTERN: dict[str, Any] = {
    "source": ["aws.s3"],
    "detail-type": ["Object Created"],
    "detail": {"object": {"key": [{"prefix": "sessions/"}]}},
}

SESSION = "/sessions/{session_id}"

route(
    blueprint,
    Route(
        f"{SESSION}/attachments",
        "POST",
        "RequestAttachmentUpload",
        f"{HANDLERS}:request_upload",
        "A presigned POST to upload a document (PDF, JPEG or PNG) straight to storage",
        status=201,
        idempotent=True,
        errors={
            404: ("SESSION_NOT_FOUND",),
            409: ("SESSION_ALREADY_FINALIZED",),
            422: ("UNSUPPORTED_FILE_TYPE", "FILE_TOO_LARGE", "TOO_MANY_ATTACHMENTS"),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/attachments",
        "GET",
        "ListAttachments",
        f"{HANDLERS}:list_attachments",
        "The session's documents, oldest first, with a download link once verified",
        errors={404: ("SESSION_NOT_FOUND",)},
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/attachments/{{attachment_id}}",
        "DELETE",
        "DeleteAttachment",
        f"{HANDLERS}:delete_attachment",
        "Delete a document (before finalization)",
        errors={
            404: ("SESSION_NOT_FOUND", "ATTACHMENT_NOT_FOUND"),
            409: ("SESSION_ALREADY_FINALIZED",),
        },
    ),
)


@blueprint.on_cw_event(UPLOAD_EVENT_PATTERN, name=VERIFIER_NAME)
def verify_attachment(event: CloudWatchEvent) -> dict[str, Any]:
    from functions.attachments.handlers import verify_stored_object

    return verify_stored_object(event.to_dict())


# The verifier function's init phase prepares its first invocation; the API's container, which
# imports this module too, does not (functions/wiring.py).
if runs_handler(VERIFIER_HANDLER):
    from functions.wiring import warm_verifier

    warm_verifier()
