"""Batched reads and writes, with the retries DynamoDB asks for (unprocessed items)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from shared.adapters import aws

WRITE_BATCH = 25
READ_BATCH = 100
MAX_ROUNDS = 8


def write_all(
    table: str, puts: Sequence[dict[str, Any]] = (), deletes: Sequence[dict[str, Any]] = ()
) -> None:
    """Put and delete items, 25 per request; not atomic, so callers only batch writes that
    are safe to repeat (the same items again)."""
    requests = [{"PutRequest": {"Item": item}} for item in puts]
    requests += [{"DeleteRequest": {"Key": key}} for key in deletes]
    for start in range(0, len(requests), WRITE_BATCH):
        pending: dict[str, Any] = {table: requests[start : start + WRITE_BATCH]}
        for round_number in range(MAX_ROUNDS):
            answer = aws.dynamodb().batch_write_item(RequestItems=pending)
            pending = answer.get("UnprocessedItems") or {}
            if not pending:
                break
            time.sleep(min(0.05 * 2**round_number, 1.0))
        else:
            raise RuntimeError("DynamoDB left items unprocessed after retries")


def get_all(
    table: str, keys: Sequence[dict[str, Any]], consistent: bool = False
) -> list[dict[str, Any]]:
    """Read items by key, 100 per request; missing items are simply absent from the answer."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), READ_BATCH):
        pending: dict[str, Any] = {
            table: {"Keys": list(keys[start : start + READ_BATCH]), "ConsistentRead": consistent}
        }
        for round_number in range(MAX_ROUNDS):
            answer = aws.dynamodb().batch_get_item(RequestItems=pending)
            found.extend(answer.get("Responses", {}).get(table, []))
            pending = answer.get("UnprocessedKeys") or {}
            if not pending:
                break
            time.sleep(min(0.05 * 2**round_number, 1.0))
        else:
            raise RuntimeError("DynamoDB left keys unprocessed after retries")
    return found


def collection_request(table: str, pk: str, prefix: str) -> dict[str, Any]:
    """The Query of the items of one partition whose sort key starts with `prefix`."""
    return {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
    }


def query_all(request: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item a Query matches, following LastEvaluatedKey."""
    items: list[dict[str, Any]] = []
    request = dict(request)
    while True:
        page = aws.dynamodb().query(**request)
        items.extend(page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def increment_counter(table: str, name: str) -> int:
    """The next value of an atomic counter (1, 2, 3…)."""
    answer = aws.dynamodb().update_item(
        TableName=table,
        Key={"pk": {"S": f"COUNTER#{name}"}, "sk": {"S": "COUNTER"}},
        UpdateExpression="ADD #value :one",
        ExpressionAttributeNames={"#value": "value"},
        ExpressionAttributeValues={":one": {"N": "1"}},
        ReturnValues="UPDATED_NEW",
    )
    return int(answer["Attributes"]["value"]["N"])
