"""The sparse index of the 48-hour rule (gsi2).

An open session sits in partition `DUE` under the instant of its next check (the reminder,
24 h before the deadline, then the deadline); once flagged overdue it moves to partition
`OVERDUE` under its deadline; finalized, it leaves the index. A sweep therefore reads only
what is due, however many sessions are stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from shared.adapters import aws
from shared.adapters.dynamo.batch import query_all
from shared.adapters.dynamo.deadline_index import (
    DUE,
    OVERDUE,
    index_clauses,
    instant,
    update_expression,
)
from shared.adapters.dynamo.items import error_code, from_item, iso_instant, key
from shared.adapters.dynamo.sessions import session_pk
from shared.domain.session import Session, SessionStatus

INDEX = "gsi2"
TRANSACTION_LIMIT = 100


class DynamoCompliance:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def due(self, now: datetime) -> list[Session]:
        """Open sessions whose next check has come: one Query, reading only them."""
        items = query_all(
            {
                "TableName": self._table,
                "IndexName": INDEX,
                "KeyConditionExpression": "gsi2pk = :due AND gsi2sk <= :now",
                "ExpressionAttributeValues": {
                    ":due": {"S": DUE},
                    ":now": {"S": f"{instant(now)}#~"},
                },
            }
        )
        return [Session.model_validate(from_item(item)) for item in items]

    def overdue(self) -> list[Session]:
        """Every overdue session, oldest deadline first."""
        items = query_all(
            {
                "TableName": self._table,
                "IndexName": INDEX,
                "KeyConditionExpression": "gsi2pk = :overdue",
                "ExpressionAttributeValues": {":overdue": {"S": OVERDUE}},
            }
        )
        return [Session.model_validate(from_item(item)) for item in items]

    def record(self, judged: Session, after: Session) -> bool:
        """Store the sweep's verdict on `judged` (now `after`), unless the session changed
        meanwhile — its deadline, its status, or another sweep got there first. True if
        this call made the change (and so must notify)."""
        try:
            aws.dynamodb().update_item(**self._update(judged, after))
        except ClientError as error:
            if error_code(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def record_all(self, verdicts: list[tuple[Session, Session]]) -> list[bool]:
        """One transaction per 100 verdicts when nothing raced; if one condition fails (an
        overlapping sweep, an edit), that batch is recorded one by one instead."""
        results: list[bool] = []
        for start in range(0, len(verdicts), TRANSACTION_LIMIT):
            batch = verdicts[start : start + TRANSACTION_LIMIT]
            try:
                transaction: Any = [{"Update": self._update(j, a)} for j, a in batch]
                aws.dynamodb().transact_write_items(TransactItems=transaction)
            except ClientError as error:
                if error_code(error) != "TransactionCanceledException":
                    raise
                results.extend(self.record(j, a) for j, a in batch)
            else:
                results.extend(True for _ in batch)
        return results

    def _update(self, judged: Session, after: Session) -> dict[str, Any]:
        index_sets, index_removes, index_values = index_clauses(after)
        return {
            "TableName": self._table,
            "Key": key(session_pk(judged.id), "SESSION"),
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
