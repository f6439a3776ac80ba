"""Routes of the session documents, and the function that judges what the browser stored:
declarations only; the code is in functions/attachments/handlers.py, imported on first use.

The verifier is an EventBridge rule's target, not `on_s3_event`: `chalice package` refuses
S3 event sources ("CloudFormation does not support modifying the event notifications of
existing buckets"), so the bucket sends its events to EventBridge and infra/template.json
pins the rule below to the files bucket (docs/attachments.md).
"""

from typing import Any

from chalice.app import Blueprint, CloudWatchEvent

from functions.api import route

blueprint = Blueprint(__name__)
HANDLERS = "functions.attachments.handlers"
VERIFIER_NAME = "verify_attachment"
# The bucket's name is not known here: infra/template.json adds `detail.bucket.name`.
UPLOAD_EVENT_PATTERN: dict[str, Any] = {
    "source": ["aws.s3"],
    "detail-type": ["Object Created"],
    "detail": {"object": {"key": [{"prefix": "sessions/"}]}},
}

route(
    blueprint,
    "/sessions/{session_id}/attachments",
    methods=["POST"],
    operation="RequestAttachmentUpload",
    handler=f"{HANDLERS}:request_upload",
    status=201,
    idempotent=True,
)
route(
    blueprint,
    "/sessions/{session_id}/attachments",
    methods=["GET"],
    operation="ListAttachments",
    handler=f"{HANDLERS}:list_attachments",
)
route(
    blueprint,
    "/sessions/{session_id}/attachments/{attachment_id}",
    methods=["DELETE"],
    operation="DeleteAttachment",
    handler=f"{HANDLERS}:delete_attachment",
)


@blueprint.on_cw_event(UPLOAD_EVENT_PATTERN, name=VERIFIER_NAME)
def verify_attachment(event: CloudWatchEvent) -> dict[str, Any]:
    from functions.attachments.handlers import verify_stored_object

    return verify_stored_object(event.to_dict())
