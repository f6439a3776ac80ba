"""Failed join attempts per session, shared by every Lambda container (they share no memory),
forgotten by DynamoDB's TTL once the lockout window is over."""

from __future__ import annotations

from datetime import datetime

from botocore.exceptions import ClientError

from shared.adapters import aws
from shared.adapters.dynamo.items import error_code, from_item, iso_instant, key, to_item
from shared.domain.joining import LOCKOUT_WINDOW, JoinAttempts

# DynamoDB's TTL deletes within a few days, not at once: readers check the window themselves.
_TTL_MARGIN_SECONDS = 60


def _key(session_id: int) -> dict[str, dict[str, str]]:
    return key(f"JOIN_ATTEMPTS#{session_id}", "JOIN_ATTEMPTS")


class DynamoJoinAttempts:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def get(self, session_id: int) -> JoinAttempts | None:
        answer = aws.dynamodb().get_item(TableName=self._table, Key=_key(session_id))
        if "Item" not in answer:
            return None
        return JoinAttempts.model_validate(from_item(answer["Item"]))

    def record_failure(self, session_id: int, now: datetime) -> None:
        """One more failure in the current window, or the first of a new window."""
        try:
            aws.dynamodb().update_item(
                TableName=self._table,
                Key=_key(session_id),
                UpdateExpression="ADD failures :one",
                ConditionExpression="window_start > :cutoff",
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":cutoff": {"S": iso_instant(now - LOCKOUT_WINDOW)},
                },
            )
        except ClientError as error:
            if error_code(error) != "ConditionalCheckFailedException":
                raise
            expires = int((now + LOCKOUT_WINDOW).timestamp()) + _TTL_MARGIN_SECONDS
            item = {
                **{"pk": f"JOIN_ATTEMPTS#{session_id}", "sk": "JOIN_ATTEMPTS"},
                "entity": "JoinAttempts",
                "window_start": iso_instant(now),
                "failures": 1,
                "expiresAt": expires,
            }
            aws.dynamodb().put_item(TableName=self._table, Item=to_item(item))
