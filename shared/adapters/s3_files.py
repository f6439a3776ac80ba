"""The session documents' bucket: presigned POST forms for the browser, the bytes the verdict
reads (and their structure, by shared/adapters/file_inspection.py), the verified copy,
presigned downloads.

Nothing here sends the file through the API: the browser posts it to S3 and downloads it
from S3, so neither API Gateway's 10 MB limit nor Lambda's payload limit applies.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from botocore.exceptions import ClientError

from shared.domain.attachments import Inspection, StoredObject, UploadTarget

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

_MISSING = {"NoSuchKey", "404", "NotFound"}
_Answer = TypeVar("_Answer")


@dataclass(frozen=True)
class _Refused:
    code: str


def _unless_refused(call: Callable[[], _Answer], codes: Collection[str]) -> _Answer | _Refused:
    """S3's answer, or how it refused when the refusal is one of `codes` (others raise)."""
    try:
        return call()
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in codes:
            return _Refused(code)
        raise


def upload_policy_conditions(content_type: str, size: int) -> list[Any]:
    """The POST policy's own conditions: the declared content type, and a
    content-length-range of exactly the declared size — the browser knows its File's size to
    the byte, so S3 refuses any other body, larger or truncated. boto3 adds the bucket, the
    exact key (`{"key": ...}`, since ours has no `${filename}`) and the signature's fields."""
    return [{"Content-Type": content_type}, ["content-length-range", size, size]]


def content_disposition(file_name: str) -> str:
    """`attachment`, with the name in RFC 6266/5987 form (`filename*=UTF-8''...`) and a plain
    ASCII `filename` for the clients that ignore `filename*`."""
    ascii_name = unicodedata.normalize("NFKD", file_name).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(c if c.isprintable() and c not in '"\\;' else "_" for c in ascii_name)
    return (
        f'attachment; filename="{fallback.strip() or "document"}"; '
        f"filename*=UTF-8''{quote(file_name, safe='')}"
    )


class S3Files:
    def __init__(self, bucket: str, *, client: Callable[[], S3Client]) -> None:
        self._bucket = bucket
        self._client = client

    @property
    def bucket(self) -> str:
        return self._bucket

    def upload_form(self, key: str, content_type: str, size: int, expires_in: int) -> UploadTarget:
        """A presigned POST limited to `key`, `content_type` and exactly `size` bytes, valid
        `expires_in` seconds; the browser sends `fields` first, then the file as `file`."""
        post = self._client().generate_presigned_post(
            Bucket=self._bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=upload_policy_conditions(content_type, size),
            ExpiresIn=expires_in,
        )
        return UploadTarget(url=post["url"], fields={k: str(v) for k, v in post["fields"].items()})

    def read(self, key: str, limit: int) -> StoredObject | None:
        """Size, ETag and bytes of the object, in one GET (so the three describe the same
        version of it): all of it, or its first `limit` bytes if it is larger — the total
        size is in `Content-Range` either way. None if there is no such object."""
        answer = _unless_refused(
            lambda: self._client().get_object(
                Bucket=self._bucket, Key=key, Range=f"bytes=0-{limit - 1}"
            ),
            {*_MISSING, "InvalidRange"},
        )
        if isinstance(answer, _Refused):
            # An empty object has no byte 0: S3 refuses the range.
            return self._read_empty(key) if answer.code == "InvalidRange" else None
        body = answer["Body"]
        try:
            data = body.read()
        finally:
            body.close()
        # "bytes 0-1023/12345": the total size is after the slash. Without a range in the
        # answer (an object shorter than the range), the whole object came back.
        content_range = answer.get("ContentRange") or ""
        _, slash, total = content_range.rpartition("/")
        size = int(total) if slash and total.isdigit() else int(answer["ContentLength"])
        return StoredObject(size=size, etag=answer["ETag"], data=data[:limit])

    def inspect(self, content_type: str, data: bytes) -> Inspection:
        """The file's structure. Pillow and pypdf are imported here, by the first verdict:
        the API's cold start does not pay for them."""
        from shared.adapters.file_inspection import inspect

        return inspect(content_type, data)

    def _read_empty(self, key: str) -> StoredObject | None:
        head = _unless_refused(
            lambda: self._client().head_object(Bucket=self._bucket, Key=key), _MISSING
        )
        if isinstance(head, _Refused):
            return None
        return StoredObject(size=int(head["ContentLength"]), etag=head["ETag"], data=b"")

    def copy_if_unchanged(
        self, source_key: str, target_key: str, etag: str, content_type: str
    ) -> bool:
        """Copy the object judged (`etag`) to `target_key` with the verified content type and
        `Content-Disposition: attachment` (a link signed without the `response-*` overrides
        still downloads the file, never displays it); False if it was replaced or removed
        since (S3 checks `CopySourceIfMatch`)."""
        copied = _unless_refused(
            lambda: self._client().copy_object(
                Bucket=self._bucket,
                Key=target_key,
                CopySource={"Bucket": self._bucket, "Key": source_key},
                CopySourceIfMatch=etag,
                MetadataDirective="REPLACE",
                ContentType=content_type,
                ContentDisposition="attachment",
            ),
            {"PreconditionFailed", "412", *_MISSING},
        )
        return not isinstance(copied, _Refused)

    def delete(self, key: str) -> None:
        """Idempotent: deleting a missing object is not an error."""
        self._client().delete_object(Bucket=self._bucket, Key=key)

    def download_url(self, key: str, file_name: str, content_type: str, expires_in: int) -> str:
        """A presigned GET that makes the browser save the file under `file_name`, with the
        verified content type. S3 answers these two `response-*` overrides (and cache-control,
        content-encoding, -language, expires), no other header: no `X-Content-Type-Options`
        (docs/attachments.md)."""
        return self._client().generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self._bucket,
                "Key": key,
                "ResponseContentDisposition": content_disposition(file_name),
                "ResponseContentType": content_type,
            },
            ExpiresIn=expires_in,
        )
