"""Failed join attempts per session, shared by every Lambda container (they share no memory),
forgotten by DynamoDB's TTL once the lockout window is over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.items import from_item, iso_instant, to_item
from shared.adapters.dynamo.transactions import update_if
from shared.domain.joining import LOCKOUT_WINDOW, JoinAttempts

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# DynamoDB's TTL deletes within a few days, not at once: readers check the window themselves.
_TTL_MARGIN_SECONDS = 60


class DynamoJoinAttempts:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def get(self, session_id: int) -> JoinAttempts | None:
        answer = self._client().get_item(
            TableName=self._table, Key=keys.join_attempts(session_id).attributes()
        )
        if "Item" not in answer:
            return None
        return JoinAttempts.model_validate(from_item(answer["Item"]))

    def record_failure(self, session_id: int, now: datetime) -> None:
        """One more failure in the current window, or the first of a new window."""
        client = self._client()
        key = keys.join_attempts(session_id)
        counted = update_if(
            client,
            {
                "TableName": self._table,
                "Key": key.attributes(),
                "UpdateExpression": "ADD failures :one",
                "ConditionExpression": "window_start > :cutoff",
                "ExpressionAttributeValues": {
                    ":one": {"N": "1"},
                    ":cutoff": {"S": iso_instant(now - LOCKOUT_WINDOW)},
                },
            },
        )
        if counted:
            return
        expires = int((now + LOCKOUT_WINDOW).timestamp()) + _TTL_MARGIN_SECONDS
        item = {
            **key.fields(),
            "window_start": iso_instant(now),
            "failures": 1,
            "expiresAt": expires,
        }
        client.put_item(TableName=self._table, Item=to_item(item))
