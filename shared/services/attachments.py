"""Session documents: the upload form, the list with download links, deletion, and the
verdict on what the browser stored — from the S3 event, the local watcher, or the reader of
a document whose event never came."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.attachments import (
    DOWNLOAD_LIFETIME,
    Attachment,
    AttachmentStatus,
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
from shared.domain.audit import Actor, ActorType, AuditAction, AuditEvent
from shared.domain.errors import WriteConflict
from shared.domain.people import Identity
from shared.services.ports import (
    AttachmentRepository,
    Clock,
    FileStore,
    SessionRepository,
    UserRepository,
)
from shared.services.sessions import get_session, session_of_member

# A concurrent verdict between reading a document and deleting it: read again.
WRITE_ATTEMPTS = 3
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
    sessions: SessionRepository,
    users: UserRepository,
    attachments: AttachmentRepository,
    files: FileStore,
    identity: Identity,
    session_id: int,
    form: Mapping[str, Any],
    clock: Clock,
    new_id: Callable[[], str],
) -> UploadGrant:
    """Record a PENDING document and hand out a presigned POST for its server-chosen key.
    The limit is the store's (a conditional count); when it is reached, stale PENDING
    documents are judged first (a form never used frees its place once expired)."""
    session = session_of_member(sessions, users, identity, session_id)
    session.ensure_not_finalized()
    request = validate_upload_request(form)
    now = clock()
    attachment = new_attachment(new_id(), session.id, request, identity.user_id, now)
    added = AuditEvent(
        session_id=session.id,
        at=now,
        actor=Actor.user(identity),
        action=AuditAction.ATTACHMENT_ADDED,
        changes={
            "attachmentId": attachment.id,
            "fileName": attachment.file_name,
            "contentType": attachment.content_type,
            "size": attachment.size,
        },
    )
    for attempt in range(2):
        try:
            attachments.add(attachment, added)
            break
        except WriteConflict as conflict:
            if conflict.what == "session":
                raise errors.session_already_finalized() from conflict
            if attempt == 1 or not _settle_stale(attachments, files, session.id, now):
                raise too_many_attachments() from conflict
    upload = files.upload_form(
        attachment.key,
        attachment.content_type,
        attachment.size,
        int((attachment.upload_expires_at - now).total_seconds()),
    )
    return UploadGrant(attachment=attachment, upload=upload)


def list_attachments(
    sessions: SessionRepository,
    users: UserRepository,
    attachments: AttachmentRepository,
    files: FileStore,
    identity: Identity,
    session_id: int,
    clock: Clock,
) -> list[AttachmentView]:
    """The session's documents, oldest first, for its members and Pix staff. A document
    still PENDING a minute after its form was issued is judged here, with the same code as
    the S3 event's, so a lost event never leaves it pending."""
    session = get_session(sessions, users, identity, session_id)
    return attachment_views(attachments, files, session.id, clock())


def attachment_views(
    attachments: AttachmentRepository, files: FileStore, session_id: int, now: datetime
) -> list[AttachmentView]:
    """The documents of a session already read, with stale PENDING ones judged now."""
    views = []
    for attachment in attachments.list_for_session(session_id):
        current = attachment
        if is_stale(attachment, now):
            current = judge(attachments, files, attachment, now)
        views.append(AttachmentView(attachment=current, download_url=_download_url(files, current)))
    return views


def delete_attachment(
    sessions: SessionRepository,
    users: UserRepository,
    attachments: AttachmentRepository,
    files: FileStore,
    identity: Identity,
    session_id: int,
    attachment_id: str,
    clock: Clock,
) -> None:
    """Before finalization only. The record goes first, in one transaction with its event;
    then the stored objects (a failure there leaves an unreachable object, never a listed
    document without its file)."""
    for attempt in range(WRITE_ATTEMPTS):
        session = session_of_member(sessions, users, identity, session_id)
        session.ensure_not_finalized()
        attachment = (
            attachments.get(session.id, attachment_id) if is_attachment_id(attachment_id) else None
        )
        if attachment is None:
            raise attachment_not_found()
        deleted = AuditEvent(
            session_id=session.id,
            at=clock(),
            actor=Actor.user(identity),
            action=AuditAction.ATTACHMENT_DELETED,
            changes={
                "attachmentId": attachment.id,
                "fileName": attachment.file_name,
                "status": attachment.status.value,
            },
        )
        try:
            attachments.delete(attachment, deleted)
        except WriteConflict as conflict:
            if conflict.what == "session":
                raise errors.session_already_finalized() from conflict
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            continue  # judged (or deleted) meanwhile: read it again
        files.delete(attachment.key)
        files.delete(attachment.verified_key)
        return


def verify_upload(
    attachments: AttachmentRepository,
    files: FileStore,
    bucket: str,
    key: str,
    clock: Clock,
) -> Attachment | None:
    """An object was stored in the bucket (S3 event, or the local watcher): judge it. Any
    other bucket or key is ignored. An upload for a document already judged or deleted (the
    form stays usable until it expires) is removed: only the verified copy is ever served."""
    parsed = parse_upload_key(key)
    if bucket != files.bucket or parsed is None:
        return None
    attachment = attachments.get(*parsed)
    if attachment is None or attachment.status is not AttachmentStatus.PENDING:
        files.delete(key)
        return attachment
    return judge(attachments, files, attachment, clock())


def judge(
    attachments: AttachmentRepository, files: FileStore, attachment: Attachment, now: datetime
) -> Attachment:
    """Read the stored object's size and first bytes, decide, record the verdict with its
    event. An accepted file is first copied, if unchanged since it was read, to its verified
    key; the upload itself is removed either way. Returns the document as it now stands."""
    stored = files.probe(attachment.key)
    if stored is None:
        if not upload_window_closed(attachment, now):
            return attachment  # not uploaded yet: the form is still usable
        status, reason = verdict(attachment, None, b"")
    else:
        status, reason = verdict(attachment, stored.size, stored.first_bytes)
        if status is AttachmentStatus.AVAILABLE and not files.copy_if_unchanged(
            attachment.key, attachment.verified_key, stored.etag, attachment.content_type
        ):
            return attachment  # replaced since it was read: its own event will judge it
    judged = attachment.judged(status, reason, now)
    event = AuditEvent(
        session_id=attachment.session_id,
        at=now,
        actor=VERIFIER,
        action=AuditAction.ATTACHMENT_VERIFIED,
        changes={
            "attachmentId": attachment.id,
            "fileName": attachment.file_name,
            "status": status.value,
            "reason": reason.value if reason else None,
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


def _settle_stale(
    attachments: AttachmentRepository, files: FileStore, session_id: int, now: datetime
) -> bool:
    """Judge the session's stale PENDING documents; True if one of them stopped counting."""
    freed = False
    for attachment in attachments.list_for_session(session_id):
        if is_stale(attachment, now):
            judged = judge(attachments, files, attachment, now)
            freed = freed or not judged.counts_towards_limit
    return freed


def _download_url(files: FileStore, attachment: Attachment) -> str | None:
    if attachment.status is not AttachmentStatus.AVAILABLE:
        return None
    return files.download_url(
        attachment.verified_key,
        attachment.download_name,
        attachment.content_type,
        int(DOWNLOAD_LIFETIME.total_seconds()),
    )
