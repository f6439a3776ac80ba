"""The sparse index of the 48-hour rule (gsi2).

An open session sits in partition `DUE` under the instant of its next check (the reminder,
24 h before the deadline, then the deadline); once flagged overdue it moves to partition
`OVERDUE` under its deadline; finalized, it leaves the index. A sweep therefore reads only
what is due, however many sessions are stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import query_all
from shared.adapters.dynamo.deadline_index import index_clauses, update_expression
from shared.adapters.dynamo.items import from_item, iso_instant
from shared.adapters.dynamo.transactions import (
    conditioned,
    transact_or_cancelled,
    update_if,
)
from shared.domain.errors import Conflicting
from shared.domain.session import Session, SessionStatus

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

TRANSACTION_LIMIT = 100


class DynamoCompliance:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def due(self, now: datetime) -> list[Session]:
        """Open sessions whose next check has come: one Query, reading only them."""
        items = query_all(
            self._client(),
            {
                "TableName": self._table,
                "IndexName": keys.GSI2,
                "KeyConditionExpression": "gsi2pk = :due AND gsi2sk <= :now",
                "ExpressionAttributeValues": {
                    ":due": {"S": keys.DUE},
                    ":now": {"S": keys.due_by(now)},
                },
            },
        )
        return [Session.model_validate(from_item(item)) for item in items]

    def overdue(self) -> list[Session]:
        """Every overdue session, oldest deadline first."""
        items = query_all(
            self._client(),
            {
                "TableName": self._table,
                "IndexName": keys.GSI2,
                "KeyConditionExpression": "gsi2pk = :overdue",
                "ExpressionAttributeValues": {":overdue": {"S": keys.OVERDUE}},
            },
        )
        return [Session.model_validate(from_item(item)) for item in items]

    def record(self, judged: Session, after: Session) -> bool:
        """Store the sweep's verdict on `judged` (now `after`), unless the session changed
        meanwhile — its deadline, its status, or another sweep got there first. True if
        this call made the change (and so must notify)."""
        return update_if(self._client(), self._update(judged, after))

    def record_all(self, verdicts: list[tuple[Session, Session]]) -> list[bool]:
        """One transaction per 100 verdicts when nothing raced; if one condition fails (an
        overlapping sweep, an edit), that batch is recorded one by one instead."""
        results: list[bool] = []
        for start in range(0, len(verdicts), TRANSACTION_LIMIT):
            batch = verdicts[start : start + TRANSACTION_LIMIT]
            writes = [
                conditioned(Conflicting.SESSION, {"Update": self._update(j, a)}) for j, a in batch
            ]
            if transact_or_cancelled(self._client(), *writes):
                results.extend(True for _ in batch)
            else:
                results.extend(self.record(j, a) for j, a in batch)
        return results

    def _update(self, judged: Session, after: Session) -> dict[str, Any]:
        index_sets, index_removes, index_values = index_clauses(after)
        return {
            "TableName": self._table,
            "Key": keys.session(judged.id).attributes(),
            "UpdateExpression": update_expression(
                [
                    "reminder_sent = :reminder",
                    "finalization_overdue = :overdue",
                    "version = version + :one",
                    *index_sets,
                ],
                index_removes,
            ),
            "ConditionExpression": (
                "#status = :created AND finalization_deadline = :deadline"
                " AND finalization_overdue = :was_overdue AND reminder_sent = :was_reminded"
            ),
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":reminder": {"BOOL": after.reminder_sent},
                ":overdue": {"BOOL": after.finalization_overdue},
                ":one": {"N": "1"},
                ":created": {"S": SessionStatus.CREATED.value},
                ":deadline": {"S": iso_instant(judged.finalization_deadline)},
                ":was_overdue": {"BOOL": judged.finalization_overdue},
                ":was_reminded": {"BOOL": judged.reminder_sent},
                **index_values,
            },
        }
