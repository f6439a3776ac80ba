"""Centers, user profiles and memberships."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import query_all
from shared.adapters.dynamo.items import from_item, to_item
from shared.domain.people import Center, Membership, UserProfile

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class DynamoCenters:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def get_center(self, center_id: str) -> Center | None:
        found = self._client().get_item(
            TableName=self._table, Key=keys.center(center_id).attributes()
        )
        if "Item" not in found:
            return None
        return Center.model_validate(from_item(found["Item"]))

    def put_center(self, center: Center) -> None:
        values = keys.center(center.id).fields()
        values.update(center.model_dump(mode="json"))
        self._client().put_item(TableName=self._table, Item=to_item(values))


class DynamoUsers:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def get_membership(self, user_id: str, center_id: str) -> Membership | None:
        found = self._client().get_item(
            TableName=self._table, Key=keys.membership(user_id, center_id).attributes()
        )
        if "Item" not in found:
            return None
        return Membership.model_validate(from_item(found["Item"]))

    def get_user(self, user_id: str) -> tuple[UserProfile | None, list[Membership]]:
        profile: UserProfile | None = None
        memberships: list[Membership] = []
        for item in self._query_user(user_id):
            if item["sk"] == keys.PROFILE_SK:
                profile = UserProfile.model_validate(item)
            elif item["sk"].startswith(keys.MEMBERSHIP_PREFIX):
                memberships.append(Membership.model_validate(item))
        return profile, memberships

    def _query_user(self, user_id: str) -> list[dict[str, Any]]:
        request: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": keys.user_pk(user_id)}},
        }
        return [from_item(item) for item in query_all(self._client(), request)]

    def put_profile(self, profile: UserProfile) -> None:
        values = keys.profile(profile.id).fields()
        values.update(profile.model_dump(mode="json"))
        self._client().put_item(TableName=self._table, Item=to_item(values))

    def put_membership(self, membership: Membership) -> None:
        values = keys.membership(membership.user_id, membership.center.id).fields()
        values.update(membership.model_dump(mode="json"))
        self._client().put_item(TableName=self._table, Item=to_item(values))
