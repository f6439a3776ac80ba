"""Attempt windows per session (pupils joining, invigilators logging in), shared by every
Lambda container (they share no memory), forgotten by DynamoDB's TTL once the window is over.

A place is reserved with a conditional update (`failures < MAX` within the window): of 20
concurrent attempts, 10 get a place and the others are told to wait, whatever the timing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.items import from_item, sortable_instant, to_item
from shared.adapters.dynamo.transactions import put_if, update_if, updated_if
from shared.domain.attempts import (
    LOCKOUT_WINDOW,
    AttemptKind,
    Lockout,
    Reservation,
    max_failures,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# DynamoDB's TTL deletes within a few days, not at once: the conditions check the window.
_TTL_MARGIN_SECONDS = 60
# Reserving loses a race only to another attempt opening the same new window: try again.
_ROUNDS = 3


class DynamoAttempts:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def reserve(self, kind: AttemptKind, subject: str, now: datetime) -> Reservation | Lockout:
        key = keys.attempts(kind, subject)
        limit = max_failures(kind)
        cutoff = sortable_instant(now - LOCKOUT_WINDOW)
        for _ in range(_ROUNDS):
            held = self._place_in_window(key, cutoff, limit)
            if held is not None:
                return Reservation(kind=kind, subject=subject, window_start=held)
            if self._open_window(key, now, cutoff):
                return Reservation(kind=kind, subject=subject, window_start=now)
            current = self._read(key)
            full = current is not None and int(current["failures"]) >= limit
            if current is not None and full and current["window_start"] > cutoff:
                return Lockout(window_start=datetime.fromisoformat(current["window_start"]))
        # Three lost races in a row: as busy as a full window, and as safe to answer.
        return Lockout(window_start=now)

    def release(self, reservation: Reservation) -> None:
        """The attempt was no failure: give its place back, if its window still runs."""
        update_if(
            self._client(),
            {
                "TableName": self._table,
                "Key": keys.attempts(reservation.kind, reservation.subject).attributes(),
                "UpdateExpression": "ADD failures :minus_one",
                "ConditionExpression": "window_start = :window AND failures > :zero",
                "ExpressionAttributeValues": {
                    ":minus_one": {"N": "-1"},
                    ":zero": {"N": "0"},
                    ":window": {"S": sortable_instant(reservation.window_start)},
                },
            },
        )

    def _place_in_window(self, key: keys.ItemKey, cutoff: str, limit: int) -> datetime | None:
        """One more attempt in the current window if it has room: the window's start."""
        attributes = updated_if(
            self._client(),
            {
                "TableName": self._table,
                "Key": key.attributes(),
                "UpdateExpression": "ADD failures :one",
                "ConditionExpression": "window_start > :cutoff AND failures < :max",
                "ExpressionAttributeValues": {
                    ":one": {"N": "1"},
                    ":max": {"N": str(limit)},
                    ":cutoff": {"S": cutoff},
                },
                "ReturnValues": "ALL_NEW",
            },
        )
        if attributes is None:
            return None
        return datetime.fromisoformat(str(from_item(attributes)["window_start"]))

    def _open_window(self, key: keys.ItemKey, now: datetime, cutoff: str) -> bool:
        """A new window with this attempt in it, unless a current one exists."""
        expires = int((now + LOCKOUT_WINDOW).timestamp()) + _TTL_MARGIN_SECONDS
        item = {
            **key.fields(),
            "window_start": sortable_instant(now),
            "failures": 1,
            "expiresAt": expires,
        }
        return put_if(
            self._client(),
            {
                "TableName": self._table,
                "Item": to_item(item),
                "ConditionExpression": "attribute_not_exists(pk) OR window_start <= :cutoff",
                "ExpressionAttributeValues": {":cutoff": {"S": cutoff}},
            },
        )

    def _read(self, key: keys.ItemKey) -> dict[str, Any] | None:
        answer = self._client().get_item(
            TableName=self._table, Key=key.attributes(), ConsistentRead=True
        )
        return from_item(answer["Item"]) if "Item" in answer else None
