"""Centers, user profiles and memberships — and the team changes that must leave each center
an administrator (docs/team.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, query_all
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, to_item
from shared.adapters.dynamo.transactions import Write, conditioned, transact, update_if
from shared.domain.audit import AuditEvent
from shared.domain.errors import Conflicting
from shared.domain.people import Center, Membership, Role, UserProfile

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
        # Strongly consistent: a membership removed a moment ago opens nothing any more (every
        # request reads it), and the team's changes read it just before a conditional write.
        found = self._client().get_item(
            TableName=self._table,
            Key=keys.membership(user_id, center_id).attributes(),
            ConsistentRead=True,
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
        self._client().put_item(TableName=self._table, Item=membership_item(membership))

    def list_members(self, center_id: str) -> list[Membership]:
        request = collection_request(self._table, keys.members_of(center_id))
        return [
            Membership.model_validate(from_item(item))
            for item in query_all(self._client(), request)
        ]

    def change_role(
        self, membership: Membership, role: Role, keeper: Membership | None, event: AuditEvent
    ) -> None:
        key = keys.membership(membership.user_id, membership.center.id)
        update = conditioned(
            Conflicting.MEMBERSHIP,
            {
                "Update": {
                    "TableName": self._table,
                    "Key": key.attributes(),
                    "UpdateExpression": "SET #role = :role",
                    "ConditionExpression": "#role = :read",
                    "ExpressionAttributeNames": {"#role": "role"},
                    "ExpressionAttributeValues": {
                        ":role": {"S": role.value},
                        ":read": {"S": membership.role.value},
                    },
                }
            },
        )
        transact(self._client(), update, *self._kept_by(keeper), event_put(self._table, event))

    def remove_membership(
        self, membership: Membership, keeper: Membership | None, event: AuditEvent
    ) -> None:
        key = keys.membership(membership.user_id, membership.center.id)
        delete = conditioned(
            Conflicting.MEMBERSHIP,
            {
                "Delete": {
                    "TableName": self._table,
                    "Key": key.attributes(),
                    "ConditionExpression": "#role = :read",
                    "ExpressionAttributeNames": {"#role": "role"},
                    "ExpressionAttributeValues": {":read": {"S": membership.role.value}},
                }
            },
        )
        transact(self._client(), delete, *self._kept_by(keeper), event_put(self._table, event))

    def _kept_by(self, keeper: Membership | None) -> list[Write]:
        """The check that another administrator is still one when the change commits.
        Transactions are serializable: two admins demoting each other at the same moment
        cannot both pass it, so the center always keeps one."""
        if keeper is None:
            return []
        key = keys.membership(keeper.user_id, keeper.center.id)
        return [
            conditioned(
                Conflicting.ADMIN,
                {
                    "ConditionCheck": {
                        "TableName": self._table,
                        "Key": key.attributes(),
                        "ConditionExpression": "#role = :admin",
                        "ExpressionAttributeNames": {"#role": "role"},
                        "ExpressionAttributeValues": {":admin": {"S": Role.ADMIN.value}},
                    }
                },
            )
        ]

    def put_member_snapshot(self, membership: Membership) -> bool:
        """Write the member's snapshot (and so its place in the team's index) on an existing
        membership, leaving its role alone; False if the membership is gone."""
        snapshot = {
            "email": membership.email,
            "first_name": membership.first_name,
            "last_name": membership.last_name,
            **keys.member_index(membership.user_id, membership.center.id),
        }
        names = {f"#{name}": name for name in snapshot}
        values = to_item({f":{name}": value for name, value in snapshot.items()})
        return update_if(
            self._client(),
            {
                "TableName": self._table,
                "Key": keys.membership(membership.user_id, membership.center.id).attributes(),
                "UpdateExpression": "SET " + ", ".join(f"#{n} = :{n}" for n in snapshot),
                "ConditionExpression": "attribute_exists(pk)",
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            },
        )


def membership_item(membership: Membership) -> dict[str, Any]:
    """The stored membership; with the member's snapshot, it is also in the team's index."""
    values = keys.membership(membership.user_id, membership.center.id).fields()
    values.update(membership.model_dump(mode="json", exclude_none=True))
    if membership.email is not None:
        values.update(keys.member_index(membership.user_id, membership.center.id))
    return to_item(values)
