"""TransactWriteItems with named items: a failed condition becomes WriteConflict(<name>)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from shared.adapters import aws
from shared.adapters.dynamo.items import cancellation_codes, error_code, key
from shared.adapters.dynamo.sessions import session_pk
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.session import SessionStatus


def transact(names: tuple[str, ...], *items: Any) -> None:
    """Write `items` atomically; `names[i]` names `items[i]` in the WriteConflict raised when
    its condition fails (the first failed one)."""
    try:
        transaction: Any = list(items)
        aws.dynamodb().transact_write_items(TransactItems=transaction)
    except ClientError as error:
        if error_code(error) != "TransactionCanceledException":
            raise
        for name, reason in zip(names, cancellation_codes(error), strict=False):
            if reason == "ConditionalCheckFailed":
                raise WriteConflict(Conflicting(name)) from error
        raise


def session_is_open(table: str, session_id: int) -> dict[str, Any]:
    """The transaction item that makes a write depend on the session being open."""
    return {
        "ConditionCheck": {
            "TableName": table,
            "Key": key(session_pk(session_id), "SESSION"),
            "ConditionExpression": "#status = :created",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {":created": {"S": SessionStatus.CREATED.value}},
        }
    }
