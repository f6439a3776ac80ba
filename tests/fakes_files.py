"""In-memory documents and bucket for unit tests: the same promises as DynamoAttachments
(session open, the per-session limit, conditional verdicts and deletes) and S3Files —
tests/integration/test_attachment_contract.py and test_file_store_contract.py check both."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from shared.domain import errors
from shared.domain.attachments import (
    MAGIC_BYTES_READ,
    MAX_ATTACHMENTS_PER_SESSION,
    Attachment,
    AttachmentStatus,
    StoredObject,
    UploadTarget,
)
from shared.domain.audit import AuditEvent
from tests.fakes import FakeSessions


class FakeAttachments:
    def __init__(self, sessions: FakeSessions) -> None:
        self.sessions = sessions
        self.attachments: dict[tuple[int, str], Attachment] = {}
        self.counts: dict[int, int] = {}

    def get(self, session_id: int, attachment_id: str) -> Attachment | None:
        return self.attachments.get((session_id, attachment_id))

    def list_for_session(self, session_id: int) -> list[Attachment]:
        mine = [a for (sid, _), a in self.attachments.items() if sid == session_id]
        return sorted(mine, key=lambda a: (a.created_at, a.id))

    def add(self, attachment: Attachment, event: AuditEvent) -> None:
        """The adapter's transaction, condition by condition: the session is open, the count
        is below the limit, the id is new."""
        self.sessions.ensure_open(attachment.session_id)
        if self.counts.get(attachment.session_id, 0) >= MAX_ATTACHMENTS_PER_SESSION:
            raise errors.WriteConflict(errors.Conflicting.LIMIT)
        if (attachment.session_id, attachment.id) in self.attachments:
            raise errors.WriteConflict(errors.Conflicting.ATTACHMENT)
        self.counts[attachment.session_id] = self.counts.get(attachment.session_id, 0) + 1
        self.attachments[(attachment.session_id, attachment.id)] = attachment
        self.sessions.events.record(event)

    def record_verdict(self, judged: Attachment, event: AuditEvent) -> None:
        """Like the adapter's update: the status, its instant and the reason, nothing else."""
        stored = self.get(judged.session_id, judged.id)
        if stored is None or stored.status is not AttachmentStatus.PENDING:
            raise errors.WriteConflict(errors.Conflicting.ATTACHMENT)
        self.attachments[(judged.session_id, judged.id)] = stored.model_copy(
            update={
                "status": judged.status,
                "verified_at": judged.verified_at,
                "rejection_reason": judged.rejection_reason,
            }
        )
        if not judged.counts_towards_limit:
            self.counts[judged.session_id] -= 1
        self.sessions.events.record(event)

    def delete(self, attachment: Attachment, event: AuditEvent) -> None:
        self.sessions.ensure_open(attachment.session_id)
        stored = self.get(attachment.session_id, attachment.id)
        if stored is None or stored.status is not attachment.status:
            raise errors.WriteConflict(errors.Conflicting.ATTACHMENT)
        del self.attachments[(attachment.session_id, attachment.id)]
        if attachment.counts_towards_limit:
            self.counts[attachment.session_id] -= 1
        self.sessions.events.record(event)


@dataclass
class FakeObject:
    body: bytes
    content_type: str

    @property
    def etag(self) -> str:
        return f'"{hashlib.md5(self.body).hexdigest()}"'  # noqa: S324 (S3's ETag is an MD5)


class FakeFiles:
    """A bucket. `before_copy` runs between the probe and the copy (to replace an upload
    in the middle of a verdict)."""

    def __init__(self, bucket: str = "files") -> None:
        self._bucket = bucket
        self.objects: dict[str, FakeObject] = {}
        self.forms: list[tuple[str, str, int, int]] = []
        self.before_copy: list[tuple[str, bytes]] = []

    @property
    def bucket(self) -> str:
        return self._bucket

    def put(self, key: str, body: bytes, content_type: str = "application/octet-stream") -> None:
        self.objects[key] = FakeObject(body, content_type)

    def upload_form(self, key: str, content_type: str, size: int, expires_in: int) -> UploadTarget:
        """A form whose policy (base64 JSON, as S3's) pins the bucket, the key, the content
        type and the exact size, as S3Files' does; nothing checks its signature here."""
        self.forms.append((key, content_type, size, expires_in))
        conditions = [
            {"bucket": self._bucket},
            {"key": key},
            {"Content-Type": content_type},
            ["content-length-range", size, size],
        ]
        policy = base64.b64encode(json.dumps({"conditions": conditions}).encode()).decode()
        return UploadTarget(
            url=f"https://{self._bucket}.s3.test/",
            fields={"key": key, "Content-Type": content_type, "policy": policy},
        )

    def probe(self, key: str) -> StoredObject | None:
        found = self.objects.get(key)
        if found is None:
            return None
        return StoredObject(
            size=len(found.body), etag=found.etag, first_bytes=found.body[:MAGIC_BYTES_READ]
        )

    def copy_if_unchanged(
        self, source_key: str, target_key: str, etag: str, content_type: str
    ) -> bool:
        for key, body in self.before_copy:
            self.put(key, body)
        self.before_copy.clear()
        found = self.objects.get(source_key)
        if found is None or found.etag != etag:
            return False
        self.objects[target_key] = FakeObject(found.body, content_type)
        return True

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def download_url(self, key: str, file_name: str, content_type: str, expires_in: int) -> str:
        return f"https://{self._bucket}.s3.test/{key}?name={file_name}&expires={expires_in}"
