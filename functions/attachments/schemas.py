from __future__ import annotations

from datetime import datetime

from shared.domain.attachments import UploadInput
from shared.services.attachments import AttachmentView, UploadGrant
from shared.web.schemas import RequestBody, ResponseBody


class UploadBody(RequestBody, UploadInput):
    pass


class UploadFormOut(ResponseBody):
    """A presigned POST: send `fields` (in this order, before the file) and the file as the
    last field, named `file`, to `url`."""

    url: str
    fields: dict[str, str]


class UploadOut(ResponseBody):
    attachment_id: str
    upload: UploadFormOut
    expires_at: datetime

    @classmethod
    def of(cls, grant: UploadGrant) -> UploadOut:
        return cls(
            attachment_id=grant.attachment.id,
            upload=UploadFormOut(url=grant.upload.url, fields=grant.upload.fields),
            expires_at=grant.expires_at,
        )


class AttachmentOut(ResponseBody):
    attachment_id: str
    file_name: str
    content_type: str
    size: int
    status: str
    download_url: str | None
    created_at: datetime
    # Extra fields: why a document was refused, for the school to see.
    rejection_reason: str | None
    rejection_message: str | None
    # When the verified copy is deleted (the retention of documents): no download after it.
    available_until: datetime | None

    @classmethod
    def of(cls, view: AttachmentView) -> AttachmentOut:
        attachment = view.attachment
        return cls(
            attachment_id=attachment.id,
            file_name=attachment.file_name,
            content_type=attachment.content_type,
            size=attachment.size,
            status=attachment.status.value,
            download_url=view.download_url,
            created_at=attachment.created_at,
            rejection_reason=(
                attachment.rejection_reason.value if attachment.rejection_reason else None
            ),
            rejection_message=attachment.rejection_message,
            available_until=attachment.available_until,
        )


class AttachmentsOut(ResponseBody):
    items: list[AttachmentOut]
