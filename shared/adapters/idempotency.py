"""Powertools idempotency records, kept in the application's table (their own partition,
`pk = IDEMPOTENCY`) and expired by the table's TTL attribute."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.adapters import aws

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer


def persistence_layer(table_name: str) -> DynamoDBPersistenceLayer:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(
        table_name=table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value="IDEMPOTENCY",
        expiry_attr="expiresAt",
        boto3_client=aws.dynamodb(),
    )
