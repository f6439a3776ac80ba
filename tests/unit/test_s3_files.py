"""What moto's S3 does not check, checked against S3's documented answers (botocore's Stubber):
the verified copy is conditioned on the ETag judged, and S3's refusal reads as "not copied"."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
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
}


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
