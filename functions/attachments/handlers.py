"""Session documents: the upload form, the list, deletion; and the verdict on a stored
object, for the function that EventBridge invokes (and the local stack's watcher)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from functions import wiring
from functions.attachments.schemas import AttachmentOut, AttachmentsOut, UploadBody, UploadOut
from shared.domain.people import Identity
from shared.domain.session import parse_session_id
from shared.observability import logger, metrics
from shared.services import attachments


def request_upload(identity: Identity, session_id: str, body: UploadBody) -> UploadOut:
    grant = attachments.request_upload(wiring.deps(), identity, parse_session_id(session_id), body)
    return UploadOut.of(grant)


def list_attachments(identity: Identity, session_id: str) -> AttachmentsOut:
    views = attachments.list_attachments(wiring.deps(), identity, parse_session_id(session_id))
    return AttachmentsOut(items=[AttachmentOut.of(v) for v in views])


def delete_attachment(identity: Identity, session_id: str, attachment_id: str) -> None:
    attachments.delete_attachment(
        wiring.deps(), identity, parse_session_id(session_id), attachment_id
    )


def verify_stored_object(event: dict[str, Any]) -> dict[str, Any]:
    """An EventBridge "Object Created" event from the bucket: judge the object. Errors are
    raised, so that Lambda's asynchronous retries try again; a document whose event is lost
    for good is judged by its next reader (`list_attachments`)."""
    detail = event.get("detail") or {}
    bucket = str((detail.get("bucket") or {}).get("name", ""))
    key = str((detail.get("object") or {}).get("key", ""))
    attachment = attachments.verify_upload(wiring.deps(), bucket, key)
    if attachment is None:
        logger.info("stored object ignored: not an attachment upload")
        return {"status": None}
    outcome = {
        "sessionId": attachment.session_id,
        "attachmentId": attachment.id,
        "status": attachment.status.value,
        "reason": attachment.rejection_reason.value if attachment.rejection_reason else None,
    }
    # No file name or object key in the logs: the ids say which document it was.
    logger.info("stored object verified", extra=outcome)
    metrics.add_metric(
        name=f"Attachment{attachment.status.title()}", unit=MetricUnit.Count, value=1
    )
    metrics.flush_metrics()
    return outcome
