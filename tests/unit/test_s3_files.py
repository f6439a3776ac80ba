"""What moto's S3 does not check, checked against S3's documented answers (botocore's Stubber):
the verified copy is conditioned on the ETag judged, and S3's refusal reads as "not copied";
the verdict's read is one GET, bounded; what a download link asks S3 to answer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.response import StreamingBody
from botocore.stub import Stubber

from shared.adapters.s3_files import S3Files

ETAG = '"5ebf7f4731ea774b8fb8ca3c8d6a9e50"'
COPY = {
    "Bucket": "documents",
    "Key": "verified/sessions/1/attachments/a-1",
    "CopySource": {"Bucket": "documents", "Key": "sessions/1/attachments/a-1"},
    "CopySourceIfMatch": ETAG,
    "MetadataDirective": "REPLACE",
    "ContentType": "image/png",
    # Stored with the copy: even a link signed without overrides downloads, never displays.
    "ContentDisposition": "attachment",
}
UPLOAD = "sessions/1/attachments/a-1"


@pytest.fixture
def s3() -> Iterator[tuple[S3Files, Stubber]]:
    client = boto3.client("s3", region_name="eu-west-3", endpoint_url="https://s3.test")
    with Stubber(client) as stub:
        yield S3Files("documents", client=lambda: client), stub
        stub.assert_no_pending_responses()


def copy(files: S3Files) -> bool:
    return files.copy_if_unchanged(
        "sessions/1/attachments/a-1", "verified/sessions/1/attachments/a-1", ETAG, "image/png"
    )


def test_the_copy_is_conditioned_on_the_etag_judged(s3: tuple[S3Files, Stubber]) -> None:
    files, stub = s3
    stub.add_response("copy_object", {"CopyObjectResult": {"ETag": ETAG}}, COPY)

    assert copy(files)


@pytest.mark.parametrize(
    ("code", "status"),
    [("PreconditionFailed", 412), ("NoSuchKey", 404)],
    ids=["replaced since", "removed since"],
)
def test_s3s_refusal_means_not_copied(s3: tuple[S3Files, Stubber], code: str, status: int) -> None:
    files, stub = s3
    stub.add_client_error("copy_object", code, http_status_code=status, expected_params=COPY)

    assert not copy(files)


def test_other_errors_are_not_taken_for_a_refusal(s3: tuple[S3Files, Stubber]) -> None:
    files, stub = s3
    stub.add_client_error("copy_object", "AccessDenied", http_status_code=403)

    with pytest.raises(ClientError, match="AccessDenied"):
        copy(files)


def answer(body: bytes, total: int) -> dict[str, object]:
    """S3's answer to a ranged GET of the first len(body) bytes of an object of `total`."""
    return {
        "Body": StreamingBody(io.BytesIO(body), len(body)),
        "ContentLength": len(body),
        "ContentRange": f"bytes 0-{len(body) - 1}/{total}",
        "ETag": ETAG,
    }


def test_the_verdict_reads_the_whole_object_in_one_bounded_get(
    s3: tuple[S3Files, Stubber],
) -> None:
    files, stub = s3
    body = b"%PDF-1.7\n" + b"x" * 100
    ranged = {"Bucket": "documents", "Key": UPLOAD, "Range": "bytes=0-1023"}
    stub.add_response("get_object", answer(body, len(body)), ranged)

    found = files.read(UPLOAD, 1024)

    assert found is not None
    assert (found.size, found.etag, found.data) == (len(body), ETAG, body)


def test_a_larger_object_is_read_up_to_the_limit_with_its_whole_size(
    s3: tuple[S3Files, Stubber],
) -> None:
    files, stub = s3
    ranged = {"Bucket": "documents", "Key": UPLOAD, "Range": "bytes=0-1023"}
    stub.add_response("get_object", answer(b"y" * 1024, 5000), ranged)

    found = files.read(UPLOAD, 1024)

    assert found is not None
    assert (found.size, len(found.data)) == (5000, 1024)


def test_a_download_link_asks_for_an_attachment_of_the_verified_type() -> None:
    client = boto3.client("s3", region_name="eu-west-3", endpoint_url="https://s3.test")
    files = S3Files("documents", client=lambda: client)

    url = files.download_url(f"verified/{UPLOAD}", "PV signé.pdf", "application/pdf", 300)

    query = parse_qs(urlsplit(url).query)
    assert query["response-content-disposition"] == [
        "attachment; filename=\"PV signe.pdf\"; filename*=UTF-8''PV%20sign%C3%A9.pdf"
    ]
    assert query["response-content-type"] == ["application/pdf"]
    assert query["X-Amz-Expires"] == ["300"]
