"""Centers, user profiles and memberships."""

from __future__ import annotations

from typing import Any

from shared.adapters import aws
from shared.adapters.dynamo.batch import query_all
from shared.adapters.dynamo.items import from_item, key, to_item
from shared.domain.people import Center, Membership, UserProfile


def center_pk(center_id: str) -> str:
    return f"CENTER#{center_id}"


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


class DynamoCenters:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def get_center(self, center_id: str) -> Center | None:
        found = aws.dynamodb().get_item(
            TableName=self._table, Key=key(center_pk(center_id), "CENTER")
        )
        if "Item" not in found:
            return None
        return Center.model_validate(from_item(found["Item"]))

    def put_center(self, center: Center) -> None:
        values = {"pk": center_pk(center.id), "sk": "CENTER", "entity": "Center"}
        values.update(center.model_dump(mode="json"))
        aws.dynamodb().put_item(TableName=self._table, Item=to_item(values))


class DynamoUsers:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def get_membership(self, user_id: str, center_id: str) -> Membership | None:
        found = aws.dynamodb().get_item(
            TableName=self._table, Key=key(user_pk(user_id), f"MEMBERSHIP#{center_id}")
        )
        if "Item" not in found:
            return None
        return Membership.model_validate(from_item(found["Item"]))

    def get_user(self, user_id: str) -> tuple[UserProfile | None, list[Membership]]:
        profile: UserProfile | None = None
        memberships: list[Membership] = []
        for item in self._query_user(user_id):
            if item["sk"] == "PROFILE":
                profile = UserProfile.model_validate(item)
            elif item["sk"].startswith("MEMBERSHIP#"):
                memberships.append(Membership.model_validate(item))
        return profile, memberships

    def _query_user(self, user_id: str) -> list[dict[str, Any]]:
        request: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": user_pk(user_id)}},
        }
        return [from_item(item) for item in query_all(request)]

    def put_profile(self, profile: UserProfile) -> None:
        values = {"pk": user_pk(profile.id), "sk": "PROFILE", "entity": "UserProfile"}
        values.update(profile.model_dump(mode="json"))
        aws.dynamodb().put_item(TableName=self._table, Item=to_item(values))

    def put_membership(self, membership: Membership) -> None:
        values = {
            "pk": user_pk(membership.user_id),
            "sk": f"MEMBERSHIP#{membership.center.id}",
            "entity": "Membership",
        }
        values.update(membership.model_dump(mode="json"))
        aws.dynamodb().put_item(TableName=self._table, Item=to_item(values))
