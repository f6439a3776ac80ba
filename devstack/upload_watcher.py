"""`make run`: the S3 events of the files bucket reach the attachment verifier locally too.

In AWS the bucket sends its events to EventBridge and a rule invokes the verifier function.
`chalice local` runs no event sources, so the local stack builds the same path in moto — the
bucket's EventBridge notifications on, a rule with the function's pattern pinned to the
bucket (as infra/template.json pins it) — and points the rule at an SQS queue. A thread
reads the queue and calls the function Lambda would call, with the EventBridge event as
Lambda would receive it: same pattern, same event, same code.
"""

from __future__ import annotations

import copy
import json
import threading
import traceback
from collections.abc import Callable
from typing import Any

import boto3

from shared.settings import Settings

RULE_NAME = "certif-sco-local-attachment-uploads"
QUEUE_NAME = "certif-sco-local-attachment-uploads"
# A message whose handling failed is tried again after this, like Lambda's async retries...
RETRY_AFTER_SECONDS = 2
# ...at most this many times in all.
MAX_ATTEMPTS = 3

Handler = Callable[[dict[str, Any], Any], Any]


def event_pattern(bucket_name: str) -> dict[str, Any]:
    """The verifier's pattern, pinned to the bucket (what infra/template.json does in AWS)."""
    from functions.attachments.routes import UPLOAD_EVENT_PATTERN

    pattern = copy.deepcopy(UPLOAD_EVENT_PATTERN)
    pattern["detail"]["bucket"] = {"name": [bucket_name]}
    return pattern


def lambda_handler() -> Handler:
    """The function Lambda invokes for the rule: the blueprint's registered handler."""
    from functions.attachments.routes import verify_attachment

    handler: Handler = verify_attachment
    return handler


class UploadWatcher:
    def __init__(
        self,
        config: Settings,
        handler: Handler | None = None,
        say: Callable[[str], None] = print,
    ) -> None:
        self._config = config
        self._handler = handler
        self._say = say
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        session = boto3.session.Session(
            aws_access_key_id="local", aws_secret_access_key="local", region_name=config.region
        )
        self._sqs: Any = session.client("sqs", endpoint_url=config.endpoint_url)
        self._events: Any = session.client("events", endpoint_url=config.endpoint_url)
        self._s3: Any = session.client("s3", endpoint_url=config.endpoint_url)
        self._queue_url = ""

    def start(self) -> None:
        """Plumb bucket → EventBridge → queue in moto, then read the queue in a thread."""
        self._s3.put_bucket_notification_configuration(
            Bucket=self._config.bucket_name,
            NotificationConfiguration={"EventBridgeConfiguration": {}},
        )
        self._queue_url = self._sqs.create_queue(
            QueueName=QUEUE_NAME,
            Attributes={"VisibilityTimeout": str(RETRY_AFTER_SECONDS)},
        )["QueueUrl"]
        queue_arn = self._sqs.get_queue_attributes(
            QueueUrl=self._queue_url, AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]
        self._events.put_rule(
            Name=RULE_NAME, EventPattern=json.dumps(event_pattern(self._config.bucket_name))
        )
        self._events.put_targets(Rule=RULE_NAME, Targets=[{"Id": "watcher", "Arn": queue_arn}])
        if self._handler is None:
            self._handler = lambda_handler()
        self._thread = threading.Thread(target=self._run, name="upload-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                answer = self._sqs.receive_message(
                    QueueUrl=self._queue_url,
                    MaxNumberOfMessages=10,
                    WaitTimeSeconds=1,
                    AttributeNames=["ApproximateReceiveCount"],
                )
            except Exception:  # moto stopping under us: the stack is going down
                if self._stopping.wait(0.5):
                    return
                continue
            for message in answer.get("Messages", []):
                self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        assert self._handler is not None
        attempts = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
        try:
            outcome = self._handler(json.loads(message["Body"]), None)
        except Exception:
            if attempts < MAX_ATTEMPTS:
                return  # visible again after RETRY_AFTER_SECONDS
            self._say(
                "Vérification d'un document impossible / attachment verification failed:\n"
                + traceback.format_exc()
            )
        else:
            if isinstance(outcome, dict) and outcome.get("status"):
                self._say(
                    f"Document vérifié / attachment verified: session {outcome['sessionId']}, "
                    f"{outcome['attachmentId']} → {outcome['status']}"
                )
        self._sqs.delete_message(QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"])
