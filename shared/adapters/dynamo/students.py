"""A center's roster: its pupils and its list of classes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, get_all, query_all, write_all
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, sortable_instant, to_item
from shared.adapters.dynamo.transactions import Write, conditioned, delete_if, put_if, transact
from shared.domain.audit import AuditEvent
from shared.domain.errors import Conflicting
from shared.domain.session import SessionStatus
from shared.domain.student import Student

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# DynamoDB's IN takes 100 values; past that, the roster is filtered here.
MAX_IN_VALUES = 100
# A lease that outlived a crashed import is gone once DynamoDB's TTL runs; until then its
# `until` already lets the next import take it.
_TTL_MARGIN_SECONDS = 3600
# A transaction holds 100 items: the deletion, its event, and this many open sessions checked.
MAX_CHECKED_SESSIONS = 98


class DynamoStudents:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def list_center(self, center_id: str) -> list[Student]:
        request = collection_request(self._table, keys.roster(center_id))
        items = query_all(self._client(), request)
        return [Student.model_validate(from_item(item)) for item in items]

    def get_many(self, center_id: str, student_ids: list[str]) -> list[Student]:
        wanted = [keys.student(center_id, i).attributes() for i in student_ids]
        found = get_all(self._client(), self._table, wanted)
        return [Student.model_validate(from_item(item)) for item in found]

    def save_many(self, students: list[Student]) -> None:
        write_all(self._client(), self._table, puts=[self._item(s) for s in students])

    def list_by_divisions(self, center_id: str, divisions: list[str] | None) -> list[Student]:
        """In roster order, in one Query: one class reads only its own key range; several
        classes read the roster once with a filter (requests are the cost metric)."""
        wanted = sorted(set(divisions or []))
        one_class = wanted[0] if len(wanted) == 1 else None
        request = collection_request(self._table, keys.roster_in_order(center_id, one_class))
        if 1 < len(wanted) <= MAX_IN_VALUES:
            names = {f":d{i}": {"S": d} for i, d in enumerate(wanted)}
            request["FilterExpression"] = f"division IN ({', '.join(names)})"
            request["ExpressionAttributeValues"].update(names)
        items = query_all(self._client(), request)
        found = [Student.model_validate(from_item(item)) for item in items]
        # Two classes whose names fold alike share a key range: keep the exact ones.
        return [s for s in found if s.division in wanted] if wanted else found

    def list_divisions(self, center_id: str) -> list[str]:
        answer = self._client().get_item(
            TableName=self._table, Key=keys.divisions(center_id).attributes()
        )
        divisions: list[str] = from_item(answer.get("Item", {})).get("divisions", [])
        return divisions

    def lock_import(self, center_id: str, holder: str, now: datetime, until: datetime) -> bool:
        """Hold the center's import lease until `until`, unless another import holds it."""
        item = {
            **keys.import_lease(center_id).fields(),
            "holder": holder,
            "until": sortable_instant(until),
            "expiresAt": int(until.timestamp()) + _TTL_MARGIN_SECONDS,
        }
        return put_if(
            self._client(),
            {
                "TableName": self._table,
                "Item": to_item(item),
                "ConditionExpression": "attribute_not_exists(pk) OR #until < :now",
                "ExpressionAttributeNames": {"#until": "until"},
                "ExpressionAttributeValues": {":now": {"S": sortable_instant(now)}},
            },
        )

    def unlock_import(self, center_id: str, holder: str) -> None:
        delete_if(
            self._client(),
            {
                "TableName": self._table,
                "Key": keys.import_lease(center_id).attributes(),
                "ConditionExpression": "holder = :holder",
                "ExpressionAttributeValues": {":holder": {"S": holder}},
            },
        )

    def delete_many(self, center_id: str, student_ids: list[str]) -> None:
        deletes = [keys.student(center_id, i).attributes() for i in student_ids]
        write_all(self._client(), self._table, deletes=deletes)

    def erase(self, student: Student, open_sessions: list[int], event: AuditEvent) -> None:
        """One transaction: delete the pupil's entry (WriteConflict(STUDENT) if it is gone
        already), record `event`, and check that none of the `open_sessions` has enrolled the
        pupil since they were read (WriteConflict(SESSION)); a session finalized meanwhile
        passes. A session created after the read is not checked: see data-protection.md."""
        deletion = conditioned(
            Conflicting.STUDENT,
            {
                "Delete": {
                    "TableName": self._table,
                    "Key": keys.student(student.center_id, student.id).attributes(),
                    "ConditionExpression": "attribute_exists(pk)",
                }
            },
        )
        checks = [
            self._not_enrolled(session_id, student.id)
            for session_id in open_sessions[:MAX_CHECKED_SESSIONS]
        ]
        transact(self._client(), deletion, event_put(self._table, event), *checks)

    def _not_enrolled(self, session_id: int, student_id: str) -> Write:
        return conditioned(
            Conflicting.SESSION,
            {
                "ConditionCheck": {
                    "TableName": self._table,
                    "Key": keys.session(session_id).attributes(),
                    "ConditionExpression": (
                        "#status <> :created OR NOT contains(enrolled_student_ids, :student)"
                    ),
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {
                        ":created": {"S": SessionStatus.CREATED.value},
                        ":student": {"S": student_id},
                    },
                }
            },
        )

    def put_divisions(self, center_id: str, divisions: list[str]) -> None:
        values = keys.divisions(center_id).fields()
        values["divisions"] = divisions
        self._client().put_item(TableName=self._table, Item=to_item(values))

    @staticmethod
    def _item(student: Student) -> dict[str, Any]:
        values: dict[str, Any] = keys.student(student.center_id, student.id).fields()
        values.update(keys.student_index(student))
        values.update(student.model_dump(mode="json"))
        return to_item(values)
