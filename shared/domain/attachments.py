"""Documents attached to a session (PV scanned, attendance sheet signed, ...): which files are
accepted, how an upload is judged, and the names they are shown and downloaded under.

The browser sends the bytes straight to S3 with a presigned POST; the server only chooses the
key, pins the declared type and size in the POST policy, then judges what was stored: the size
must be the declared size, the first bytes the declared type's magic number, and the whole
file a valid file of that type (its structure, read by an adapter: `Inspection`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.errors import FieldError
from shared.domain.retention import VERIFIED_DOCUMENT_DAYS

# "10 Mo" as the school's computer shows it (Windows counts in powers of 1024).
MAX_FILE_SIZE = 10 * 1024 * 1024
# PENDING and AVAILABLE documents count; REJECTED ones do not (the school must be able to
# replace a refused file).
MAX_ATTACHMENTS_PER_SESSION = 20
MAX_FILE_NAME_LENGTH = 255
# An image declaring more pixels is not decoded. 40 million holds what a school sends — an A4
# page scanned at 600 dpi is 34.8 Mpx, a phone's photo 12 to 24 Mpx, and a file of at most
# 10 MB rarely holds more — while bounding the decoder: 160 MB at most (4 bytes a pixel, CMYK
# or RGBA) in the verifier's 512 MB. A "decompression bomb" declares billions of pixels in a
# few bytes of compressed data.
MAX_IMAGE_PIXELS = 40_000_000

# The presigned POST is valid this long after it is issued.
UPLOAD_LIFETIME = timedelta(minutes=10)
# A download link is valid this long.
DOWNLOAD_LIFETIME = timedelta(minutes=5)
# A document still PENDING this long after its upload form was issued is judged when it is
# read, in case its S3 event was lost.
STALE_AFTER = timedelta(seconds=60)
# Nothing stored this long after the form expired: the upload never happened (a POST started
# just before the expiry may still be arriving).
UPLOAD_GRACE = timedelta(minutes=5)

# Where the browser's upload lands (the "inbox") and where a verified copy is kept. Only the
# server writes under VERIFIED_PREFIX: the upload form, reusable until it expires, cannot
# replace a file once it has been judged.
UPLOAD_PREFIX = "sessions/"
VERIFIED_PREFIX = "verified/"

_ID = r"[A-Za-z0-9-]{1,64}"
_UPLOAD_KEY = re.compile(rf"sessions/(?P<session>[1-9][0-9]{{0,11}})/attachments/(?P<id>{_ID})")
_ATTACHMENT_ID = re.compile(_ID)


class FileType(BaseModel):
    model_config = ConfigDict(frozen=True)

    content_type: str
    label: str
    extensions: tuple[str, ...]
    magic: bytes


ALLOWED_TYPES: dict[str, FileType] = {
    t.content_type: t
    for t in (
        FileType(content_type="application/pdf", label="PDF", extensions=(".pdf",), magic=b"%PDF-"),
        FileType(
            content_type="image/jpeg",
            label="JPEG",
            extensions=(".jpg", ".jpeg"),
            magic=b"\xff\xd8\xff",
        ),
        FileType(
            content_type="image/png",
            label="PNG",
            extensions=(".png",),
            magic=b"\x89PNG\r\n\x1a\n",
        ),
    )
}


class AttachmentStatus(StrEnum):
    PENDING = "PENDING"
    AVAILABLE = "AVAILABLE"
    REJECTED = "REJECTED"


class RejectionReason(StrEnum):
    TYPE_MISMATCH = "TYPE_MISMATCH"
    SIZE_MISMATCH = "SIZE_MISMATCH"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    NOT_UPLOADED = "NOT_UPLOADED"
    # The magic number is right, the rest is not a whole, valid file of that type.
    INVALID_STRUCTURE = "INVALID_STRUCTURE"
    TOO_MANY_PIXELS = "TOO_MANY_PIXELS"


REJECTION_MESSAGES: dict[RejectionReason, str] = {
    RejectionReason.TYPE_MISMATCH: (
        "Le contenu du fichier ne correspond pas à son type déclaré (PDF, JPEG ou PNG)."
    ),
    RejectionReason.SIZE_MISMATCH: (
        "La taille du fichier reçu ne correspond pas à la taille annoncée."
    ),
    RejectionReason.FILE_TOO_LARGE: "Le fichier dépasse la taille maximale autorisée (10 Mo).",
    RejectionReason.NOT_UPLOADED: (
        "Le fichier n'a pas été reçu avant l'expiration du lien d'envoi. Veuillez le joindre à "
        "nouveau."
    ),
    RejectionReason.INVALID_STRUCTURE: (
        "Le fichier est endommagé ou n'est pas un vrai fichier PDF, JPEG ou PNG. "
        "Enregistrez-le à nouveau depuis le logiciel qui l'a créé, puis joignez-le."
    ),
    RejectionReason.TOO_MANY_PIXELS: (
        f"L'image est trop grande (plus de {MAX_IMAGE_PIXELS // 1_000_000} millions de pixels). "
        "Réduisez sa définition, ou numérisez le document en PDF, puis joignez-la à nouveau."
    ),
}


class UploadRequest(BaseModel):
    """What the browser declares before it uploads, validated."""

    model_config = ConfigDict(frozen=True)

    file_name: str
    content_type: str
    size: int


class Attachment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    session_id: int
    file_name: str
    content_type: str
    size: int
    status: AttachmentStatus = AttachmentStatus.PENDING
    key: str
    created_at: datetime
    created_by: str
    upload_expires_at: datetime
    verified_at: datetime | None = None
    rejection_reason: RejectionReason | None = None

    @property
    def verified_key(self) -> str:
        """Where the accepted file is kept (written by the server only)."""
        return f"{VERIFIED_PREFIX}{self.key}"

    @property
    def available_until(self) -> datetime | None:
        """When the verified copy's lifecycle rule may remove it (S3 counts from the copy,
        made just before the verdict, and rounds up to the next midnight UTC: the copy is
        still there until this moment); None unless the document is AVAILABLE."""
        if self.status is not AttachmentStatus.AVAILABLE or self.verified_at is None:
            return None
        return self.verified_at + timedelta(days=VERIFIED_DOCUMENT_DAYS)

    def downloadable(self, now: datetime) -> bool:
        until = self.available_until
        return until is not None and now < until

    @property
    def counts_towards_limit(self) -> bool:
        return self.status is not AttachmentStatus.REJECTED

    @property
    def rejection_message(self) -> str | None:
        return REJECTION_MESSAGES[self.rejection_reason] if self.rejection_reason else None

    @property
    def download_name(self) -> str:
        """The display name, with the extension of its verified type if it lacks one, so that
        the school's computer opens the file with the right program."""
        kind = ALLOWED_TYPES[self.content_type]
        if self.file_name.lower().endswith(kind.extensions):
            return self.file_name
        return _fit(self.file_name + kind.extensions[0])

    def judged(
        self, status: AttachmentStatus, reason: RejectionReason | None, now: datetime
    ) -> Attachment:
        return self.model_copy(
            update={"status": status, "rejection_reason": reason, "verified_at": now}
        )


class UploadTarget(BaseModel):
    """A presigned POST: the form's action and the fields to send before the file."""

    model_config = ConfigDict(frozen=True)

    url: str
    fields: dict[str, str]


class StoredObject(BaseModel):
    """What the verdict reads of a stored object: one GET gives all three at once, so they
    describe the same version of it. `data` is the whole object, or its first bytes when it
    is larger than what was asked (`size` is the whole object's)."""

    model_config = ConfigDict(frozen=True)

    size: int
    etag: str
    data: bytes


class Inspection(BaseModel):
    """What the structure of a file turned out to be, as an adapter read it (facts; the
    verdict judges them). `format`: the type the parser recognised ("PDF", "JPEG", "PNG"),
    None if it recognised none; `pixels`: an image's width × height, from its header;
    `pages`: a PDF's; `defect`: why the bytes are not a whole, valid file of that type (a
    short text for the audit trail), None if they are."""

    model_config = ConfigDict(frozen=True)

    format: str | None
    pixels: int | None = None
    pages: int | None = None
    defect: str | None = None


# Reads the structure of a file of a declared (accepted) type: `inspect(content_type, data)`.
Inspector = Callable[[str, bytes], Inspection]


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: AttachmentStatus
    reason: RejectionReason | None = None
    # What the inspection found wrong, kept in the audit trail (the file itself is deleted).
    defect: str | None = None


# --- keys ------------------------------------------------------------------------------------


def upload_key(session_id: int, attachment_id: str) -> str:
    """Chosen by the server: no user text ever goes into a key."""
    return f"{UPLOAD_PREFIX}{session_id}/attachments/{attachment_id}"


def parse_upload_key(key: str) -> tuple[int, str] | None:
    """(session id, attachment id) of an upload key; None for any other key."""
    found = _UPLOAD_KEY.fullmatch(key)
    return (int(found["session"]), found["id"]) if found else None


def is_attachment_id(raw: str) -> bool:
    return _ATTACHMENT_ID.fullmatch(raw) is not None


# --- the upload request ----------------------------------------------------------------------

_FORBIDDEN_IN_NAMES = str.maketrans(dict.fromkeys('<>:"|?*', "_"))


def clean_file_name(raw: str) -> str:
    """The name shown in the list and offered on download: the last path component (some
    browsers send `C:\\fakepath\\...`), without control or bidirectional characters (U+202E
    could disguise `exe.pdf` as `fdp.exe`), without the characters Windows refuses, spaces
    collapsed, at most 255 characters keeping the extension. Empty if nothing is left."""
    name = unicodedata.normalize("NFC", raw)
    name = re.split(r"[\\/]", name)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category.startswith("Z") or char.isspace():
            kept.append(" ")
        elif not category.startswith("C"):
            kept.append(char)
    name = " ".join("".join(kept).translate(_FORBIDDEN_IN_NAMES).split())
    return _fit(name.strip(". "))


def _fit(name: str) -> str:
    if len(name) <= MAX_FILE_NAME_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and 0 < len(extension) <= 10:
        return stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1].rstrip() + "." + extension
    return name[:MAX_FILE_NAME_LENGTH]


class UploadInput(BaseModel):
    """The body of POST /sessions/{id}/attachments, as sent."""

    model_config = ConfigDict(frozen=True)

    file_name: str | None = None
    content_type: str | None = None
    size: int | None = None


def validate_upload_request(form: UploadInput) -> UploadRequest:
    problems: list[FieldError] = []
    file_name = clean_file_name(form.file_name or "")
    if not file_name:
        problems.append(FieldError("file_name", "REQUIRED", "Veuillez indiquer le nom du fichier."))
    content_type = (form.content_type or "").strip().lower()
    if not content_type:
        problems.append(
            FieldError("content_type", "REQUIRED", "Veuillez indiquer le type du fichier.")
        )
    size = form.size
    if size is None:
        problems.append(FieldError("size", "REQUIRED", "Veuillez indiquer la taille du fichier."))
    elif size < 1:
        problems.append(FieldError("size", "EMPTY_FILE", "Le fichier est vide."))
    if problems:
        raise errors.validation_failed(problems)
    assert size is not None
    if content_type not in ALLOWED_TYPES:
        raise unsupported_file_type()
    if size > MAX_FILE_SIZE:
        raise file_too_large()
    return UploadRequest(file_name=file_name, content_type=content_type, size=size)


def new_attachment(
    attachment_id: str, session_id: int, request: UploadRequest, created_by: str, now: datetime
) -> Attachment:
    return Attachment(
        id=attachment_id,
        session_id=session_id,
        file_name=request.file_name,
        content_type=request.content_type,
        size=request.size,
        key=upload_key(session_id, attachment_id),
        created_at=now,
        created_by=created_by,
        upload_expires_at=now + UPLOAD_LIFETIME,
    )


# --- the verdict -----------------------------------------------------------------------------


def verdict(
    declared: Attachment, stored_size: int | None, data: bytes, inspect: Inspector
) -> Verdict:
    """Judge a stored object against what was declared. `stored_size` None: nothing was
    stored (called once the upload form has expired). `data`: the whole object. The cheap
    rules first; `inspect` reads the structure only of a file of the declared size that
    starts with its type's magic number."""
    if stored_size is None:
        return _rejected(RejectionReason.NOT_UPLOADED)
    if stored_size > MAX_FILE_SIZE:
        return _rejected(RejectionReason.FILE_TOO_LARGE)
    if stored_size != declared.size:
        # The POST policy pins the exact size: S3 refuses any other, so this is a bypass.
        return _rejected(RejectionReason.SIZE_MISMATCH)
    kind = ALLOWED_TYPES.get(declared.content_type)
    if kind is None or not data.startswith(kind.magic):
        return _rejected(RejectionReason.TYPE_MISMATCH)
    return _structure_verdict(kind, inspect(kind.content_type, data))


def _structure_verdict(kind: FileType, found: Inspection) -> Verdict:
    """A whole, valid file of the declared type (the format the parser recognised), an image
    within the pixel limit (said first: such a file is not decoded at all), a PDF with at
    least one page."""
    if found.pixels is not None and found.pixels > MAX_IMAGE_PIXELS:
        return _rejected(RejectionReason.TOO_MANY_PIXELS, found.defect)
    if found.defect is not None:
        return _rejected(RejectionReason.INVALID_STRUCTURE, found.defect)
    if found.format != kind.label:
        return _rejected(RejectionReason.TYPE_MISMATCH, f"{kind.label}: read as {found.format}")
    if kind.label == "PDF" and not found.pages:
        return _rejected(RejectionReason.INVALID_STRUCTURE, "PDF: no page")
    return Verdict(status=AttachmentStatus.AVAILABLE)


def _rejected(reason: RejectionReason, defect: str | None = None) -> Verdict:
    return Verdict(status=AttachmentStatus.REJECTED, reason=reason, defect=defect)


def issued_at(attachment: Attachment) -> datetime:
    return attachment.upload_expires_at - UPLOAD_LIFETIME


def is_stale(attachment: Attachment, now: datetime) -> bool:
    """PENDING more than a minute after its upload form was issued: its S3 event may have
    been lost, so whoever reads it judges it."""
    pending = attachment.status is AttachmentStatus.PENDING
    return pending and now > issued_at(attachment) + STALE_AFTER


def upload_window_closed(attachment: Attachment, now: datetime) -> bool:
    """No upload can still arrive: the form expired, plus a margin for a late POST."""
    return now > attachment.upload_expires_at + UPLOAD_GRACE


# --- errors ----------------------------------------------------------------------------------


def unsupported_file_type() -> errors.RuleViolation:
    message = "Seuls les fichiers PDF, JPEG et PNG sont acceptés."
    return errors.RuleViolation(
        "UNSUPPORTED_FILE_TYPE",
        message,
        [FieldError("content_type", "UNSUPPORTED_FILE_TYPE", message)],
    )


def file_too_large() -> errors.RuleViolation:
    message = REJECTION_MESSAGES[RejectionReason.FILE_TOO_LARGE]
    return errors.RuleViolation(
        "FILE_TOO_LARGE", message, [FieldError("size", "FILE_TOO_LARGE", message)]
    )


def too_many_attachments() -> errors.RuleViolation:
    return errors.RuleViolation(
        "TOO_MANY_ATTACHMENTS",
        f"Une session ne peut pas compter plus de {MAX_ATTACHMENTS_PER_SESSION} documents. "
        "Supprimez-en un avant d'en ajouter un autre.",
    )


def attachment_not_found() -> errors.NotFound:
    return errors.NotFound("ATTACHMENT_NOT_FOUND", "Ce document est introuvable.")
