"""In-memory documents and bucket for unit tests: the same promises as DynamoAttachments
(session open, the per-session limit, conditional verdicts and deletes) and S3Files —
tests/integration/test_attachment_contract.py and test_file_store_contract.py check both."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from shared.adapters.file_inspection import inspect
from shared.domain import errors
from shared.domain.attachments import (
    MAX_ATTACHMENTS_PER_SESSION,
    Attachment,
    AttachmentStatus,
    Inspection,
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
    """A bucket. `before_copy` runs between the read and the copy (to replace an upload in
    the middle of a verdict); `reads` records what was read, and up to which limit. The
    structure of files is read by the real inspector: it is pure, in-process code."""

    def __init__(self, bucket: str = "files") -> None:
        self._bucket = bucket
        self.objects: dict[str, FakeObject] = {}
        self.forms: list[tuple[str, str, int, int]] = []
        self.before_copy: list[tuple[str, bytes]] = []
        self.reads: list[tuple[str, int]] = []

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

    def read(self, key: str, limit: int) -> StoredObject | None:
        self.reads.append((key, limit))
        found = self.objects.get(key)
        if found is None:
            return None
        return StoredObject(size=len(found.body), etag=found.etag, data=found.body[:limit])

    def inspect(self, content_type: str, data: bytes) -> Inspection:
        return inspect(content_type, data)

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


# --- sample files ----------------------------------------------------------------------------
# Real files, made here by the libraries the school's software would use (Pillow, reportlab,
# pypdf), and hostile ones crafted byte by byte: the red team's (issue #12, item 6).

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HTML = b"<html><body><script>alert(document.domain)</script></body></html>\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(40)
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(50) + b"This program cannot be run in DOS mode."


def image(width: int = 40, height: int = 30, mode: str = "RGB", noise: bool = False) -> Any:
    """A Pillow image; `noise` makes it incompressible (so a cut lands in the pixel data)."""
    from PIL import Image

    if noise:
        rng = random.Random(12)
        return Image.frombytes("L", (width, height), rng.randbytes(width * height)).convert(mode)
    return Image.new(mode, (width, height), "white" if mode in ("RGB", "L") else 0)


def png(width: int = 40, height: int = 30, mode: str = "RGB", **options: Any) -> bytes:
    buffer = io.BytesIO()
    image(width, height, mode, options.pop("noise", False)).save(buffer, "PNG", **options)
    return buffer.getvalue()


def jpeg(width: int = 40, height: int = 30, mode: str = "RGB", **options: Any) -> bytes:
    buffer = io.BytesIO()
    image(width, height, mode, options.pop("noise", False)).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def mpo() -> bytes:
    """Two JPEGs in one file, as phones write them (MPF: a gain map, a depth map...)."""
    buffer = io.BytesIO()
    image().save(buffer, "MPO", save_all=True, append_images=[image(20, 15)])
    return buffer.getvalue()


def pdf(pages: int = 1) -> bytes:
    """A text PDF, as reportlab (our own PDFs) writes it."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in range(pages):
        canvas.drawString(72, 720, f"PV d'incident signé — page {page + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """A page that is a picture, as a scanner's "scan to PDF" writes it (Pillow's writer)."""
    buffer = io.BytesIO()
    image(200, 280, noise=True).save(buffer, "PDF", resolution=72.0)
    return buffer.getvalue()


def pypdf_pdf(pages: int = 1, user_password: str | None = None) -> bytes:
    """A PDF written by pypdf, optionally encrypted (AES-128): an empty user password is a
    file anyone opens (only editing is restricted), another one a file nobody can read."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if user_password is not None:
        writer.encrypt(user_password, owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A well-formed PNG whose header declares `width` × `height` pixels in a few bytes: a
    decoder that trusts it allocates the whole image (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def resized_jpeg(data: bytes, width: int, height: int) -> bytes:
    """`data` (a baseline JPEG) with its frame header declaring another size."""
    sof = data.index(b"\xff\xc0")
    return data[: sof + 5] + struct.pack(">HH", height, width) + data[sof + 9 :]


def without_xref(data: bytes) -> bytes:
    """A PDF's objects, without its cross-reference table and trailer (a lenient reader
    rebuilds them by scanning the file)."""
    return data[: data.rindex(b"\nxref")] + b"\n%%EOF\n"


def with_startxref(data: bytes, offset: int) -> bytes:
    start = data.rindex(b"startxref") + len(b"startxref\n")
    end = data.index(b"\n", start)
    return data[:start] + str(offset).encode() + data[end:]


def pdf_of_many_objects(count: int) -> bytes:
    """A valid one-page PDF followed by `count` objects nothing uses, each an array of 80
    numbers: slow to parse for its size (a file crafted to keep the verifier busy)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets: list[int] = []
    contents = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ] + [b"[" + b"1 " * 80 + b"]"] * count
    for number, content in enumerate(contents, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, content))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(contents) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(contents) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()
