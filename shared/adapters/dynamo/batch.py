"""Batched reads and writes, with the retries DynamoDB asks for (unprocessed items), Queries
followed to their end, and atomic counters."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo.keys import Collection, ItemKey

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

WRITE_BATCH = 25
READ_BATCH = 100
MAX_ROUNDS = 8


def write_all(
    client: DynamoDBClient,
    table: str,
    puts: Sequence[dict[str, Any]] = (),
    deletes: Sequence[dict[str, Any]] = (),
) -> None:
    """Put and delete items, 25 per request; not atomic, so callers only batch writes that
    are safe to repeat (the same items again)."""
    requests = [{"PutRequest": {"Item": item}} for item in puts]
    requests += [{"DeleteRequest": {"Key": key}} for key in deletes]
    for start in range(0, len(requests), WRITE_BATCH):
        pending: dict[str, Any] = {table: requests[start : start + WRITE_BATCH]}
        for round_number in range(MAX_ROUNDS):
            answer = client.batch_write_item(RequestItems=pending)
            pending = answer.get("UnprocessedItems") or {}
            if not pending:
                break
            time.sleep(min(0.05 * 2**round_number, 1.0))
        else:
            raise RuntimeError("DynamoDB left items unprocessed after retries")


def get_all(
    client: DynamoDBClient,
    table: str,
    keys: Sequence[dict[str, Any]],
    consistent: bool = False,
    *,
    only: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Read items by key, 100 per request; missing items are simply absent from the answer.
    `only` reads only some attributes: placeholder → attribute name (`{"#s": "status"}`)."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), READ_BATCH):
        asked: dict[str, Any] = {
            "Keys": list(keys[start : start + READ_BATCH]),
            "ConsistentRead": consistent,
        }
        if only:
            asked["ProjectionExpression"] = ", ".join(only)
            asked["ExpressionAttributeNames"] = only
        pending: dict[str, Any] = {table: asked}
        for round_number in range(MAX_ROUNDS):
            answer = client.batch_get_item(RequestItems=pending)
            found.extend(answer.get("Responses", {}).get(table, []))
            pending = answer.get("UnprocessedKeys") or {}
            if not pending:
                break
            time.sleep(min(0.05 * 2**round_number, 1.0))
        else:
            raise RuntimeError("DynamoDB left keys unprocessed after retries")
    return found


def collection_request(table: str, collection: Collection) -> dict[str, Any]:
    """The Query of a collection (see `keys.Collection`)."""
    pk, sk = (
        ("pk", "sk")
        if collection.index is None
        else (f"{collection.index}pk", f"{collection.index}sk")
    )
    request: dict[str, Any] = {
        "TableName": table,
        "KeyConditionExpression": f"{pk} = :pk AND begins_with({sk}, :prefix)",
        "ExpressionAttributeValues": {
            ":pk": {"S": collection.pk},
            ":prefix": {"S": collection.prefix},
        },
    }
    if collection.index is not None:
        request["IndexName"] = collection.index
    return request


def query_all(client: DynamoDBClient, request: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item a Query matches, following LastEvaluatedKey."""
    items: list[dict[str, Any]] = []
    request = dict(request)
    while True:
        page = client.query(**request)
        items.extend(page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def increment_counter(client: DynamoDBClient, table: str, counter: ItemKey) -> int:
    """The next value of an atomic counter (1, 2, 3…)."""
    answer = client.update_item(
        TableName=table,
        Key=counter.attributes(),
        UpdateExpression="ADD #value :one",
        ExpressionAttributeNames={"#value": "value"},
        ExpressionAttributeValues={":one": {"N": "1"}},
        ReturnValues="UPDATED_NEW",
    )
    return int(answer["Attributes"]["value"]["N"])
