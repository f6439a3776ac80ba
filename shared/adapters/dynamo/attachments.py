"""A session's documents, in the session's item collection, and the count that holds the
20-per-session limit under concurrency.

The count lives on its own item (`SESSION#<id>` / `ATTACHMENT_COUNT`), not on the session
item: editing a session rewrites its whole item (`DynamoSessions.save` is a PutItem), which
would silently reset a counter kept there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, query_all
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, iso_instant, to_item
from shared.adapters.dynamo.transactions import (
    Write,
    conditioned,
    session_is_open,
    transact,
    unconditioned,
)
from shared.domain.attachments import MAX_ATTACHMENTS_PER_SESSION, Attachment, AttachmentStatus
from shared.domain.audit import AuditEvent
from shared.domain.errors import Conflicting

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class DynamoAttachments:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    # --- reads -------------------------------------------------------------------------------

    def get(self, session_id: int, attachment_id: str) -> Attachment | None:
        answer = self._client().get_item(
            TableName=self._table,
            Key=keys.attachment(session_id, attachment_id).attributes(),
            ConsistentRead=True,
        )
        return Attachment.model_validate(from_item(answer["Item"])) if "Item" in answer else None

    def list_for_session(self, session_id: int) -> list[Attachment]:
        """Oldest first (the sort key is random: ordered here by creation time)."""
        request = collection_request(self._table, keys.attachments_of(session_id))
        items = query_all(self._client(), {**request, "ConsistentRead": True})
        found = [Attachment.model_validate(from_item(item)) for item in items]
        return sorted(found, key=lambda a: (a.created_at, a.id))

    def active_count(self, session_id: int) -> int:
        """The stored count of PENDING and AVAILABLE documents (for tests and operators)."""
        answer = self._client().get_item(
            TableName=self._table,
            Key=keys.attachment_count(session_id).attributes(),
            ConsistentRead=True,
        )
        return int(answer.get("Item", {}).get("active", {}).get("N", "0"))

    # --- writes ------------------------------------------------------------------------------

    def add(self, attachment: Attachment, event: AuditEvent) -> None:
        """One transaction: the session is open, the count goes up while below the limit,
        the document and its event are stored. WriteConflict("session") or ("limit")."""
        values: dict[str, Any] = keys.attachment(attachment.session_id, attachment.id).fields()
        values.update(attachment.model_dump(mode="json"))
        transact(
            self._client(),
            session_is_open(self._table, attachment.session_id),
            conditioned(
                Conflicting.LIMIT,
                self._count_update(
                    attachment.session_id,
                    +1,
                    condition="attribute_not_exists(active) OR active < :max",
                    values={":max": {"N": str(MAX_ATTACHMENTS_PER_SESSION)}},
                ),
            ),
            conditioned(
                Conflicting.ATTACHMENT,
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": to_item(values),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ),
            event_put(self._table, event),
        )

    def record_verdict(self, judged: Attachment, event: AuditEvent) -> None:
        """Store the verdict of a PENDING document (a REJECTED one stops counting), with its
        event. WriteConflict("attachment") if it was judged or deleted meanwhile."""
        writes: list[Write] = [
            conditioned(
                Conflicting.ATTACHMENT,
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": keys.attachment(judged.session_id, judged.id).attributes(),
                        "UpdateExpression": "SET #status = :status, verified_at = :at,"
                        " rejection_reason = :reason",
                        "ConditionExpression": "#status = :pending",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {
                            ":status": {"S": judged.status.value},
                            ":pending": {"S": AttachmentStatus.PENDING.value},
                            ":at": {"S": iso_instant(judged.verified_at)},
                            ":reason": (
                                {"S": judged.rejection_reason.value}
                                if judged.rejection_reason
                                else {"NULL": True}
                            ),
                        },
                    }
                },
            )
        ]
        if not judged.counts_towards_limit:
            writes.append(unconditioned(self._count_update(judged.session_id, -1)))
        writes.append(event_put(self._table, event))
        transact(self._client(), *writes)

    def delete(self, attachment: Attachment, event: AuditEvent) -> None:
        """Remove a document of an open session, if its status is still the one read (the
        count goes down unless it was REJECTED). WriteConflict("session") or ("attachment")."""
        writes: list[Write] = [
            session_is_open(self._table, attachment.session_id),
            conditioned(
                Conflicting.ATTACHMENT,
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": keys.attachment(attachment.session_id, attachment.id).attributes(),
                        "ConditionExpression": "#status = :status",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {":status": {"S": attachment.status.value}},
                    }
                },
            ),
        ]
        if attachment.counts_towards_limit:
            writes.append(unconditioned(self._count_update(attachment.session_id, -1)))
        writes.append(event_put(self._table, event))
        transact(self._client(), *writes)

    # --- helpers -----------------------------------------------------------------------------

    def _count_update(
        self,
        session_id: int,
        delta: int,
        condition: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        count = keys.attachment_count(session_id)
        update: dict[str, Any] = {
            "TableName": self._table,
            "Key": count.attributes(),
            "UpdateExpression": "ADD active :delta SET entity = :entity",
            "ExpressionAttributeValues": {
                ":delta": {"N": str(delta)},
                ":entity": {"S": count.entity.value},
                **(values or {}),
            },
        }
        if condition:
            update["ConditionExpression"] = condition
        return {"Update": update}
