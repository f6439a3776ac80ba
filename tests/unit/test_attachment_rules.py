"""Session documents: the pure rules (types, sizes, names, keys, verdicts, staleness), then the
service on in-memory fakes (limits, races, the lazy verdict)."""

from __future__ import annotations

import signal
import time
import zlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from shared.adapters.file_inspection import inspect
from shared.adapters.s3_files import content_disposition, upload_policy_conditions
from shared.domain import errors
from shared.domain.attachments import (
    MAX_FILE_NAME_LENGTH,
    MAX_FILE_SIZE,
    MAX_IMAGE_PIXELS,
    STALE_AFTER,
    UPLOAD_GRACE,
    UPLOAD_LIFETIME,
    Attachment,
    AttachmentStatus,
    Inspection,
    Inspector,
    RejectionReason,
    UploadInput,
    UploadRequest,
    Verdict,
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
from shared.domain.people import Identity
from shared.domain.retention import VERIFIED_DOCUMENT_DAYS
from shared.domain.session import Session, SessionStatus
from shared.services import attachments as service
from shared.services.attachments import AttachmentView
from shared.services.dependencies import Dependencies
from tests import fakes_files as sample
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, BRUNO, NOW, STAFF

PDF = sample.pdf()
PNG = sample.png()
JPEG = sample.jpeg()
REJECTED = AttachmentStatus.REJECTED


def declared(content_type: str = "image/png", size: int = 36) -> Attachment:
    return new_attachment(
        "a1", 296, UploadRequest(file_name="pv.png", content_type=content_type, size=size), "u", NOW
    )


def found(label: str, **facts: Any) -> Inspector:
    """An inspector that finds a whole file of the type `label` (`facts` change what)."""
    return lambda _content_type, _data: Inspection(format=label, **facts)


def never(content_type: str, data: bytes) -> Inspection:
    raise AssertionError("the structure of a file already rejected is not inspected")


def judge(body: bytes, content_type: str = "image/png") -> Verdict:
    """The verdict on `body`, declared with its own size, by the real inspector."""
    return verdict(declared(content_type, len(body)), len(body), body, inspect)


# --- verdicts: the rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body", "label"),
    [("application/pdf", PDF, "PDF"), ("image/png", PNG, "PNG"), ("image/jpeg", JPEG, "JPEG")],
)
def test_a_whole_file_of_its_declared_type_and_size_is_available(
    content_type: str, body: bytes, label: str
) -> None:
    facts = {"pages": 1} if label == "PDF" else {"pixels": 1200}
    judged = verdict(declared(content_type, len(body)), len(body), body, found(label, **facts))
    assert (judged.status, judged.reason, judged.defect) == (AttachmentStatus.AVAILABLE, None, None)


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
def test_bytes_of_another_type_are_rejected_before_their_structure_is_read(
    content_type: str, body: bytes
) -> None:
    judged = verdict(declared(content_type, len(body)), len(body), body, never)
    assert (judged.status, judged.reason) == (REJECTED, RejectionReason.TYPE_MISMATCH)


def test_size_rules_come_before_the_type() -> None:
    assert verdict(declared(size=36), 37, PNG, never).reason is RejectionReason.SIZE_MISMATCH
    assert verdict(declared(size=36), 35, PNG, never).reason is RejectionReason.SIZE_MISMATCH
    too_large = verdict(declared(size=MAX_FILE_SIZE), MAX_FILE_SIZE + 1, PNG, never)
    assert (too_large.status, too_large.reason) == (REJECTED, RejectionReason.FILE_TOO_LARGE)
    missing = verdict(declared(size=36), None, b"", never)
    assert (missing.status, missing.reason) == (REJECTED, RejectionReason.NOT_UPLOADED)


@pytest.mark.parametrize(
    ("inspection", "reason"),
    [
        (Inspection(format="PNG", pixels=1200, defect="PNG: no IEND"), "INVALID_STRUCTURE"),
        (Inspection(format=None, defect="PNG: not a PNG"), "INVALID_STRUCTURE"),
        (Inspection(format="PNG", pixels=MAX_IMAGE_PIXELS + 1), "TOO_MANY_PIXELS"),
        # Too many pixels is said first: the decoder does not even run on such a file.
        (Inspection(format="PNG", pixels=10**10, defect="not decoded"), "TOO_MANY_PIXELS"),
        (Inspection(format="JPEG", pixels=1200), "TYPE_MISMATCH"),
        (Inspection(format="PNG", pixels=MAX_IMAGE_PIXELS), None),
    ],
)
def test_the_structure_decides_once_type_and_size_are_right(
    inspection: Inspection, reason: str | None
) -> None:
    judged = verdict(declared(size=len(PNG)), len(PNG), PNG, lambda _t, _d: inspection)
    assert judged.reason == (RejectionReason(reason) if reason else None)
    assert judged.status is (REJECTED if reason else AttachmentStatus.AVAILABLE)
    if inspection.defect:
        assert judged.defect == inspection.defect  # kept for the audit trail


def test_a_pdf_has_at_least_one_page() -> None:
    assert judge_pdf(found("PDF", pages=0)).reason is RejectionReason.INVALID_STRUCTURE
    assert judge_pdf(found("PDF", pages=None)).reason is RejectionReason.INVALID_STRUCTURE
    assert judge_pdf(found("PDF", pages=3)).status is AttachmentStatus.AVAILABLE


def judge_pdf(inspector: Inspector) -> Verdict:
    return verdict(declared("application/pdf", len(PDF)), len(PDF), PDF, inspector)


def test_the_inspector_gets_the_declared_type_and_every_byte() -> None:
    asked: list[tuple[str, bytes]] = []

    def spy(content_type: str, data: bytes) -> Inspection:
        asked.append((content_type, data))
        return Inspection(format="JPEG", pixels=1200)

    verdict(declared("image/jpeg", len(JPEG)), len(JPEG), JPEG, spy)
    assert asked == [("image/jpeg", JPEG)]


def test_the_pixel_limit_holds_a_scanned_a4_page_at_600_dpi() -> None:
    a4_at_600_dpi = round(210 / 25.4 * 600) * round(297 / 25.4 * 600)
    assert a4_at_600_dpi < MAX_IMAGE_PIXELS == 40_000_000


def test_every_rejection_has_a_french_message() -> None:
    for reason in RejectionReason:
        judged = declared().judged(AttachmentStatus.REJECTED, reason, NOW)
        assert judged.rejection_message
        assert judged.rejection_message.endswith(".")


# --- verdicts: real files, and the red team's ---------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        pytest.param("image/png", sample.png(), id="PNG"),
        pytest.param("image/png", sample.png(mode="RGBA"), id="PNG RGBA"),
        pytest.param("image/png", sample.png(mode="P"), id="PNG palette"),
        pytest.param("image/png", sample.png(mode="I;16"), id="PNG 16-bit grey"),
        pytest.param("image/png", sample.png(noise=True, interlace=1), id="PNG interlaced"),
        pytest.param("image/jpeg", sample.jpeg(), id="JPEG"),
        pytest.param("image/jpeg", sample.jpeg(mode="L"), id="JPEG grey"),
        pytest.param("image/jpeg", sample.jpeg(mode="CMYK"), id="JPEG CMYK"),
        pytest.param(
            "image/jpeg", sample.jpeg(noise=True, progressive=True), id="JPEG progressive"
        ),
        pytest.param("image/jpeg", sample.mpo(), id="JPEG with a second picture (MPO)"),
        pytest.param("application/pdf", sample.pdf(), id="PDF reportlab"),
        pytest.param("application/pdf", sample.pdf(pages=3), id="PDF 3 pages"),
        pytest.param("application/pdf", sample.scanned_pdf(), id="PDF scanned"),
        pytest.param("application/pdf", sample.pypdf_pdf(), id="PDF pypdf"),
        pytest.param("application/pdf", sample.pypdf_pdf(user_password=""), id="PDF owner-locked"),
    ],
)
def test_real_files_are_available(content_type: str, body: bytes) -> None:
    judged = judge(body, content_type)
    assert (judged.status, judged.reason, judged.defect) == (AttachmentStatus.AVAILABLE, None, None)


def test_what_the_inspector_reads_of_real_files() -> None:
    assert inspect("image/png", sample.png(40, 30)) == Inspection(format="PNG", pixels=1200)
    assert inspect("image/jpeg", sample.jpeg(40, 30)) == Inspection(format="JPEG", pixels=1200)
    assert inspect("image/jpeg", sample.mpo()) == Inspection(format="JPEG", pixels=1200)
    assert inspect("application/pdf", sample.pdf(pages=3)) == Inspection(format="PDF", pages=3)


PNG_CUT = sample.png(100, 100, noise=True)
JPEG_CUT = sample.jpeg(100, 100, noise=True)
PDF_CUT = sample.scanned_pdf()
# Every chunk whole, its CRC right; the compressed pixels are too few for a 2×2 grey image.
BROKEN_PIXELS = (
    sample.PNG_SIGNATURE
    + sample.png_chunk(b"IHDR", bytes.fromhex("00000002 00000002 08 00 00 00 00"))
    + sample.png_chunk(b"IDAT", zlib.compress(b"\x00\x7f"))
    + sample.png_chunk(b"IEND", b"")
)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        pytest.param("application/pdf", b"%PDF-1.7\n" + sample.HTML, id="%PDF- then HTML"),
        pytest.param(
            "application/pdf", b"%PDF-1.7\n" + sample.HTML + b"%%EOF\n", id="%PDF-, HTML, %%EOF"
        ),
        pytest.param("image/jpeg", b"\xff\xd8\xff" + sample.HTML, id="JPEG SOI then HTML"),
        pytest.param("image/jpeg", JPEG[:20] + sample.HTML, id="JPEG JFIF header then HTML"),
        pytest.param("image/png", sample.PNG_SIGNATURE + sample.ELF, id="PNG signature then ELF"),
        pytest.param("image/png", sample.PNG_SIGNATURE + sample.PE, id="PNG signature then PE"),
        pytest.param("image/png", PNG[:33] + sample.ELF, id="PNG header then ELF"),
        pytest.param("image/png", PNG_CUT[: len(PNG_CUT) // 2], id="PNG truncated"),
        pytest.param("image/png", PNG + sample.HTML, id="PNG then HTML after IEND"),
        pytest.param(
            "image/png", PNG[:29] + bytes([PNG[29] ^ 1]) + PNG[30:], id="PNG with a wrong CRC"
        ),
        pytest.param("image/png", BROKEN_PIXELS, id="PNG whose pixels do not decode"),
        pytest.param("image/jpeg", JPEG_CUT[: len(JPEG_CUT) // 2], id="JPEG truncated"),
        pytest.param("application/pdf", PDF_CUT[: len(PDF_CUT) // 2], id="PDF truncated"),
        pytest.param("application/pdf", sample.without_xref(PDF), id="PDF without xref, trailer"),
        pytest.param(
            "application/pdf",
            b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
            id="PDF with a trailer but no xref",
        ),
        pytest.param("application/pdf", sample.with_startxref(PDF, 9), id="PDF wrong startxref"),
        pytest.param("application/pdf", PDF + sample.HTML, id="PDF then HTML after %%EOF"),
        pytest.param(
            "application/pdf", sample.pypdf_pdf(user_password="secret"), id="PDF nobody can open"
        ),
    ],
)
def test_files_that_are_not_what_they_claim_all_the_way_through_are_rejected(
    content_type: str, body: bytes
) -> None:
    judged = judge(body, content_type)
    assert (judged.status, judged.reason) == (REJECTED, RejectionReason.INVALID_STRUCTURE)
    assert judged.defect


def test_a_pdf_without_pages_is_rejected() -> None:
    judged = judge(sample.pypdf_pdf(pages=0), "application/pdf")
    assert (judged.status, judged.reason) == (REJECTED, RejectionReason.INVALID_STRUCTURE)


@pytest.mark.parametrize(
    ("content_type", "body", "pixels"),
    [
        pytest.param("image/png", sample.png_bomb(100_000, 100_000), 10**10, id="PNG 10 Gpx"),
        pytest.param("image/png", sample.png_bomb(8_000, 5_001), 40_008_000, id="PNG 40.008 Mpx"),
        pytest.param(
            "image/jpeg", sample.resized_jpeg(JPEG, 60_000, 60_000), 36 * 10**8, id="JPEG 3.6 Gpx"
        ),
    ],
)
def test_decompression_bombs_are_rejected_without_being_decoded(
    content_type: str, body: bytes, pixels: int
) -> None:
    started = time.perf_counter()
    inspection = inspect(content_type, body)
    assert time.perf_counter() - started < 1  # nothing of that size was decoded
    assert inspection.pixels == pixels
    judged = judge(body, content_type)
    assert (judged.status, judged.reason) == (REJECTED, RejectionReason.TOO_MANY_PIXELS)


def test_a_file_slow_to_parse_is_stopped_by_the_budget() -> None:
    slow = sample.pdf_of_many_objects(300)
    assert inspect("application/pdf", slow) == Inspection(format="PDF", pages=1)

    started = time.perf_counter()
    stopped = inspect("application/pdf", slow, budget=0.01)
    assert time.perf_counter() - started < 0.5
    assert stopped == Inspection(format="PDF", defect="PDF: not read within 0.01 s")
    judged = verdict(declared("application/pdf", len(slow)), len(slow), slow, stopped_by_budget)
    assert judged.reason is RejectionReason.INVALID_STRUCTURE


def stopped_by_budget(content_type: str, data: bytes) -> Inspection:
    return inspect(content_type, data, budget=0.01)


def test_the_budget_puts_back_the_alarm_it_found() -> None:
    def mine(_signal: int, _frame: object) -> None:
        raise AssertionError("no alarm was set")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        inspect("application/pdf", PDF)
        inspect("application/pdf", sample.pdf_of_many_objects(300), budget=0.01)
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_the_inspection_leaves_pillow_s_own_settings_alone() -> None:
    from PIL import Image, ImageFile

    def settings() -> tuple[int | None, bool]:
        return Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES

    before = settings()
    inspect("image/png", sample.png_bomb(100_000, 100_000))
    inspect("image/jpeg", JPEG_CUT[:1000])
    assert settings() == before


# --- the upload request ----------------------------------------------------------------------


def form(**fields: Any) -> UploadInput:
    """A PDF of 1 000 bytes (`fields` change the declaration)."""
    declared = UploadInput(file_name="PV signé.pdf", content_type="application/pdf", size=1000)
    return declared.model_copy(update=fields)


def test_a_valid_request() -> None:
    request = validate_upload_request(form(content_type=" Application/PDF "))
    assert request == UploadRequest(
        file_name="PV signé.pdf", content_type="application/pdf", size=1000
    )


def test_missing_fields_are_all_reported() -> None:
    with pytest.raises(errors.RuleViolation) as raised:
        validate_upload_request(UploadInput(file_name="  ", size=0))
    assert raised.value.code == "VALIDATION_ERROR"
    assert [(d.field, d.code) for d in raised.value.details] == [
        ("file_name", "REQUIRED"),
        ("content_type", "REQUIRED"),
        ("size", "EMPTY_FILE"),
    ]
    assert raised.value.details[0].message == "Veuillez indiquer le nom du fichier."


@pytest.mark.parametrize(
    "content_type", ["image/gif", "text/plain", "image/png; name=x", "application/x-pdf"]
)
def test_only_pdf_jpeg_and_png_are_accepted(content_type: str) -> None:
    with pytest.raises(errors.RuleViolation) as raised:
        validate_upload_request(form(content_type=content_type))
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
# The first document of a test gets the id "id-1": the fakes' ids are counted from 1.


def request(
    deps: Dependencies, session: Session, who: Identity = ALICE, **fields: Any
) -> service.UploadGrant:
    """Ask for the form of a PNG (`fields` change the declaration)."""
    form = UploadInput(file_name="pv.png", content_type="image/png", size=len(PNG))
    return service.request_upload(deps, who, session.id, form.model_copy(update=fields))


def verify(deps: Dependencies, key: str) -> Attachment | None:
    """What the S3 event of an object stored in the fakes' bucket does."""
    return service.verify_upload(deps, "files", key)


def listed(deps: Dependencies, session: Session, who: Identity = ALICE) -> list[AttachmentView]:
    return service.list_attachments(deps, who, session.id)


def delete(deps: Dependencies, session: Session, attachment_id: str, who: Identity = ALICE) -> None:
    service.delete_attachment(deps, who, session.id, attachment_id)


def actions(fakes: Fakes, session: Session) -> list[AuditAction]:
    return [e.action for e in fakes.sessions.events.list_for_session(session.id)]


def test_an_upload_from_request_to_download(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    # Given a form asked for
    grant = request(deps, session)
    key = f"sessions/{session.id}/attachments/id-1"
    assert grant.attachment.key == key
    assert grant.expires_at == NOW + UPLOAD_LIFETIME
    assert fakes.files.forms == [(key, "image/png", len(PNG), 600)]
    # When the browser stores a PNG with it
    fakes.files.put(key, PNG)
    judged = verify(deps, key)
    # Then the document is available
    assert judged is not None and judged.status is AttachmentStatus.AVAILABLE
    assert judged.verified_at == NOW
    # The verified copy is served; the upload itself is gone.
    assert set(fakes.files.objects) == {f"verified/{key}"}
    [view] = listed(deps, session)
    assert view.download_url is not None and "verified/" in view.download_url
    assert actions(fakes, session) == [
        AuditAction.SESSION_CREATED,
        AuditAction.ATTACHMENT_ADDED,
        AuditAction.ATTACHMENT_VERIFIED,
    ]


def test_a_verified_copy_is_offered_until_the_lifecycle_rule_removes_it(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    # Given a document verified at NOW
    key = request(deps, session).attachment.key
    fakes.files.put(key, PNG)
    verify(deps, key)
    kept = timedelta(days=VERIFIED_DOCUMENT_DAYS)
    # Until its copy's lifecycle expiry, the list offers the download and says until when
    fakes.clock.now = NOW + kept - timedelta(seconds=1)
    [view] = listed(deps, session)
    assert view.download_url is not None
    assert view.attachment.available_until == NOW + kept
    # From then on, the copy is (or is about to be) gone: no link to a missing file
    fakes.clock.now = NOW + kept
    [view] = listed(deps, session)
    assert view.attachment.status is AttachmentStatus.AVAILABLE
    assert view.download_url is None


def test_a_text_file_declared_png_is_rejected_and_deleted(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    text = b"not a png but the same length as PNG.."
    key = request(deps, session, size=len(text)).attachment.key
    fakes.files.put(key, text)
    judged = verify(deps, key)
    assert judged is not None
    assert (judged.status, judged.rejection_reason) == (
        AttachmentStatus.REJECTED,
        RejectionReason.TYPE_MISMATCH,
    )
    assert fakes.files.objects == {}
    assert fakes.attachments.counts[session.id] == 0
    [view] = listed(deps, session)
    assert view.download_url is None


def test_a_pdf_that_continues_with_html_is_rejected_and_the_trail_says_why(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    hostile = b"%PDF-1.7\n" + sample.HTML
    key = request(deps, session, content_type="application/pdf", size=len(hostile)).attachment.key
    fakes.files.put(key, hostile)
    judged = verify(deps, key)
    assert judged is not None
    assert (judged.status, judged.rejection_reason) == (
        AttachmentStatus.REJECTED,
        RejectionReason.INVALID_STRUCTURE,
    )
    assert judged.rejection_message == (
        "Le fichier est endommagé ou n'est pas un vrai fichier PDF, JPEG ou PNG. "
        "Enregistrez-le à nouveau depuis le logiciel qui l'a créé, puis joignez-le."
    )
    assert fakes.files.objects == {}
    event = fakes.sessions.events.list_for_session(session.id)[-1]
    assert event.action is AuditAction.ATTACHMENT_VERIFIED
    assert event.changes["reason"] == "INVALID_STRUCTURE"
    assert str(event.changes["defect"]).startswith("PDF:")


def test_a_decompression_bomb_is_rejected_for_its_pixels(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    bomb = sample.png_bomb(100_000, 100_000)
    key = request(deps, session, size=len(bomb)).attachment.key
    fakes.files.put(key, bomb)
    judged = verify(deps, key)
    assert judged is not None and judged.rejection_reason is RejectionReason.TOO_MANY_PIXELS
    assert judged.rejection_message == (
        "L'image est trop grande (plus de 40 millions de pixels). "
        "Réduisez sa définition, ou numérisez le document en PDF, puis joignez-la à nouveau."
    )


def test_the_verdict_reads_the_whole_file(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    """The magic number and the header are right; what follows the image is not."""
    hostile = PNG + sample.PE
    key = request(deps, session, size=len(hostile)).attachment.key
    fakes.files.put(key, hostile)
    judged = verify(deps, key)
    assert judged is not None and judged.rejection_reason is RejectionReason.INVALID_STRUCTURE
    assert fakes.files.reads == [(key, MAX_FILE_SIZE)]


def test_an_upload_after_the_verdict_is_removed_not_served(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    key = request(deps, session).attachment.key
    fakes.files.put(key, PNG)
    verify(deps, key)
    # The form stays usable until it expires: a second POST lands in the inbox again.
    fakes.files.put(key, b"malicious replacement")
    again = verify(deps, key)
    assert again is not None and again.status is AttachmentStatus.AVAILABLE
    assert set(fakes.files.objects) == {f"verified/{key}"}
    assert fakes.files.objects[f"verified/{key}"].body == PNG


def test_an_upload_replaced_while_judged_waits_for_its_own_event(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    key = request(deps, session).attachment.key
    fakes.files.put(key, PNG)
    fakes.files.before_copy.append((key, b"replaced between the read and the copy"))
    judged = verify(deps, key)
    assert judged is not None and judged.status is AttachmentStatus.PENDING
    assert f"verified/{key}" not in fakes.files.objects
    # The replacement's own event judges what is there now.
    judged = verify(deps, key)
    assert judged is not None and judged.status is AttachmentStatus.REJECTED


def test_events_of_other_buckets_and_keys_are_ignored(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    key = request(deps, session).attachment.key
    fakes.files.put(key, PNG)
    assert service.verify_upload(deps, "other", key) is None
    assert verify(deps, f"verified/{key}") is None
    assert verify(deps, "sessions/999/attachments/unknown") is None
    stored = fakes.attachments.get(session.id, "id-1")
    assert stored is not None and stored.status is AttachmentStatus.PENDING


def test_a_stale_pending_document_is_judged_when_read(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    key = request(deps, session).attachment.key
    fakes.files.put(key, PNG)
    [view] = listed(deps, session)
    assert view.attachment.status is AttachmentStatus.PENDING  # the event may still come
    fakes.clock.now = NOW + STALE_AFTER + timedelta(seconds=1)
    [view] = listed(deps, session)
    assert view.attachment.status is AttachmentStatus.AVAILABLE
    assert view.download_url is not None
    assert actions(fakes, session)[-1] is AuditAction.ATTACHMENT_VERIFIED


def test_a_stale_document_is_judged_with_the_same_inspection(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    hostile = sample.PNG_SIGNATURE + sample.ELF
    key = request(deps, session, size=len(hostile)).attachment.key
    fakes.files.put(key, hostile)  # ...and its S3 event is lost
    fakes.clock.now = NOW + STALE_AFTER + timedelta(seconds=1)
    [view] = listed(deps, session)
    assert view.attachment.rejection_reason is RejectionReason.INVALID_STRUCTURE
    assert view.download_url is None
    assert fakes.files.objects == {}


def test_a_form_never_used_is_rejected_once_expired(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    request(deps, session)
    fakes.clock.now = NOW + timedelta(minutes=2)
    [view] = listed(deps, session)
    assert view.attachment.status is AttachmentStatus.PENDING  # the form is still valid
    fakes.clock.now = NOW + UPLOAD_LIFETIME + UPLOAD_GRACE + timedelta(seconds=1)
    [view] = listed(deps, session)
    assert view.attachment.rejection_reason is RejectionReason.NOT_UPLOADED


def test_twenty_documents_per_session_rejected_ones_excepted(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    for _ in range(20):
        request(deps, session)
    with pytest.raises(errors.RuleViolation) as raised:
        request(deps, session)
    assert raised.value.code == "TOO_MANY_ATTACHMENTS"
    # A refused file does not count: its place is free again.
    key = listed(deps, session)[0].attachment.key
    fakes.files.put(key, b"%PDF-" + b"x" * (len(PNG) - 5))
    verify(deps, key)
    request(deps, session)
    with pytest.raises(errors.RuleViolation):
        request(deps, session)


def test_expired_forms_free_their_place_when_the_limit_is_reached(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    for _ in range(20):
        request(deps, session)
    fakes.clock.now = NOW + UPLOAD_LIFETIME + UPLOAD_GRACE + timedelta(seconds=1)
    grant = request(deps, session)
    assert grant.attachment.status is AttachmentStatus.PENDING
    statuses = [v.attachment.status for v in listed(deps, session)]
    assert statuses.count(AttachmentStatus.REJECTED) == 20


def test_deleting_removes_the_record_and_the_files(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    key = request(deps, session).attachment.key
    fakes.files.put(key, PNG)
    verify(deps, key)
    delete(deps, session, "id-1")
    assert listed(deps, session) == []
    assert fakes.files.objects == {}
    assert fakes.attachments.counts[session.id] == 0
    assert actions(fakes, session)[-1] is AuditAction.ATTACHMENT_DELETED
    for unknown in ("id-1", "../x", "x" * 100):
        with pytest.raises(errors.NotFound) as raised:
            delete(deps, session, unknown)
        assert raised.value.code == "ATTACHMENT_NOT_FOUND"


def test_nothing_changes_after_finalization(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    request(deps, session)
    fakes.sessions.alter(session.id, status=SessionStatus.FINALIZED)
    attempts: list[Callable[[], object]] = [
        lambda: request(deps, session),
        lambda: delete(deps, session, "id-1"),
    ]
    for action in attempts:
        with pytest.raises(errors.Conflict) as raised:
            action()
        assert raised.value.code == "SESSION_ALREADY_FINALIZED"
    assert len(listed(deps, session)) == 1


def test_another_school_and_pix_staff_see_no_session_on_the_school_routes(
    deps: Dependencies, session: Session
) -> None:
    # Pix staff read a session's documents through GET /admin/sessions/{id} (issue 14).
    request(deps, session)
    attempts: list[Callable[[], object]] = [
        lambda: request(deps, session, BRUNO),
        lambda: listed(deps, session, BRUNO),
        lambda: delete(deps, session, "id-1", BRUNO),
        lambda: request(deps, session, STAFF),
        lambda: listed(deps, session, STAFF),
    ]
    for action in attempts:
        with pytest.raises(errors.NotFound) as raised:
            action()
        assert raised.value.code == "SESSION_NOT_FOUND"
    assert len(listed(deps, session)) == 1
