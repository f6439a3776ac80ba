"""AWS clients, created on first use and cached.

Nothing here runs at import time: moto (tests, local stack) must be started before the first
client exists. `AWS_ENDPOINT_URL`, read by botocore itself, points every client at moto.

The clients are botocore's own, from one botocore session: boto3 adds nothing the application
uses (its resources, S3 transfer methods and DynamoDB conditions are not used; presigned URLs
and posts are botocore's), while importing it costs a cold start some 20 to 40 ms more than
botocore alone (boto3's package imports s3transfer, multiprocessing and concurrent.futures).
boto3's session only hands over to botocore's: region, credentials, `AWS_ENDPOINT_URL` and
the clients themselves are the same (only the User-Agent no longer names boto3).

Adapters never call these: the composition roots hand them the functions themselves
(`DynamoSessions(table, client=aws.dynamodb)`), which adapters call when they send a request,
so a Lambda container creates only the clients of the routes it serves.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from botocore.config import Config
from botocore.session import Session

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_secretsmanager import SecretsManagerClient
    from mypy_boto3_sesv2 import SESV2Client
    from mypy_boto3_sns import SNSClient

_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 3},
    connect_timeout=3,
    read_timeout=10,
)
_request_hooks: list[Callable[..., Any]] = []


def use_config(config: Config) -> None:
    """Replace the clients' configuration (timeouts, retries), e.g. the benchmark's: moto on a
    busy machine may take longer than 10 s to answer, and a retry would redo moto's work on
    top of the attempt still running. Forgets the clients made with the previous one."""
    global _CONFIG  # noqa: PLW0603 - the one configuration of the process's clients
    _CONFIG = config
    reset()


@lru_cache(maxsize=1)
def _session() -> Session:
    session = Session()
    for hook in _request_hooks:
        session.register("before-send", hook)
    return session


@cache
def _client(service: str) -> Any:
    return _session().create_client(service, config=_CONFIG)


def dynamodb() -> DynamoDBClient:
    client: DynamoDBClient = _client("dynamodb")
    return client


def cognito() -> CognitoIdentityProviderClient:
    client: CognitoIdentityProviderClient = _client("cognito-idp")
    return client


def s3() -> S3Client:
    client: S3Client = _client("s3")
    return client


def secrets_manager() -> SecretsManagerClient:
    client: SecretsManagerClient = _client("secretsmanager")
    return client


def sns() -> SNSClient:
    client: SNSClient = _client("sns")
    return client


def sesv2() -> SESV2Client:
    client: SESV2Client = _client("sesv2")
    return client


def cloudformation() -> BaseClient:
    client: BaseClient = _client("cloudformation")
    return client


def on_request(hook: Callable[..., Any]) -> None:
    """Call `hook(request=..., **kwargs)` before each HTTP request to AWS (the benchmark's
    request counter). Must be installed before the first client is created."""
    _request_hooks.append(hook)
    if _session.cache_info().currsize:
        reset()


def reset() -> None:
    """Forget every client, e.g. after the endpoint or the credentials changed."""
    _client.cache_clear()
    _session.cache_clear()
