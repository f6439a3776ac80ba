"""The one transaction convention: each item says what its failed condition means."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pytest
from botocore.exceptions import ClientError

from shared.adapters.dynamo.transactions import (
    conditioned,
    transact,
    transact_or_cancelled,
    unconditioned,
    update_if,
)
from shared.domain.errors import AccessCodeTaken, Conflicting, WriteConflict

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

PUT_NEW = {"Put": {"TableName": "t", "Item": {}, "ConditionExpression": "attribute_not_exists(pk)"}}
DELETE = {"Delete": {"TableName": "t", "Key": {}}}


def cancelled(*codes: str) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
            "CancellationReasons": [{"Code": code} for code in codes],
        },
        "TransactWriteItems",
    )


class Recorder:
    """Answers every request with `error` (or nothing), and keeps the requests."""

    def __init__(self, error: ClientError | None = None) -> None:
        self.error = error
        self.sent: list[Any] = []

    def transact_write_items(self, TransactItems: Any) -> None:  # noqa: N803 - boto3's name
        self.sent.append(TransactItems)
        if self.error:
            raise self.error

    def update_item(self, **request: Any) -> None:
        self.sent.append(request)
        if self.error:
            raise self.error


def dynamodb(recorder: Recorder) -> DynamoDBClient:
    """The recorder as the functions under test take it (they call only its two methods)."""
    return cast("DynamoDBClient", recorder)


def test_items_are_sent_in_order() -> None:
    recorder = Recorder()
    transact(dynamodb(recorder), conditioned(Conflicting.SESSION, PUT_NEW), unconditioned(DELETE))
    assert recorder.sent == [[PUT_NEW, DELETE]]


def test_the_first_failed_condition_names_the_conflict() -> None:
    recorder = Recorder(cancelled("None", "ConditionalCheckFailed", "ConditionalCheckFailed"))
    with pytest.raises(WriteConflict) as raised:
        transact(
            dynamodb(recorder),
            unconditioned(DELETE),
            conditioned(Conflicting.LIMIT, PUT_NEW),
            conditioned(Conflicting.EVENT, PUT_NEW),
        )
    assert raised.value.what is Conflicting.LIMIT


def test_a_taken_access_code_is_its_own_error() -> None:
    recorder = Recorder(cancelled("None", "ConditionalCheckFailed"))
    with pytest.raises(AccessCodeTaken):
        transact(
            dynamodb(recorder),
            conditioned(Conflicting.SESSION, PUT_NEW),
            conditioned(AccessCodeTaken("BCDF23"), PUT_NEW),
        )


def test_other_cancellations_and_errors_are_raised_as_they_came() -> None:
    for error in (
        cancelled("TransactionConflict", "None"),
        ClientError({"Error": {"Code": "ValidationException"}}, "TransactWriteItems"),
    ):
        with pytest.raises(ClientError):
            transact(dynamodb(Recorder(error)), conditioned(Conflicting.SESSION, PUT_NEW))


def test_a_condition_must_be_named_and_only_a_condition() -> None:
    with pytest.raises(ValueError, match="condition"):
        unconditioned(PUT_NEW)
    with pytest.raises(ValueError, match="ConditionExpression"):
        conditioned(Conflicting.SESSION, DELETE)


def test_all_or_nothing_answers_false_for_any_cancellation() -> None:
    assert transact_or_cancelled(dynamodb(Recorder()), conditioned(Conflicting.SESSION, PUT_NEW))
    busy = Recorder(cancelled("TransactionConflict"))
    assert not transact_or_cancelled(dynamodb(busy), conditioned(Conflicting.SESSION, PUT_NEW))


def test_a_conditional_update_answers_whether_it_wrote() -> None:
    failed = ClientError({"Error": {"Code": "ConditionalCheckFailedException"}}, "UpdateItem")
    assert update_if(dynamodb(Recorder()), {"TableName": "t"})
    assert not update_if(dynamodb(Recorder(failed)), {"TableName": "t"})
    throttled = ClientError({"Error": {"Code": "ThrottlingException"}}, "UpdateItem")
    with pytest.raises(ClientError):
        update_if(dynamodb(Recorder(throttled)), {"TableName": "t"})
