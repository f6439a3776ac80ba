"""Adapters take a client provider and call it only when they send a request: building them
(once per Lambda container) must not create a boto3 client, so that a route pays only for the
clients it uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn, cast

from shared.adapters.cognito import CognitoIdentityProvider
from shared.adapters.course_tokens import SecretsManagerSecret
from shared.adapters.dynamo.attachments import DynamoAttachments
from shared.adapters.dynamo.attempts import DynamoAttempts
from shared.adapters.dynamo.candidates import DynamoCandidates
from shared.adapters.dynamo.compliance import DynamoCompliance
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.finalization import DynamoFinalization, DynamoIssueReports
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.students import DynamoStudents
from shared.adapters.dynamo.users import DynamoCenters, DynamoUsers
from shared.adapters.notifications import SnsNotifier
from shared.adapters.s3_files import S3Files

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def no_client() -> NoReturn:
    raise AssertionError("a client was created while building an adapter")


def test_building_an_adapter_creates_no_client() -> None:
    built: list[Any] = [
        factory("table", client=no_client)
        for factory in (
            DynamoAttachments,
            DynamoCandidates,
            DynamoCenters,
            DynamoCompliance,
            DynamoEvents,
            DynamoFinalization,
            DynamoIssueReports,
            DynamoAttempts,
            DynamoSessions,
            DynamoStudents,
            DynamoUsers,
        )
    ]
    built += [
        S3Files("bucket", client=no_client),
        SnsNotifier("arn:aws:sns:eu-west-3:000000000000:topic", client=no_client),
        CognitoIdentityProvider("pool", "app-client", client=no_client),
        SecretsManagerSecret("secret", client=no_client),
    ]
    assert len(built) == 15


def test_a_request_uses_the_client_it_was_given() -> None:
    asked: list[dict[str, Any]] = []

    class Client:
        def get_item(self, **request: Any) -> dict[str, Any]:
            asked.append(request)
            return {}

    def client() -> DynamoDBClient:
        return cast("DynamoDBClient", Client())  # the one method the read calls

    assert DynamoSessions("table", client=client).get(7) is None
    assert asked == [
        {
            "TableName": "table",
            "Key": {"pk": {"S": "SESSION#7"}, "sk": {"S": "SESSION"}},
            "ConsistentRead": True,
        }
    ]
