"""Session documents: the pure rules (types, sizes, names, keys, verdicts, staleness), then the
service on in-memory fakes (limits, races, the lazy verdict)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

import pytest

from shared.adapters.s3_files import content_disposition, upload_policy_conditions
from shared.domain import errors
from shared.domain.attachments import (
    MAX_FILE_NAME_LENGTH,
    MAX_FILE_SIZE,
    STALE_AFTER,
    UPLOAD_GRACE,
    UPLOAD_LIFETIME,
    Attachment,
    AttachmentStatus,
    RejectionReason,
    UploadRequest,
    clean_file_name,
    is_stale,
    new_attachment,
    parse_upload_key,
    upload_key,
    upload_window_closed,
    validate_upload_request,
    verdict,
)
from shared.domain.audit import AuditAction
from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.session import SessionStatus
from shared.services import attachments as service
from shared.services import sessions as session_service
from tests.fakes import FakeSessions, FakeUsers
from tests.fakes_files import FakeAttachments, FakeFiles

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def declared(content_type: str = "image/png", size: int = 36) -> Attachment:
    return new_attachment(
        "a1", 296, UploadRequest(file_name="pv.png", content_type=content_type, size=size), "u", NOW
    )


# --- verdicts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("application/pdf", PDF), ("image/png", PNG), ("image/jpeg", JPEG)],
)
def test_a_file_of_its_declared_type_and_size_is_available(content_type: str, body: bytes) -> None:
    assert verdict(declared(content_type, len(body)), len(body), body[:16]) == (
        AttachmentStatus.AVAILABLE,
        None,
    )


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"this is plain text, not a PNG at all"),
        ("image/png", PDF),
        ("application/pdf", PNG),
        ("image/jpeg", b"\xff\xd8"),  # too short for the magic number
        ("application/pdf", b"%PDF"),
    ],
)
def test_bytes_of_another_type_are_rejected(content_type: str, body: bytes) -> None:
    status, reason = verdict(declared(content_type, len(body)), len(body), body[:16])
    assert (status, reason) == (AttachmentStatus.REJECTED, RejectionReason.TYPE_MISMATCH)


def test_size_rules_come_before_the_type() -> None:
    assert verdict(declared(size=36), 37, PNG[:16]) == (
        AttachmentStatus.REJECTED,
        RejectionReason.SIZE_MISMATCH,
    )
    assert verdict(declared(size=36), 35, PNG[:16])[1] is RejectionReason.SIZE_MISMATCH
    assert verdict(declared(size=MAX_FILE_SIZE), MAX_FILE_SIZE + 1, PNG[:16]) == (
        AttachmentStatus.REJECTED,
        RejectionReason.FILE_TOO_LARGE,
    )
    assert verdict(declared(size=36), None, b"") == (
        AttachmentStatus.REJECTED,
        RejectionReason.NOT_UPLOADED,
    )


def test_every_rejection_has_a_french_message() -> None:
    for reason in RejectionReason:
        judged = declared().judged(AttachmentStatus.REJECTED, reason, NOW)
        assert judged.rejection_message
        assert judged.rejection_message.endswith(".")


# --- the upload request ----------------------------------------------------------------------


def form(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"fileName": "PV signé.pdf", "contentType": "application/pdf"}
    body["size"] = 1000
    body.update(fields)
    return body


def test_a_valid_request() -> None:
    request = validate_upload_request(form(contentType=" Application/PDF "))
    assert request == UploadRequest(
        file_name="PV signé.pdf", content_type="application/pdf", size=1000
    )


def test_missing_fields_are_all_reported() -> None:
    with pytest.raises(errors.RuleViolation) as raised:
        validate_upload_request({"fileName": "  ", "size": 0})
    assert raised.value.code == "VALIDATION_ERROR"
    assert [(d.field, d.code) for d in raised.value.details] == [
        ("fileName", "REQUIRED"),
        ("contentType", "REQUIRED"),
        ("size", "EMPTY_FILE"),
    ]
    assert raised.value.details[0].message == "Veuillez indiquer le nom du fichier."


@pytest.mark.parametrize(
    "content_type", ["image/gif", "text/plain", "image/png; name=x", "application/x-pdf"]
)
def test_only_pdf_jpeg_and_png_are_accepted(content_type: str) -> None:
    with pytest.raises(errors.RuleViolation) as raised:
        validate_upload_request(form(contentType=content_type))
    assert raised.value.code == "UNSUPPORTED_FILE_TYPE"
    assert raised.value.message == "Seuls les fichiers PDF, JPEG et PNG sont acceptés."


def test_ten_megabytes_at_most() -> None:
    assert validate_upload_request(form(size=MAX_FILE_SIZE)).size == 10 * 1024 * 1024
    with pytest.raises(errors.RuleViolation) as raised:
        validate_upload_request(form(size=MAX_FILE_SIZE + 1))
    assert raised.value.code == "FILE_TOO_LARGE"
    assert "10 Mo" in raised.value.message


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("PV d'incident.pdf", "PV d'incident.pdf"),
        ("C:\\fakepath\\scan 1.png", "scan 1.png"),
        ("../../etc/passwd", "passwd"),
        ("facture\u202egnp.exe", "facturegnp.exe"),  # right-to-left override removed
        ("a\x00b\tc\nd.pdf", "ab c d.pdf"),
        ('what?<"x">|*:.pdf', "what___x_____.pdf"),
        ("  ...  ", ""),
        ("Cafe\u0301.pdf", "Café.pdf"),  # NFC
    ],
)
def test_file_names_are_cleaned(raw: str, clean: str) -> None:
    assert clean_file_name(raw) == clean


def test_long_names_keep_their_extension() -> None:
    name = clean_file_name("x" * 400 + ".jpeg")
    assert len(name) == MAX_FILE_NAME_LENGTH
    assert name.endswith("x.jpeg")
    assert len(clean_file_name("y" * 400)) == MAX_FILE_NAME_LENGTH


def test_the_download_name_has_the_extension_of_its_type() -> None:
    request = UploadRequest(file_name="scan", content_type="image/jpeg", size=10)
    assert new_attachment("a", 1, request, "u", NOW).download_name == "scan.jpg"
    request = UploadRequest(file_name="scan.JPEG", content_type="image/jpeg", size=10)
    assert new_attachment("a", 1, request, "u", NOW).download_name == "scan.JPEG"


# --- keys, staleness -------------------------------------------------------------------------


def test_keys_are_chosen_by_the_server_and_parsed_back() -> None:
    key = upload_key(296, "4b1f6c1e-2f0a-4c5e-9a51-0d6f1c2b3a4d")
    assert key == "sessions/296/attachments/4b1f6c1e-2f0a-4c5e-9a51-0d6f1c2b3a4d"
    assert parse_upload_key(key) == (296, "4b1f6c1e-2f0a-4c5e-9a51-0d6f1c2b3a4d")
    for other in (
        f"verified/{key}",
        f"{key}/more",
        "sessions/0/attachments/a",
        "sessions/296/attachments/../x",
        "sessions/296/attachments/",
        "quarantine/x",
    ):
        assert parse_upload_key(other) is None, other


def test_a_document_is_stale_a_minute_after_its_form_was_issued() -> None:
    attachment = declared()
    assert attachment.upload_expires_at == NOW + UPLOAD_LIFETIME
    assert not is_stale(attachment, NOW + STALE_AFTER)
    assert is_stale(attachment, NOW + STALE_AFTER + timedelta(seconds=1))
    available = attachment.judged(AttachmentStatus.AVAILABLE, None, NOW)
    assert not is_stale(available, NOW + timedelta(hours=1))
    assert not upload_window_closed(attachment, NOW + UPLOAD_LIFETIME + UPLOAD_GRACE)
    assert upload_window_closed(
        attachment, NOW + UPLOAD_LIFETIME + UPLOAD_GRACE + timedelta(seconds=1)
    )


# --- the S3 adapter's pure parts -------------------------------------------------------------


def test_the_policy_pins_type_and_exact_size() -> None:
    assert upload_policy_conditions("image/png", 1234) == [
        {"Content-Type": "image/png"},
        ["content-length-range", 1234, 1234],
    ]


def test_download_names_survive_accents_and_quotes() -> None:
    header = content_disposition('PV "signé"; 3e1.pdf')
    assert header == (
        'attachment; filename="PV _signe__ 3e1.pdf"; '
        "filename*=UTF-8''PV%20%22sign%C3%A9%22%3B%203e1.pdf"
    )
    assert 'filename="document"' in content_disposition("文件")


# --- the service, on fakes -------------------------------------------------------------------

PARIS = Center(id="c-paris", name="Collège", timezone="Europe/Paris", external_id="0999001A")
OTHER = Center(id="c-other", name="Lycée", timezone="Europe/Paris", external_id="0999002B")
ALICE = Identity(user_id="alice", email="alice@anne-frank.test")
BRUNO = Identity(user_id="bruno", email="bruno@other.test")
STAFF = Identity(user_id="staff", email="staff@pix.test", is_pix_admin=True)


class World:
    def __init__(self) -> None:
        self.now = NOW
        self.sessions = FakeSessions()
        self.users = FakeUsers()
        self.attachments = FakeAttachments(self.sessions)
        self.files = FakeFiles()
        self.ids = iter(f"id-{n}" for n in range(1000))
        self.users.put_membership(Membership(user_id="alice", role=Role.ADMIN, center=PARIS))
        self.users.put_membership(Membership(user_id="bruno", role=Role.ADMIN, center=OTHER))
        self.session = session_service.create_session(
            self.sessions,
            self.users,
            ALICE,
            "c-paris",
            {"address": "A", "room": "B", "date": "2026-12-14", "time": "12:00", "examiner": "C"},
            lambda: NOW,
            Random(1),
        )

    def clock(self) -> datetime:
        return self.now

    def request(self, who: Identity = ALICE, **fields: Any) -> service.UploadGrant:
        body = {"fileName": "pv.png", "contentType": "image/png", "size": len(PNG), **fields}
        return service.request_upload(
            self.sessions,
            self.users,
            self.attachments,
            self.files,
            who,
            self.session.id,
            body,
            self.clock,
            lambda: next(self.ids),
        )

    def verify(self, key: str) -> Attachment | None:
        return service.verify_upload(self.attachments, self.files, "files", key, self.clock)

    def listed(self, who: Identity = ALICE) -> list[service.AttachmentView]:
        return service.list_attachments(
            self.sessions,
            self.users,
            self.attachments,
            self.files,
            who,
            self.session.id,
            self.clock,
        )

    def delete(self, attachment_id: str, who: Identity = ALICE) -> None:
        service.delete_attachment(
            self.sessions,
            self.users,
            self.attachments,
            self.files,
            who,
            self.session.id,
            attachment_id,
            self.clock,
        )

    def finalize(self) -> None:
        stored = self.sessions.sessions[self.session.id]
        self.sessions.sessions[self.session.id] = stored.model_copy(
            update={"status": SessionStatus.FINALIZED}
        )

    def actions(self) -> list[AuditAction]:
        return [e.action for e in self.sessions.events.list_for_session(self.session.id)]


@pytest.fixture
def world() -> World:
    return World()


def test_an_upload_from_request_to_download(world: World) -> None:
    grant = world.request()
    key = f"sessions/{world.session.id}/attachments/id-0"
    assert grant.attachment.key == key
    assert grant.expires_at == NOW + UPLOAD_LIFETIME
    assert world.files.forms == [(key, "image/png", len(PNG), 600)]
    world.files.put(key, PNG)
    judged = world.verify(key)
    assert judged is not None and judged.status is AttachmentStatus.AVAILABLE
    assert judged.verified_at == NOW
    # The verified copy is served; the upload itself is gone.
    assert set(world.files.objects) == {f"verified/{key}"}
    [view] = world.listed()
    assert view.download_url is not None and "verified/" in view.download_url
    assert world.actions() == [
        AuditAction.SESSION_CREATED,
        AuditAction.ATTACHMENT_ADDED,
        AuditAction.ATTACHMENT_VERIFIED,
    ]


def test_a_text_file_declared_png_is_rejected_and_deleted(world: World) -> None:
    key = world.request().attachment.key
    world.files.put(key, b"not a png but the same length as PNG..")
    world.attachments.attachments[(world.session.id, "id-0")] = world.attachments.attachments[
        (world.session.id, "id-0")
    ].model_copy(update={"size": 38})
    judged = world.verify(key)
    assert judged is not None
    assert (judged.status, judged.rejection_reason) == (
        AttachmentStatus.REJECTED,
        RejectionReason.TYPE_MISMATCH,
    )
    assert world.files.objects == {}
    assert world.attachments.counts[world.session.id] == 0
    [view] = world.listed()
    assert view.download_url is None


def test_an_upload_after_the_verdict_is_removed_not_served(world: World) -> None:
    key = world.request().attachment.key
    world.files.put(key, PNG)
    world.verify(key)
    # The form stays usable until it expires: a second POST lands in the inbox again.
    world.files.put(key, b"malicious replacement")
    again = world.verify(key)
    assert again is not None and again.status is AttachmentStatus.AVAILABLE
    assert set(world.files.objects) == {f"verified/{key}"}
    assert world.files.objects[f"verified/{key}"].body == PNG


def test_an_upload_replaced_while_judged_waits_for_its_own_event(world: World) -> None:
    key = world.request().attachment.key
    world.files.put(key, PNG)
    world.files.before_copy.append((key, b"replaced between the probe and the copy"))
    judged = world.verify(key)
    assert judged is not None and judged.status is AttachmentStatus.PENDING
    assert f"verified/{key}" not in world.files.objects
    # The replacement's own event judges what is there now.
    judged = world.verify(key)
    assert judged is not None and judged.status is AttachmentStatus.REJECTED


def test_events_of_other_buckets_and_keys_are_ignored(world: World) -> None:
    key = world.request().attachment.key
    world.files.put(key, PNG)
    assert service.verify_upload(world.attachments, world.files, "other", key, world.clock) is None
    assert world.verify(f"verified/{key}") is None
    assert world.verify("sessions/999/attachments/unknown") is None
    stored = world.attachments.get(world.session.id, "id-0")
    assert stored is not None and stored.status is AttachmentStatus.PENDING


def test_a_stale_pending_document_is_judged_when_read(world: World) -> None:
    key = world.request().attachment.key
    world.files.put(key, PNG)
    [view] = world.listed()
    assert view.attachment.status is AttachmentStatus.PENDING  # the event may still come
    world.now = NOW + STALE_AFTER + timedelta(seconds=1)
    [view] = world.listed()
    assert view.attachment.status is AttachmentStatus.AVAILABLE
    assert view.download_url is not None
    assert world.actions()[-1] is AuditAction.ATTACHMENT_VERIFIED


def test_a_form_never_used_is_rejected_once_expired(world: World) -> None:
    world.request()
    world.now = NOW + timedelta(minutes=2)
    [view] = world.listed()
    assert view.attachment.status is AttachmentStatus.PENDING  # the form is still valid
    world.now = NOW + UPLOAD_LIFETIME + UPLOAD_GRACE + timedelta(seconds=1)
    [view] = world.listed()
    assert view.attachment.rejection_reason is RejectionReason.NOT_UPLOADED


def test_twenty_documents_per_session_rejected_ones_excepted(world: World) -> None:
    for _ in range(20):
        world.request()
    with pytest.raises(errors.RuleViolation) as raised:
        world.request()
    assert raised.value.code == "TOO_MANY_ATTACHMENTS"
    # A refused file does not count: its place is free again.
    key = world.listed()[0].attachment.key
    world.files.put(key, b"%PDF-" + b"x" * (len(PNG) - 5))
    world.verify(key)
    world.request()
    with pytest.raises(errors.RuleViolation):
        world.request()


def test_expired_forms_free_their_place_when_the_limit_is_reached(world: World) -> None:
    for _ in range(20):
        world.request()
    world.now = NOW + UPLOAD_LIFETIME + UPLOAD_GRACE + timedelta(seconds=1)
    grant = world.request()
    assert grant.attachment.status is AttachmentStatus.PENDING
    statuses = [v.attachment.status for v in world.listed()]
    assert statuses.count(AttachmentStatus.REJECTED) == 20


def test_deleting_removes_the_record_and_the_files(world: World) -> None:
    key = world.request().attachment.key
    world.files.put(key, PNG)
    world.verify(key)
    world.delete("id-0")
    assert world.listed() == []
    assert world.files.objects == {}
    assert world.attachments.counts[world.session.id] == 0
    assert world.actions()[-1] is AuditAction.ATTACHMENT_DELETED
    for unknown in ("id-0", "../x", "x" * 100):
        with pytest.raises(errors.NotFound) as raised:
            world.delete(unknown)
        assert raised.value.code == "ATTACHMENT_NOT_FOUND"


def test_nothing_changes_after_finalization(world: World) -> None:
    world.request()
    world.finalize()
    for action in (world.request, lambda: world.delete("id-0")):
        with pytest.raises(errors.Conflict) as raised:
            action()
        assert raised.value.code == "SESSION_ALREADY_FINALIZED"
    assert len(world.listed()) == 1


def test_another_school_sees_no_session_and_pix_staff_read_only(world: World) -> None:
    world.request()
    for action in (
        lambda: world.request(BRUNO),
        lambda: world.listed(BRUNO),
        lambda: world.delete("id-0", BRUNO),
        lambda: world.request(STAFF),
    ):
        with pytest.raises(errors.NotFound) as raised:
            action()
        assert raised.value.code == "SESSION_NOT_FOUND"
    assert len(world.listed(STAFF)) == 1
