"""Audit events, stored in their session's item collection, in time order."""

from __future__ import annotations

import time
import uuid
from typing import Any

from shared.adapters.dynamo.batch import collection_request, query_all
from shared.adapters.dynamo.items import from_item, iso_instant, to_item
from shared.domain.audit import AuditEvent


def event_put(table: str, event: AuditEvent) -> Any:
    """The transaction item that records `event` beside the change it describes."""
    at = iso_instant(event.at)
    values: dict[str, Any] = {
        "pk": f"SESSION#{event.session_id}",
        # Time first so that a Query returns the trail in order; the machine's nanoseconds
        # order two events of the same instant, and a random tail keeps them apart.
        "sk": f"EVENT#{at}#{time.time_ns():020d}#{uuid.uuid4().hex[:8]}",
        "entity": "AuditEvent",
    }
    values.update(event.model_dump(mode="json"))
    return {
        "Put": {
            "TableName": table,
            "Item": to_item(values),
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


class DynamoEvents:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def list_for_session(self, session_id: int) -> list[AuditEvent]:
        items = query_all(collection_request(self._table, f"SESSION#{session_id}", "EVENT#"))
        return [AuditEvent.model_validate(from_item(item)) for item in items]
