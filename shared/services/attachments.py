"""Session documents: the upload form, the list with download links, deletion, and the
verdict on what the browser stored — from the S3 event, the local watcher, or the reader of
a document whose event never came."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.attachments import (
    DOWNLOAD_LIFETIME,
    MAX_FILE_SIZE,
    Attachment,
    AttachmentStatus,
    UploadInput,
    UploadTarget,
    attachment_not_found,
    is_attachment_id,
    is_stale,
    new_attachment,
    parse_upload_key,
    too_many_attachments,
    upload_window_closed,
    validate_upload_request,
    verdict,
)
from shared.domain.audit import Actor, ActorType, Audit, AuditAction
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.people import Identity
from shared.services.dependencies import Dependencies
from shared.services.retry import retrying
from shared.services.sessions import session_of_member

# The verdict is the system's, whoever's request (or event) triggered it.
VERIFIER = Actor(
    type=ActorType.SYSTEM, id="attachment-verifier", label="Vérification des documents"
)


class UploadGrant(BaseModel):
    """The answer to an upload request: the document (PENDING) and its presigned POST."""

    model_config = ConfigDict(frozen=True)

    attachment: Attachment
    upload: UploadTarget

    @property
    def expires_at(self) -> datetime:
        return self.attachment.upload_expires_at


class AttachmentView(BaseModel):
    """A document as listed: a download link only when it is AVAILABLE."""

    model_config = ConfigDict(frozen=True)

    attachment: Attachment
    download_url: str | None


def request_upload(
    deps: Dependencies, identity: Identity, session_id: int, form: UploadInput
) -> UploadGrant:
    """Record a PENDING document and hand out a presigned POST for its server-chosen key.
    The limit is the store's (a conditional count); when it is reached, stale PENDING
    documents are judged first (a form never used frees its place once expired)."""
    session = session_of_member(deps, identity, session_id)
    session.ensure_not_finalized()
    request = validate_upload_request(form)
    now = deps.clock()
    attachment = new_attachment(deps.new_id(), session.id, request, identity.user_id, now)
    added = Audit.by(identity, now).event(
        session.id,
        AuditAction.ATTACHMENT_ADDED,
        {
            "attachmentId": attachment.id,
            "fileName": attachment.file_name,
            "contentType": attachment.content_type,
            "size": attachment.size,
        },
    )

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        if conflict.what is Conflicting.SESSION:
            raise errors.session_already_finalized() from conflict
        if last or not _settle_stale(deps, session.id, now):
            raise too_many_attachments() from conflict

    retrying(lambda: deps.attachments.add(attachment, added), on_conflict, attempts=2)
    upload = deps.files.upload_form(
        attachment.key,
        attachment.content_type,
        attachment.size,
        int((attachment.upload_expires_at - now).total_seconds()),
    )
    return UploadGrant(attachment=attachment, upload=upload)


def list_attachments(
    deps: Dependencies, identity: Identity, session_id: int
) -> list[AttachmentView]:
    """The session's documents, oldest first, for its members and Pix staff. A document
    still PENDING a minute after its form was issued is judged here, with the same code as
    the S3 event's, so a lost event never leaves it pending."""
    session = session_of_member(deps, identity, session_id)
    return attachment_views(deps, session.id, deps.clock())


def attachment_views(deps: Dependencies, session_id: int, now: datetime) -> list[AttachmentView]:
    """The documents of a session already read, with stale PENDING ones judged now."""
    views = []
    for attachment in deps.attachments.list_for_session(session_id):
        current = judge(deps, attachment, now) if is_stale(attachment, now) else attachment
        download_url = _download_url(deps, current, now)
        views.append(AttachmentView(attachment=current, download_url=download_url))
    return views


def delete_attachment(
    deps: Dependencies, identity: Identity, session_id: int, attachment_id: str
) -> None:
    """Before finalization only. The record goes first, in one transaction with its event;
    then the stored objects (a failure there leaves an unreachable object, never a listed
    document without its file)."""

    def attempt() -> Attachment:
        session = session_of_member(deps, identity, session_id)
        session.ensure_not_finalized()
        attachment = (
            deps.attachments.get(session.id, attachment_id)
            if is_attachment_id(attachment_id)
            else None
        )
        if attachment is None:
            raise attachment_not_found()
        deleted = Audit.by(identity, deps.clock()).event(
            session.id,
            AuditAction.ATTACHMENT_DELETED,
            {
                "attachmentId": attachment.id,
                "fileName": attachment.file_name,
                "status": attachment.status.value,
            },
        )
        deps.attachments.delete(attachment, deleted)
        return attachment

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        # Judged (or deleted) meanwhile: the next round reads it again.
        if conflict.what is Conflicting.SESSION:
            raise errors.session_already_finalized() from conflict

    deleted = retrying(attempt, on_conflict)
    deps.files.delete(deleted.key)
    deps.files.delete(deleted.verified_key)


def verify_upload(deps: Dependencies, bucket: str, key: str) -> Attachment | None:
    """An object was stored in the bucket (S3 event, or the local watcher): judge it. Any
    other bucket or key is ignored. An upload for a document already judged or deleted (the
    form stays usable until it expires) is removed: only the verified copy is ever served."""
    parsed = parse_upload_key(key)
    if bucket != deps.files.bucket or parsed is None:
        return None
    attachment = deps.attachments.get(*parsed)
    if attachment is None or attachment.status is not AttachmentStatus.PENDING:
        deps.files.delete(key)
        return attachment
    return judge(deps, attachment, deps.clock())


def judge(deps: Dependencies, attachment: Attachment, now: datetime) -> Attachment:
    """Read the stored object (all of it, up to the size limit), decide — size, magic number,
    then its structure, inspected by the file store's inspector — and record the verdict with
    its event. An accepted file is first copied, if unchanged since it was read, to its
    verified key; the upload itself is removed either way. Returns the document as it now
    stands."""
    attachments, files = deps.attachments, deps.files
    stored = files.read(attachment.key, MAX_FILE_SIZE)
    if stored is None:
        if not upload_window_closed(attachment, now):
            return attachment  # not uploaded yet: the form is still usable
        decided = verdict(attachment, None, b"", files.inspect)
    else:
        decided = verdict(attachment, stored.size, stored.data, files.inspect)
        if decided.status is AttachmentStatus.AVAILABLE and not files.copy_if_unchanged(
            attachment.key, attachment.verified_key, stored.etag, attachment.content_type
        ):
            return attachment  # replaced since it was read: its own event will judge it
    status, reason = decided.status, decided.reason
    judged = attachment.judged(status, reason, now)
    event = Audit(actor=VERIFIER, at=now).event(
        attachment.session_id,
        AuditAction.ATTACHMENT_VERIFIED,
        {
            "attachmentId": attachment.id,
            "fileName": attachment.file_name,
            "status": status.value,
            "reason": reason.value if reason else None,
            "defect": decided.defect,
            "storedSize": stored.size if stored else None,
        },
    )
    try:
        attachments.record_verdict(judged, event)
    except WriteConflict:
        # Judged by someone else meanwhile (the event and a reader), or deleted: a copy made
        # here must not outlive a document that is not AVAILABLE.
        current = attachments.get(attachment.session_id, attachment.id)
        if current is None or current.status is not AttachmentStatus.AVAILABLE:
            files.delete(attachment.verified_key)
        return current or attachment
    finally:
        if stored is not None:
            files.delete(attachment.key)
    return judged


def _settle_stale(deps: Dependencies, session_id: int, now: datetime) -> bool:
    """Judge the session's stale PENDING documents; True if one of them stopped counting."""
    freed = False
    for attachment in deps.attachments.list_for_session(session_id):
        if is_stale(attachment, now):
            judged = judge(deps, attachment, now)
            freed = freed or not judged.counts_towards_limit
    return freed


def _download_url(deps: Dependencies, attachment: Attachment, now: datetime) -> str | None:
    """A link to the verified copy while it is kept (docs/data-protection.md)."""
    if not attachment.downloadable(now):
        return None
    return deps.files.download_url(
        attachment.verified_key,
        attachment.download_name,
        attachment.content_type,
        int(DOWNLOAD_LIFETIME.total_seconds()),
    )
