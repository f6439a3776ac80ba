"""Certification sessions, their number counter and their access-code reservations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, increment_counter, query_all
from shared.adapters.dynamo.deadline_index import index_keys
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, to_item
from shared.adapters.dynamo.queue_index import count_move, queue_keys
from shared.adapters.dynamo.transactions import conditioned, transact, unconditioned
from shared.domain.audit import AuditEvent
from shared.domain.errors import AccessCodeTaken, Conflicting
from shared.domain.session import Session

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class DynamoSessions:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def next_session_id(self) -> int:
        return increment_counter(self._client(), self._table, keys.session_counter())

    def add(self, session: Session, event: AuditEvent) -> None:
        reservation = keys.access_code(session.access_code).fields()
        reservation["session_id"] = session.id
        transact(
            self._client(),
            conditioned(
                Conflicting.SESSION,
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": self._item(session),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ),
            conditioned(
                AccessCodeTaken(session.access_code),
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": to_item(reservation),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ),
            *count_move(self._table, None, session),
            event_put(self._table, event),
        )

    def get(self, session_id: int) -> Session | None:
        found = self._client().get_item(
            TableName=self._table, Key=keys.session(session_id).attributes(), ConsistentRead=True
        )
        if "Item" not in found:
            return None
        return Session.model_validate(from_item(found["Item"]))

    def save(self, session: Session, expected_version: int, event: AuditEvent) -> None:
        transact(
            self._client(),
            conditioned(
                Conflicting.SESSION,
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": self._item(session),
                        "ConditionExpression": "version = :expected",
                        "ExpressionAttributeValues": {":expected": {"N": str(expected_version)}},
                    }
                },
            ),
            event_put(self._table, event),
        )

    def delete(self, session: Session, event: AuditEvent) -> None:
        transact(
            self._client(),
            conditioned(
                Conflicting.SESSION,
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": keys.session(session.id).attributes(),
                        "ConditionExpression": "version = :expected",
                        "ExpressionAttributeValues": {":expected": {"N": str(session.version)}},
                    }
                },
            ),
            unconditioned(
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": keys.access_code(session.access_code).attributes(),
                    }
                }
            ),
            event_put(self._table, event),
        )

    def list_for_center(self, center_id: str) -> list[Session]:
        request = collection_request(self._table, keys.sessions_of_center(center_id))
        request["ScanIndexForward"] = False
        items = query_all(self._client(), request)
        return [Session.model_validate(from_item(item)) for item in items]

    @staticmethod
    def _item(session: Session) -> dict[str, Any]:
        return session_item(session)


def session_item(session: Session) -> dict[str, Any]:
    """The whole session item: its keys, its places in the center's list (gsi1), in the
    48-hour rule's index while open (gsi2) and in the processing queues once finalized
    (gsi2, gsi3)."""
    values: dict[str, Any] = keys.session(session.id).fields()
    values.update(keys.session_index(session))
    values.update(index_keys(session) or {})
    values.update(queue_keys(session) or {})
    # Absent, not NULL, when unknown: `if_not_exists(first_started_at, …)` must see none.
    values.update(
        session.model_dump(mode="json", exclude={"enrolled_student_ids"}, exclude_none=True)
    )
    if session.enrolled_student_ids:  # DynamoDB has no empty sets: absent means none
        values["enrolled_student_ids"] = set(session.enrolled_student_ids)
    return to_item(values)
