"""Invitations to join a center's team, in the center's item collection (one per address),
found by the id of their link through gsi1; forgotten by DynamoDB's TTL some time after they
stopped being pending (docs/team.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, query_all
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, to_item
from shared.adapters.dynamo.transactions import conditioned, transact
from shared.adapters.dynamo.users import membership_item
from shared.domain.audit import AuditEvent
from shared.domain.errors import Conflicting
from shared.domain.people import Membership
from shared.domain.team import Invitation, InvitationStatus

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# The stored invitation is still the one read: same link (id), same code, still pending.
_UNCHANGED = "id = :id AND code_hash = :code_hash AND #status = :pending"


class DynamoInvitations:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def get(self, invitation_id: str) -> Invitation | None:
        # The index tells where the invitation lives; the item itself is read strongly
        # consistent, so that a code renewed a moment ago is the one compared.
        request = collection_request(self._table, keys.invitation_by_id(invitation_id))
        found = query_all(self._client(), request)
        if not found:
            return None
        answer = self._client().get_item(
            TableName=self._table,
            Key={"pk": found[0]["pk"], "sk": found[0]["sk"]},
            ConsistentRead=True,
        )
        if "Item" not in answer:
            return None
        invitation = Invitation.model_validate(from_item(answer["Item"]))
        return invitation if invitation.id == invitation_id else None

    def list_for_center(self, center_id: str) -> list[Invitation]:
        request = collection_request(self._table, keys.invitations_of(center_id))
        request["ConsistentRead"] = True
        items = query_all(self._client(), request)
        return [Invitation.model_validate(from_item(item)) for item in items]

    def add(self, invitation: Invitation, event: AuditEvent) -> None:
        put = conditioned(
            Conflicting.INVITATION,
            {
                "Put": {
                    "TableName": self._table,
                    "Item": _item(invitation),
                    # A used, cancelled or expired-and-kept invitation of the address gives
                    # way; a pending one is renewed instead (WriteConflict).
                    "ConditionExpression": "attribute_not_exists(pk) OR #status <> :pending",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {
                        ":pending": {"S": InvitationStatus.PENDING.value}
                    },
                }
            },
        )
        transact(self._client(), put, event_put(self._table, event))

    def replace(self, read: Invitation, invitation: Invitation, event: AuditEvent) -> None:
        transact(
            self._client(),
            conditioned(Conflicting.INVITATION, self._put_if_unchanged(read, invitation)),
            event_put(self._table, event),
        )

    def accept(self, read: Invitation, membership: Membership, event: AuditEvent) -> None:
        accepted = read.accepted(membership.user_id, event.at)
        transact(
            self._client(),
            conditioned(Conflicting.INVITATION, self._put_if_unchanged(read, accepted)),
            conditioned(
                Conflicting.MEMBERSHIP,
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": membership_item(membership),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ),
            event_put(self._table, event),
        )

    def _put_if_unchanged(self, read: Invitation, invitation: Invitation) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._table,
                "Item": _item(invitation),
                "ConditionExpression": _UNCHANGED,
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": {
                    ":id": {"S": read.id},
                    ":code_hash": {"S": read.code_hash},
                    ":pending": {"S": InvitationStatus.PENDING.value},
                },
            }
        }


def _item(invitation: Invitation) -> dict[str, Any]:
    values: dict[str, Any] = keys.invitation(invitation.center.id, invitation.email).fields()
    values.update(invitation.model_dump(mode="json", exclude_none=True))
    values.update(keys.invitation_index(invitation.id))
    values["expiresAt"] = int(invitation.forgotten_after().timestamp())
    return to_item(values)
