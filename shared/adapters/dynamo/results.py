"""Certification results, in the session's item collection (one item per candidate)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, query_all
from shared.adapters.dynamo.items import from_item
from shared.domain.results import CertificationResult

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class DynamoResults:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def list_for_session(self, session_id: int) -> list[CertificationResult]:
        request = collection_request(self._table, keys.results_of(session_id))
        request["ConsistentRead"] = True
        items = query_all(self._client(), request)
        return [CertificationResult.model_validate(from_item(item)) for item in items]
