"""A center's roster: its pupils and its list of classes."""

from __future__ import annotations

from typing import Any

from shared.adapters import aws
from shared.adapters.dynamo.batch import collection_request, get_all, query_all, write_all
from shared.adapters.dynamo.items import from_item, key, to_item
from shared.adapters.dynamo.users import center_pk
from shared.domain.student import Student
from shared.domain.text import natural_key


def student_sk(student_id: str) -> str:
    return f"STUDENT#{student_id}"


def roster_sort_key(student: Student) -> str:
    division, last, first, student_id = student.roster_order
    return f"STUDENT#{division}#{last}#{first}#{student_id}"


# DynamoDB's IN takes 100 values; past that, the roster is filtered here.
MAX_IN_VALUES = 100


class DynamoStudents:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def list_center(self, center_id: str) -> list[Student]:
        items = query_all(collection_request(self._table, center_pk(center_id), "STUDENT#"))
        return [Student.model_validate(from_item(item)) for item in items]

    def get_many(self, center_id: str, student_ids: list[str]) -> list[Student]:
        keys = [key(center_pk(center_id), student_sk(i)) for i in student_ids]
        return [Student.model_validate(from_item(item)) for item in get_all(self._table, keys)]

    def save_many(self, students: list[Student]) -> None:
        write_all(self._table, puts=[self._item(s) for s in students])

    def list_by_divisions(self, center_id: str, divisions: list[str] | None) -> list[Student]:
        """In roster order, in one Query: one class reads only its own key range; several
        classes read the roster once with a filter (requests are the cost metric)."""
        wanted = sorted(set(divisions or []))
        prefix = f"STUDENT#{natural_key(wanted[0])}#" if len(wanted) == 1 else "STUDENT#"
        request: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": "gsi1",
            "KeyConditionExpression": "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
            "ExpressionAttributeValues": {
                ":pk": {"S": center_pk(center_id)},
                ":prefix": {"S": prefix},
            },
        }
        if 1 < len(wanted) <= MAX_IN_VALUES:
            names = {f":d{i}": {"S": d} for i, d in enumerate(wanted)}
            request["FilterExpression"] = f"division IN ({', '.join(names)})"
            request["ExpressionAttributeValues"].update(names)
        found = [Student.model_validate(from_item(item)) for item in query_all(request)]
        # Two classes whose names fold alike share a key range: keep the exact ones.
        return [s for s in found if s.division in wanted] if wanted else found

    def list_divisions(self, center_id: str) -> list[str]:
        answer = aws.dynamodb().get_item(
            TableName=self._table, Key=key(center_pk(center_id), "DIVISIONS")
        )
        divisions: list[str] = from_item(answer.get("Item", {})).get("divisions", [])
        return divisions

    def put_divisions(self, center_id: str, divisions: list[str]) -> None:
        values = {
            "pk": center_pk(center_id),
            "sk": "DIVISIONS",
            "entity": "Divisions",
            "divisions": divisions,
        }
        aws.dynamodb().put_item(TableName=self._table, Item=to_item(values))

    @staticmethod
    def _item(student: Student) -> dict[str, Any]:
        values: dict[str, Any] = {
            "pk": center_pk(student.center_id),
            "sk": student_sk(student.id),
            "entity": "Student",
            "gsi1pk": center_pk(student.center_id),
            "gsi1sk": roster_sort_key(student),
        }
        values.update(student.model_dump(mode="json"))
        return to_item(values)
