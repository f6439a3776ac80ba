"""Notifications of the 48-hour rule, published on the SNS topic (subscribers: e-mail,
a queue, Pix's tools). One log line per notification, without personal data."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from shared.domain.compliance import Notification
from shared.observability import logger

if TYPE_CHECKING:
    from mypy_boto3_sns import SNSClient

BATCH_LIMIT = 10


class SnsNotifier:
    def __init__(self, topic_arn: str, *, client: Callable[[], SNSClient]) -> None:
        self._topic = topic_arn
        self._client = client

    def publish_all(self, notifications: list[Notification]) -> list[bool]:
        """PublishBatch, 10 messages per request; one answer per notification."""
        sent: list[bool] = []
        for start in range(0, len(notifications), BATCH_LIMIT):
            batch = notifications[start : start + BATCH_LIMIT]
            try:
                answer = self._client().publish_batch(
                    TopicArn=self._topic,
                    PublishBatchRequestEntries=[
                        _entry(str(index), note) for index, note in enumerate(batch)
                    ],
                )
            except (ClientError, BotoCoreError) as error:
                logger.error("notifications not published", extra={"reason": repr(error)})
                sent.extend(False for _ in batch)
                continue
            failed = {entry["Id"] for entry in answer.get("Failed", [])}
            for index, note in enumerate(batch):
                ok = str(index) not in failed
                sent.append(ok)
                logger.info(
                    "notification published" if ok else "notification failed",
                    extra={
                        "kind": note.kind.value,
                        "sessionId": note.session_id,
                        "centerId": note.center_id,
                    },
                )
        return sent


def _entry(entry_id: str, notification: Notification) -> Any:
    body = {
        "kind": notification.kind.value,
        "sessionId": notification.session_id,
        "centerId": notification.center_id,
        "centerName": notification.center_name,
        "deadline": notification.deadline.isoformat().replace("+00:00", "Z"),
        "message": notification.message,
    }
    return {
        "Id": entry_id,
        "Subject": notification.subject,
        "Message": json.dumps(body, ensure_ascii=False),
        "MessageAttributes": {
            "kind": {"DataType": "String", "StringValue": notification.kind.value},
            "centerId": {"DataType": "String", "StringValue": notification.center_id},
        },
    }
