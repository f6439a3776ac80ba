"""Audit events, stored in their trail's item collection — the session's, or the center's for
its team — in time order."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, query_all
from shared.adapters.dynamo.items import from_item, sortable_instant, to_item
from shared.adapters.dynamo.transactions import Write, conditioned, transact
from shared.domain.audit import AuditEvent
from shared.domain.errors import Conflicting

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def event_put(table: str, event: AuditEvent) -> Write:
    """The transaction item that records `event` beside the change it describes."""
    at, nanoseconds, tail = sortable_instant(event.at), time.time_ns(), uuid.uuid4().hex[:8]
    if event.center_id is not None:
        key = keys.center_event(event.center_id, at, nanoseconds, tail)
    else:
        assert event.session_id is not None  # one trail or the other (AuditEvent checks it)
        key = keys.audit_event(event.session_id, at, nanoseconds, tail)
    values: dict[str, Any] = key.fields()
    values.update(event.model_dump(mode="json"))
    return conditioned(
        Conflicting.EVENT,
        {
            "Put": {
                "TableName": table,
                "Item": to_item(values),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
    )


class DynamoEvents:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def list_for_session(self, session_id: int) -> list[AuditEvent]:
        return self._list(keys.events_of(session_id))

    def list_for_center(self, center_id: str) -> list[AuditEvent]:
        return self._list(keys.events_of_center(center_id))

    def _list(self, trail: keys.Collection) -> list[AuditEvent]:
        items = query_all(self._client(), collection_request(self._table, trail))
        return [AuditEvent.model_validate(from_item(item)) for item in items]

    def record(self, event: AuditEvent) -> None:
        """An event that goes with no other write (an invigilator logging in)."""
        transact(self._client(), event_put(self._table, event))
