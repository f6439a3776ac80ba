"""The revocation marks of the last hour, in one item (`keys.revocations()`): a strongly
consistent GetItem reads them all, a PutItem conditioned on the version read writes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.items import from_item, iso_instant, to_item
from shared.adapters.dynamo.transactions import put_if
from shared.domain.revocation import RecentRevocations

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class DynamoRevocations:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def read(self) -> RecentRevocations:
        # Strongly consistent: a mark written is seen by the next read, not "usually".
        found = self._client().get_item(
            TableName=self._table, Key=keys.revocations().attributes(), ConsistentRead=True
        )
        if "Item" not in found:
            return RecentRevocations()
        item = from_item(found["Item"])
        marks = {user: datetime.fromisoformat(at) for user, at in item["marks"].items()}
        return RecentRevocations(marks=marks, version=int(item["version"]))

    def save(self, revocations: RecentRevocations) -> bool:
        values = keys.revocations().fields()
        values["marks"] = {user: iso_instant(at) for user, at in revocations.marks.items()}
        values["version"] = revocations.version + 1
        request: dict[str, Any] = {
            "TableName": self._table,
            "Item": to_item(values),
            "ConditionExpression": "attribute_not_exists(pk)",
        }
        if revocations.version:
            request |= {
                "ConditionExpression": "#version = :read",
                "ExpressionAttributeNames": {"#version": "version"},
                "ExpressionAttributeValues": {":read": {"N": str(revocations.version)}},
            }
        return put_if(self._client(), request)
