"""Session documents through the API on moto's server mode: the real presigned POST, the
verifier invoked as Lambda invokes it (an EventBridge "Object Created" event), downloads.

moto enforces none of the POST policy's conditions (key, content type, size, expiry) nor its
signature: the tests read the policy itself, and send what S3 would refuse to show that the
verdict catches it anyway.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from chalice.test import HTTPResponse

from devstack.upload_watcher import UploadWatcher
from functions import wiring
from functions.attachments.routes import VERIFIER_NAME
from shared.adapters import aws
from shared.adapters.dynamo import keys as dynamo_keys
from shared.adapters.dynamo.attachments import DynamoAttachments
from shared.domain.attachments import (
    MAX_FILE_SIZE,
    REJECTION_MESSAGES,
    RejectionReason,
    UploadInput,
)
from shared.domain.people import Identity
from shared.domain.session import Session
from shared.services import attachments as attachment_service
from shared.settings import Settings
from tests import fakes_files as sample
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, NOW, PIX_STAFF, Api
from tests.integration.test_candidates_api import SESSION

PNG = sample.png()
PDF = sample.pdf()
JPEG = sample.jpeg()


@pytest.fixture
def session_id(demo: Settings, api: Api) -> int:
    created = api.as_user(ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION)
    assert created.status_code == 201, created.body
    return int(created.json_body["id"])


def active_count(stack: Settings, session_id: int) -> int:
    """The stored count of the session's documents that take a place under the limit."""
    return DynamoAttachments(stack.table_name, client=aws.dynamodb).active_count(session_id)


def ask(
    api: Api,
    session_id: int,
    file_name: str = "PV d'incident signé.png",
    content_type: str = "image/png",
    size: int = len(PNG),
    who: str = ANNE_FRANK_ADMIN,
) -> HTTPResponse:
    body = {"fileName": file_name, "contentType": content_type, "size": size}
    return api.as_user(who, "POST", f"/sessions/{session_id}/attachments", body)


def upload(grant: dict[str, Any], body: bytes, name: str = "scan.png") -> requests.Response:
    """What the browser does: the form's fields first, then the file."""
    form = grant["upload"]
    answer = requests.post(
        form["url"], data=form["fields"], files={"file": (name, body)}, timeout=30
    )
    assert answer.status_code in (200, 201, 204), answer.text
    return answer


def object_created(api: Api, bucket: str, key: str) -> dict[str, Any]:
    """The EventBridge event S3 sends for a new object (as the rule hands it to Lambda)."""
    return api.client.events.generate_cw_event(
        source="aws.s3",
        detail_type="Object Created",
        detail={
            "version": "0",
            "bucket": {"name": bucket},
            "object": {"key": key, "size": 1, "etag": "x", "sequencer": "1"},
            "reason": "PostObject",
        },
        resources=[f"arn:aws:s3:::{bucket}"],
        region="eu-west-3",
    )


def verify(api: Api, stack: Settings, key: str) -> dict[str, Any]:
    """Invoke the verifier function the way Lambda does."""
    response = api.client.lambda_.invoke(VERIFIER_NAME, object_created(api, stack.bucket_name, key))
    payload: dict[str, Any] = response.payload
    return payload


def listed(api: Api, session_id: int, who: str = ANNE_FRANK_ADMIN) -> list[dict[str, Any]]:
    answer = api.as_user(who, "GET", f"/sessions/{session_id}/attachments")
    assert answer.status_code == 200, answer.body
    items: list[dict[str, Any]] = answer.json_body["items"]
    return items


def keys(stack: Settings) -> set[str]:
    found = aws.s3().list_objects_v2(Bucket=stack.bucket_name)
    return {o["Key"] for o in found.get("Contents", [])}


def policy_of(grant: dict[str, Any]) -> dict[str, Any]:
    policy: dict[str, Any] = json.loads(base64.b64decode(grant["upload"]["fields"]["policy"]))
    return policy


def finalize_directly(stack: Settings, session_id: int) -> None:
    aws.dynamodb().update_item(
        TableName=stack.table_name,
        Key=dynamo_keys.session(session_id).attributes(),
        UpdateExpression="SET #status = :finalized",
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues={":finalized": {"S": "FINALIZED"}},
    )


# --- the whole path --------------------------------------------------------------------------


def test_upload_verify_list_download(stack: Settings, api: Api, session_id: int) -> None:
    answer = ask(api, session_id)
    assert answer.status_code == 201, answer.body
    grant = answer.json_body
    attachment_id = grant["attachmentId"]
    key = f"sessions/{session_id}/attachments/{attachment_id}"
    assert grant["upload"]["fields"]["key"] == key
    assert grant["upload"]["fields"]["Content-Type"] == "image/png"
    assert grant["upload"]["url"].startswith(stack.endpoint_url)
    assert grant["expiresAt"] == "2026-12-01T08:10:00Z"

    [pending] = listed(api, session_id)
    assert pending == {
        "attachmentId": attachment_id,
        "fileName": "PV d'incident signé.png",
        "contentType": "image/png",
        "size": len(PNG),
        "status": "PENDING",
        "downloadUrl": None,
        "createdAt": "2026-12-01T08:00:00Z",
        "rejectionReason": None,
        "rejectionMessage": None,
        "availableUntil": None,
    }

    upload(grant, PNG)
    assert keys(stack) == {key}
    assert verify(api, stack, key) == {
        "sessionId": session_id,
        "attachmentId": attachment_id,
        "status": "AVAILABLE",
        "reason": None,
    }
    # Served from the verified copy, which the upload form cannot overwrite.
    assert keys(stack) == {f"verified/{key}"}

    [available] = listed(api, session_id)
    assert available["status"] == "AVAILABLE"
    # Kept for a year (the verified copy's lifecycle rule), then offered no more.
    assert available["availableUntil"] == "2027-12-01T08:00:00Z"
    download = requests.get(available["downloadUrl"], timeout=10)
    assert download.status_code == 200
    assert download.content == PNG
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["Content-Disposition"] == (
        'attachment; filename="PV d\'incident signe.png"; '
        "filename*=UTF-8''PV%20d%27incident%20sign%C3%A9.png"
    )
    # Pix staff read the documents through GET /admin/sessions/{id}, not the school's route.
    staff_view = api.as_user(PIX_STAFF, "GET", f"/admin/sessions/{session_id}").json_body
    assert [i["status"] for i in staff_view["finalization"]["attachments"]] == ["AVAILABLE"]
    assert api.as_user(PIX_STAFF, "GET", f"/sessions/{session_id}/attachments").status_code == 404


def test_the_policy_pins_key_type_size_and_expiry(
    api: Api, stack: Settings, session_id: int
) -> None:
    grant = ask(api, session_id, "dossier.pdf", "application/pdf", 123_456).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    policy = policy_of(grant)
    conditions = policy["conditions"]
    assert {"bucket": stack.bucket_name} in conditions
    assert {"key": key} in conditions  # exactly this key: no starts-with, no ${filename}
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 123_456, 123_456] in conditions
    assert not [c for c in conditions if isinstance(c, list) and c[0] == "starts-with"]
    # Ten minutes after the form was signed (both instants from the machine's clock, to the
    # second: the second may turn between boto3's two readings of it).
    fields = grant["upload"]["fields"]
    expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    signed = datetime.strptime(fields["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert timedelta(seconds=599) <= expiration - signed <= timedelta(seconds=600)
    assert {"x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"} <= set(fields)
    assert "dossier" not in key  # no user text in a key


# --- verdicts --------------------------------------------------------------------------------


def test_a_png_that_is_really_text_is_rejected_and_deleted(
    stack: Settings, api: Api, session_id: int
) -> None:
    text = b"Bonjour, ceci n'est pas une image !".ljust(len(PNG), b" ")
    grant = ask(api, session_id).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    upload(grant, text)
    assert verify(api, stack, key)["reason"] == "TYPE_MISMATCH"
    assert keys(stack) == set()
    [rejected] = listed(api, session_id)
    assert rejected["status"] == "REJECTED" and rejected["downloadUrl"] is None
    assert rejected["rejectionReason"] == "TYPE_MISMATCH"
    assert rejected["rejectionMessage"].startswith("Le contenu du fichier ne correspond pas")


@pytest.mark.parametrize(
    ("content_type", "body", "reason"),
    [
        pytest.param(
            "application/pdf",
            b"%PDF-1.7\n" + sample.HTML,
            "INVALID_STRUCTURE",
            id="%PDF- then HTML",
        ),
        pytest.param(
            "image/jpeg",
            b"\xff\xd8\xff" + sample.HTML,
            "INVALID_STRUCTURE",
            id="JPEG SOI then HTML",
        ),
        pytest.param(
            "image/jpeg", JPEG[:20] + sample.HTML, "INVALID_STRUCTURE", id="JFIF header then HTML"
        ),
        pytest.param(
            "image/png",
            sample.PNG_SIGNATURE + sample.ELF,
            "INVALID_STRUCTURE",
            id="PNG signature then ELF",
        ),
        pytest.param(
            "image/png", sample.PNG_SIGNATURE + sample.PE, "INVALID_STRUCTURE", id="PNG then PE"
        ),
        pytest.param("image/png", PNG + sample.PE, "INVALID_STRUCTURE", id="PE after IEND"),
        pytest.param("image/png", PNG[:-20], "INVALID_STRUCTURE", id="PNG truncated"),
        pytest.param(
            "application/pdf", sample.without_xref(PDF), "INVALID_STRUCTURE", id="PDF no xref"
        ),
        pytest.param(
            "image/png", sample.png_bomb(100_000, 100_000), "TOO_MANY_PIXELS", id="PNG bomb"
        ),
    ],
)
def test_files_that_are_not_what_they_claim_all_the_way_through_are_rejected(
    stack: Settings, api: Api, session_id: int, content_type: str, body: bytes, reason: str
) -> None:
    grant = ask(api, session_id, "pièce.bin", content_type, len(body)).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    upload(grant, body)
    assert verify(api, stack, key)["reason"] == reason
    assert keys(stack) == set()  # neither the upload nor a verified copy is kept
    [rejected] = listed(api, session_id)
    assert (rejected["status"], rejected["downloadUrl"]) == ("REJECTED", None)
    assert rejected["rejectionReason"] == reason
    assert rejected["rejectionMessage"] == REJECTION_MESSAGES[RejectionReason(reason)]


@pytest.mark.parametrize(
    ("file_name", "content_type", "body"),
    [
        pytest.param("photo.png", "image/png", sample.png(640, 480, noise=True), id="PNG"),
        pytest.param("photo.jpg", "image/jpeg", sample.jpeg(640, 480, noise=True), id="JPEG"),
        pytest.param("phone.jpg", "image/jpeg", sample.mpo(), id="JPEG with a gain map (MPO)"),
        pytest.param("pv.pdf", "application/pdf", sample.pdf(pages=2), id="PDF"),
        pytest.param("scan.pdf", "application/pdf", sample.scanned_pdf(), id="PDF scanned"),
    ],
)
def test_real_files_are_available_and_downloaded_as_attachments(
    stack: Settings, api: Api, session_id: int, file_name: str, content_type: str, body: bytes
) -> None:
    grant = ask(api, session_id, file_name, content_type, len(body)).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    upload(grant, body)
    assert verify(api, stack, key)["status"] == "AVAILABLE"
    [available] = listed(api, session_id)
    download = requests.get(available["downloadUrl"], timeout=10)
    assert download.status_code == 200
    assert download.content == body
    assert download.headers["Content-Type"] == content_type
    assert download.headers["Content-Disposition"].startswith(f'attachment; filename="{file_name}"')


def test_a_download_link_and_the_verified_copy_both_say_attachment(
    stack: Settings, api: Api, session_id: int
) -> None:
    """What S3 can be told: `response-content-disposition` and `response-content-type` in the
    signed link, and the copy's own Content-Type and Content-Disposition. S3 sends no
    `X-Content-Type-Options` (it has no such override or metadata): docs/attachments.md."""
    grant = ask(api, session_id, "scan.pdf", "application/pdf", len(PDF)).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    upload(grant, PDF)
    verify(api, stack, key)
    [available] = listed(api, session_id)
    query = parse_qs(urlsplit(available["downloadUrl"]).query)
    assert query["response-content-disposition"][0].startswith('attachment; filename="scan.pdf"')
    assert query["response-content-type"] == ["application/pdf"]
    copy = aws.s3().head_object(Bucket=stack.bucket_name, Key=f"verified/{key}")
    assert (copy["ContentType"], copy["ContentDisposition"]) == ("application/pdf", "attachment")


def test_more_bytes_than_declared_are_rejected(stack: Settings, api: Api, session_id: int) -> None:
    grant = ask(api, session_id).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    upload(grant, PNG + b"\x00" * 1000)  # S3 would refuse it (content-length-range); moto not
    assert verify(api, stack, key)["reason"] == "SIZE_MISMATCH"
    assert keys(stack) == set()


def test_an_object_above_ten_megabytes_is_rejected(
    stack: Settings, api: Api, session_id: int
) -> None:
    grant = ask(api, session_id, size=MAX_FILE_SIZE).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    upload(grant, PNG + b"\x00" * (MAX_FILE_SIZE + 1 - len(PNG)))
    assert verify(api, stack, key)["reason"] == "FILE_TOO_LARGE"
    assert keys(stack) == set()


def test_a_second_upload_through_the_same_form_is_never_served(
    stack: Settings, api: Api, session_id: int
) -> None:
    grant = ask(api, session_id).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    upload(grant, PNG)
    verify(api, stack, key)
    upload(grant, b"replacement of the same size".ljust(len(PNG)))  # the form is still valid
    assert verify(api, stack, key)["status"] == "AVAILABLE"
    assert keys(stack) == {f"verified/{key}"}
    [available] = listed(api, session_id)
    assert requests.get(available["downloadUrl"], timeout=10).content == PNG


def test_a_stale_pending_document_is_verified_when_read(
    stack: Settings, api: Api, session_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    grant = ask(api, session_id, "attestation.pdf", "application/pdf", len(PDF)).json_body
    upload(grant, PDF)  # ...and its S3 event is lost
    assert listed(api, session_id)[0]["status"] == "PENDING"
    wiring.override(clock=lambda: NOW + timedelta(seconds=61))
    [verified] = listed(api, session_id)
    assert verified["status"] == "AVAILABLE"
    assert requests.get(verified["downloadUrl"], timeout=10).content == PDF


def test_a_stale_hostile_document_is_rejected_when_read(
    stack: Settings, api: Api, session_id: int
) -> None:
    """The reader's verdict inspects the structure as the verifier's does."""
    hostile = b"%PDF-1.7\n" + sample.HTML
    grant = ask(api, session_id, "attestation.pdf", "application/pdf", len(hostile)).json_body
    upload(grant, hostile)  # ...and its S3 event is lost
    wiring.override(clock=lambda: NOW + timedelta(seconds=61))
    [rejected] = listed(api, session_id)
    assert (rejected["status"], rejected["rejectionReason"]) == ("REJECTED", "INVALID_STRUCTURE")
    assert keys(stack) == set()


def test_only_the_verdict_loads_the_file_parsers() -> None:
    """Pillow and pypdf are imported by the first inspection, not by the API's cold start nor
    by the verifier's (the packaged app checks the same in tests/packaging)."""
    code = (
        "import sys, app\n"
        "import functions.attachments.handlers, shared.bootstrap, shared.adapters.s3_files\n"
        "print(*[m in sys.modules for m in ('PIL', 'pypdf')])\n"
        "from shared.adapters.s3_files import S3Files\n"
        "S3Files('b', client=None).inspect('application/pdf', b'%PDF-1.7\\n%%EOF')\n"
        "print(*[m in sys.modules for m in ('PIL', 'pypdf')])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "eu-west-3"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # pypdf imports Pillow itself (for the images it can extract).
    assert done.stdout.split() == ["False", "False", "True", "True"]


def test_the_local_watcher_feeds_uploads_to_the_verifier(
    stack: Settings, api: Api, session_id: int
) -> None:
    """`make run`'s path: moto's bucket → EventBridge rule → queue → the Lambda handler."""
    said: list[str] = []
    watcher = UploadWatcher(stack, say=said.append)
    watcher.start()
    try:
        grant = ask(api, session_id).json_body
        upload(grant, PNG)
        deadline = time.monotonic() + 15
        while listed(api, session_id)[0]["status"] == "PENDING":
            assert time.monotonic() < deadline, "the watcher did not verify the upload"
            time.sleep(0.2)
    finally:
        watcher.stop()
    assert listed(api, session_id)[0]["status"] == "AVAILABLE"
    assert said and said[0].endswith("→ AVAILABLE")


# --- limits and rules ------------------------------------------------------------------------


def test_type_and_size_limits(api: Api, session_id: int) -> None:
    gif = ask(api, session_id, "photo.gif", "image/gif")
    assert gif.status_code == 422
    assert gif.json_body["code"] == "UNSUPPORTED_FILE_TYPE"
    assert gif.json_body["message"] == "Seuls les fichiers PDF, JPEG et PNG sont acceptés."
    large = ask(api, session_id, size=MAX_FILE_SIZE + 1)
    assert large.status_code == 422 and large.json_body["code"] == "FILE_TOO_LARGE"
    assert ask(api, session_id, size=MAX_FILE_SIZE).status_code == 201
    missing = api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{session_id}/attachments", {})
    assert missing.status_code == 422
    assert {d["field"] for d in missing.json_body["details"]} == {"fileName", "contentType", "size"}
    unknown = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{session_id}/attachments",
        {"fileName": "a.pdf", "contentType": "application/pdf", "size": 1, "key": "x"},
    )
    assert unknown.status_code == 422 and unknown.json_body["code"] == "UNKNOWN_FIELD"
    typed = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{session_id}/attachments",
        {"fileName": "a.pdf", "contentType": "application/pdf", "size": "12"},
    )
    assert typed.status_code == 400


def test_twenty_documents_per_session_rejected_ones_excepted(
    stack: Settings, api: Api, session_id: int
) -> None:
    grants = [ask(api, session_id) for _ in range(20)]
    assert [g.status_code for g in grants] == [201] * 20
    refused = ask(api, session_id)
    assert refused.status_code == 422
    assert refused.json_body["code"] == "TOO_MANY_ATTACHMENTS"
    first = grants[0].json_body
    upload(first, b"not an image".ljust(len(PNG)))
    verify(api, stack, f"sessions/{session_id}/attachments/{first['attachmentId']}")
    assert ask(api, session_id).status_code == 201
    assert ask(api, session_id).status_code == 422
    assert active_count(stack, session_id) == 20


def test_the_limit_holds_under_concurrent_requests(api: Api, session_id: int) -> None:
    admin = Identity(
        user_id=api.as_user(ANNE_FRANK_ADMIN, "GET", "/me").json_body["user"]["id"],
        email=ANNE_FRANK_ADMIN,
    )
    outcomes: list[str] = []
    lock = threading.Lock()

    def request_three() -> None:
        for _ in range(3):
            try:
                attachment_service.request_upload(
                    wiring.deps(),
                    admin,
                    session_id,
                    UploadInput(file_name="a.png", content_type="image/png", size=10),
                )
                outcome = "ok"
            except Exception as error:  # reported below
                outcome = getattr(error, "code", repr(error))
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=request_three) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(outcomes)) == ["TOO_MANY_ATTACHMENTS", "ok"]
    assert outcomes.count("ok") == 20
    assert len(listed(api, session_id)) == 20


# --- who, and when ---------------------------------------------------------------------------


def test_another_school_gets_the_answer_of_a_missing_session(api: Api, session_id: int) -> None:
    grant = ask(api, session_id).json_body
    missing = ask(api, 999_999)
    assert missing.status_code == 404
    path = f"/sessions/{session_id}/attachments"
    for method, target, body in (
        ("POST", path, {"fileName": "a.png", "contentType": "image/png", "size": 10}),
        ("GET", path, None),
        ("DELETE", f"{path}/{grant['attachmentId']}", None),
    ):
        answer = api.as_user(LECONTE_ADMIN, method, target, body)
        assert (answer.status_code, answer.json_body) == (404, missing.json_body), method
    # Pix staff read, but do not run a school's sessions.
    assert ask(api, session_id, who=PIX_STAFF).status_code == 404
    staff_delete = api.as_user(PIX_STAFF, "DELETE", f"{path}/{grant['attachmentId']}")
    assert staff_delete.status_code == 404


def test_deleting_a_document(stack: Settings, api: Api, session_id: int) -> None:
    grant = ask(api, session_id).json_body
    key = f"sessions/{session_id}/attachments/{grant['attachmentId']}"
    upload(grant, PNG)
    verify(api, stack, key)
    path = f"/sessions/{session_id}/attachments/{grant['attachmentId']}"
    deleted = api.as_user(ANNE_FRANK_ADMIN, "DELETE", path)
    assert deleted.status_code == 204, deleted.body
    assert listed(api, session_id) == []
    assert keys(stack) == set()
    again = api.as_user(ANNE_FRANK_ADMIN, "DELETE", path)
    assert again.status_code == 404
    assert again.json_body == {
        "code": "ATTACHMENT_NOT_FOUND",
        "message": "Ce document est introuvable.",
    }
    assert active_count(stack, session_id) == 0


def test_nothing_changes_after_finalization(stack: Settings, api: Api, session_id: int) -> None:
    grant = ask(api, session_id).json_body
    finalize_directly(stack, session_id)
    added = ask(api, session_id)
    assert added.status_code == 409
    assert added.json_body == {
        "code": "SESSION_ALREADY_FINALIZED",
        "message": "La session a déjà été finalisée.",
    }
    path = f"/sessions/{session_id}/attachments/{grant['attachmentId']}"
    removed = api.as_user(ANNE_FRANK_ADMIN, "DELETE", path)
    assert removed.status_code == 409
    assert removed.json_body["code"] == "SESSION_ALREADY_FINALIZED"
    assert len(listed(api, session_id)) == 1


def test_the_transaction_checks_the_session_itself(
    stack: Settings, api: Api, session_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finalized between the service's read and the write: the ConditionCheck refuses."""
    sessions = wiring.deps().sessions
    read = sessions.get

    def read_then_finalize(wanted: int) -> Session | None:
        found = read(wanted)
        finalize_directly(stack, wanted)
        return found

    monkeypatch.setattr(sessions, "get", read_then_finalize)
    added = ask(api, session_id)
    assert added.status_code == 409
    assert added.json_body["code"] == "SESSION_ALREADY_FINALIZED"
    monkeypatch.undo()
    assert listed(api, session_id) == []


def test_every_step_is_in_the_audit_trail(stack: Settings, api: Api, session_id: int) -> None:
    grant = ask(api, session_id).json_body
    upload(grant, PNG)
    verify(api, stack, f"sessions/{session_id}/attachments/{grant['attachmentId']}")
    api.as_user(
        ANNE_FRANK_ADMIN, "DELETE", f"/sessions/{session_id}/attachments/{grant['attachmentId']}"
    )
    trail = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/events").json_body
    actions = [e["action"] for e in trail["items"]]
    assert actions == [
        "SESSION_CREATED",
        "ATTACHMENT_ADDED",
        "ATTACHMENT_VERIFIED",
        "ATTACHMENT_DELETED",
    ]
    added, verified, deleted = trail["items"][1:]
    assert added["actor"]["label"] == ANNE_FRANK_ADMIN
    assert added["changes"]["fileName"] == "PV d'incident signé.png"
    assert verified["actor"]["type"] == "SYSTEM"
    assert verified["changes"]["status"] == "AVAILABLE"
    assert deleted["changes"]["attachmentId"] == grant["attachmentId"]


@pytest.fixture(autouse=True)
def _no_leftover_watcher() -> Iterator[None]:
    yield
    assert not [t for t in threading.enumerate() if t.name == "upload-watcher"]
