"""Conditional writes: the one place where DynamoDB's ClientError is inspected.

A transaction is a sequence of `Write`s, each declaring what a failure of its own condition
means (`conditioned(Conflicting.SESSION, ...)`) or that it has none (`unconditioned(...)`);
`transact` turns the first failed condition into that error. Single conditional updates
answer a boolean instead (`update_if`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from shared.adapters.dynamo import keys
from shared.domain.errors import AccessCodeTaken, Conflicting, WriteConflict
from shared.domain.session import SessionStatus

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# What a failed condition means: which item lost a race (raised as WriteConflict) or, for the
# reservation of a new session's access code, that the code is taken.
Failure = Conflicting | AccessCodeTaken


@dataclass(frozen=True)
class Write:
    """One item of a transaction (`{"Put": ...}`, `{"Update": ...}`, `{"Delete": ...}` or
    `{"ConditionCheck": ...}`) and what its condition failing means."""

    request: dict[str, Any]
    failure: Failure | None


def _has_condition(request: dict[str, Any]) -> bool:
    (operation,) = request.values()
    return "ConditionExpression" in operation


def conditioned(failure: Failure, request: dict[str, Any]) -> Write:
    if not _has_condition(request):
        raise ValueError("a conditioned write needs a ConditionExpression")
    return Write(request, failure)


def unconditioned(request: dict[str, Any]) -> Write:
    # A condition without a name would surface as a bare ClientError (a 500): refuse it here.
    if _has_condition(request):
        raise ValueError("this write has a condition: say what its failure means")
    return Write(request, None)


def transact(client: DynamoDBClient, *writes: Write) -> None:
    """Write atomically. If DynamoDB cancels the transaction because conditions failed, the
    first failed one is raised: WriteConflict(<its Conflicting>), or AccessCodeTaken."""
    reasons = _cancellation(client, writes)
    if reasons is None:
        return
    for write, reason in zip(writes, reasons.codes, strict=False):
        if reason == "ConditionalCheckFailed" and write.failure is not None:
            if isinstance(write.failure, Conflicting):
                raise WriteConflict(write.failure) from reasons.error
            raise write.failure from reasons.error
    raise reasons.error


def transact_or_cancelled(client: DynamoDBClient, *writes: Write) -> bool:
    """Write atomically; False if DynamoDB cancelled the transaction, for whatever reason
    (a failed condition, or a concurrent transaction on the same items)."""
    return _cancellation(client, writes) is None


def update_if(client: DynamoDBClient, request: dict[str, Any]) -> bool:
    """An UpdateItem with a ConditionExpression: False, not an error, if the condition fails."""
    try:
        client.update_item(**request)
    except ClientError as error:
        if _error_code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def updated_if(client: DynamoDBClient, request: dict[str, Any]) -> dict[str, Any] | None:
    """An UpdateItem with a ConditionExpression and ReturnValues: the item's attributes as
    the update left them, or None if the condition failed."""
    try:
        answer = client.update_item(**request)
    except ClientError as error:
        if _error_code(error) == "ConditionalCheckFailedException":
            return None
        raise
    attributes: dict[str, Any] = dict(answer.get("Attributes", {}))
    return attributes


def put_if(client: DynamoDBClient, request: dict[str, Any]) -> bool:
    """A PutItem with a ConditionExpression: False, not an error, if the condition fails."""
    try:
        client.put_item(**request)
    except ClientError as error:
        if _error_code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def delete_if(client: DynamoDBClient, request: dict[str, Any]) -> bool:
    """A DeleteItem with a ConditionExpression: False, not an error, if the condition fails."""
    try:
        client.delete_item(**request)
    except ClientError as error:
        if _error_code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def session_is_open(table: str, session_id: int) -> Write:
    """The transaction item that makes a write depend on the session being open."""
    return conditioned(
        Conflicting.SESSION,
        {
            "ConditionCheck": {
                "TableName": table,
                "Key": keys.session(session_id).attributes(),
                "ConditionExpression": "#status = :created",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": {":created": {"S": SessionStatus.CREATED.value}},
            }
        },
    )


@dataclass(frozen=True)
class _Cancelled:
    error: ClientError
    codes: list[str]


def _cancellation(client: DynamoDBClient, writes: tuple[Write, ...]) -> _Cancelled | None:
    """None once written; the reasons (one per item, 'None' where it was fine) if cancelled."""
    try:
        transaction: Any = [write.request for write in writes]
        client.transact_write_items(TransactItems=transaction)
    except ClientError as error:
        if _error_code(error) != "TransactionCanceledException":
            raise
        reasons = error.response.get("CancellationReasons") or []
        return _Cancelled(error, [str(reason.get("Code", "None")) for reason in reasons])
    return None


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
