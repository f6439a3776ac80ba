"""Certification sessions, their number counter and their access-code reservations."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from shared.adapters import aws
from shared.adapters.dynamo.batch import increment_counter, query_all
from shared.adapters.dynamo.deadline_index import index_keys
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import cancellation_codes, from_item, key, to_item
from shared.adapters.dynamo.users import center_pk
from shared.domain import errors
from shared.domain.audit import AuditEvent
from shared.domain.session import Session


def session_pk(session_id: int) -> str:
    return f"SESSION#{session_id}"


def access_code_pk(code: str) -> str:
    return f"ACCESS_CODE#{code}"


class DynamoSessions:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def next_session_id(self) -> int:
        return increment_counter(self._table, "SESSION")

    def add(self, session: Session, event: AuditEvent) -> None:
        reservation = {
            "pk": access_code_pk(session.access_code),
            "sk": "ACCESS_CODE",
            "entity": "AccessCode",
            "session_id": session.id,
        }
        try:
            aws.dynamodb().transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": self._item(session),
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": to_item(reservation),
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                    event_put(self._table, event),
                ]
            )
        except ClientError as error:
            reasons = cancellation_codes(error)
            if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
                raise errors.AccessCodeTaken(session.access_code) from error
            raise

    def get(self, session_id: int) -> Session | None:
        found = aws.dynamodb().get_item(
            TableName=self._table, Key=key(session_pk(session_id), "SESSION"), ConsistentRead=True
        )
        if "Item" not in found:
            return None
        return Session.model_validate(from_item(found["Item"]))

    def save(self, session: Session, expected_version: int, event: AuditEvent) -> None:
        try:
            aws.dynamodb().transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": self._item(session),
                            "ConditionExpression": "version = :expected",
                            "ExpressionAttributeValues": {
                                ":expected": {"N": str(expected_version)}
                            },
                        }
                    },
                    event_put(self._table, event),
                ]
            )
        except ClientError as error:
            if cancellation_codes(error)[:1] == ["ConditionalCheckFailed"]:
                raise errors.WriteConflict(errors.Conflicting.SESSION) from error
            raise

    def delete(self, session: Session, event: AuditEvent) -> None:
        try:
            aws.dynamodb().transact_write_items(
                TransactItems=[
                    {
                        "Delete": {
                            "TableName": self._table,
                            "Key": key(session_pk(session.id), "SESSION"),
                            "ConditionExpression": "version = :expected",
                            "ExpressionAttributeValues": {":expected": {"N": str(session.version)}},
                        }
                    },
                    {
                        "Delete": {
                            "TableName": self._table,
                            "Key": key(access_code_pk(session.access_code), "ACCESS_CODE"),
                        }
                    },
                    event_put(self._table, event),
                ]
            )
        except ClientError as error:
            if cancellation_codes(error)[:1] == ["ConditionalCheckFailed"]:
                raise errors.WriteConflict(errors.Conflicting.SESSION) from error
            raise

    def list_for_center(self, center_id: str) -> list[Session]:
        request: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": "gsi1",
            "KeyConditionExpression": "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
            "ExpressionAttributeValues": {
                ":pk": {"S": center_pk(center_id)},
                ":prefix": {"S": "SESSION#"},
            },
            "ScanIndexForward": False,
        }
        return [Session.model_validate(from_item(item)) for item in query_all(request)]

    @staticmethod
    def _item(session: Session) -> dict[str, Any]:
        values: dict[str, Any] = {
            "pk": session_pk(session.id),
            "sk": "SESSION",
            "entity": "Session",
            "gsi1pk": center_pk(session.center_id),
            "gsi1sk": f"SESSION#{session.date.isoformat()}T{session.time:%H:%M}#{session.id:012d}",
        }
        values.update(index_keys(session) or {})
        values.update(session.model_dump(mode="json", exclude={"enrolled_student_ids"}))
        if session.enrolled_student_ids:  # DynamoDB has no empty sets: absent means none
            values["enrolled_student_ids"] = set(session.enrolled_student_ids)
        return to_item(values)
