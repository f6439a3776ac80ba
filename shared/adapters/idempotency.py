"""Powertools idempotency records, kept in the application's table (their own partition,
`pk = IDEMPOTENCY`) and expired by the table's TTL attribute."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shared.adapters.dynamo import keys

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
    from mypy_boto3_dynamodb import DynamoDBClient


def persistence_layer(
    table_name: str, *, client: Callable[[], DynamoDBClient]
) -> DynamoDBPersistenceLayer:
    """Powertools takes a client, not a provider: the client exists once the layer is built,
    which the composition root does on the first request that needs it."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(
        table_name=table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=keys.IDEMPOTENCY_PK,
        expiry_attr="expiresAt",
        boto3_client=client(),
    )
