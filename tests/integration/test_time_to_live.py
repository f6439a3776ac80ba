"""Short-lived items are written with a TTL (`expiresAt`, epoch seconds) in the near future, so
that DynamoDB forgets them: attempt windows (lockouts), the roster-import lease and the
idempotency records (answers kept for a replay, which may name pupils). moto never expires
them; these tests read what was written."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest

from shared.adapters import aws
from shared.adapters.dynamo import keys
from shared.adapters.dynamo.attempts import DynamoAttempts
from shared.adapters.dynamo.items import from_item
from shared.adapters.dynamo.students import DynamoStudents
from shared.domain.attempts import LOCKOUT_WINDOW, AttemptKind
from shared.domain.retention import IDEMPOTENCY_RETENTION
from shared.services.roster import IMPORT_LEASE
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, NOW, Api

# DynamoDB deletes expired items within days, not at once: the adapters add a small margin,
# and the conditions of their writes never rely on the deletion.
MARGIN = timedelta(hours=1)


def stored(stack: Settings, key: keys.ItemKey) -> dict[str, Any]:
    answer = aws.dynamodb().get_item(TableName=stack.table_name, Key=key.attributes())
    return from_item(answer["Item"])


def expires(item: dict[str, Any]) -> float:
    value = item["expiresAt"]
    assert isinstance(value, int), "the TTL attribute must be a number (epoch seconds)"
    return float(value)


@pytest.mark.parametrize("kind", list(AttemptKind))
def test_an_attempt_window_expires_soon_after_it_ends(stack: Settings, kind: AttemptKind) -> None:
    DynamoAttempts(stack.table_name, client=aws.dynamodb).reserve(kind, "subject-1", NOW)
    item = stored(stack, keys.attempts(kind, "subject-1"))
    window_end = (NOW + LOCKOUT_WINDOW).timestamp()
    assert window_end <= expires(item) <= window_end + MARGIN.total_seconds()


def test_the_import_lease_expires_soon_after_its_term(stack: Settings) -> None:
    # A crashed import never gives its lease back: the TTL removes it.
    students = DynamoStudents(stack.table_name, client=aws.dynamodb)
    assert students.lock_import("c-anne-frank", "holder-1", NOW, NOW + IMPORT_LEASE)
    item = stored(stack, keys.import_lease("c-anne-frank"))
    term = (NOW + IMPORT_LEASE).timestamp()
    assert term <= expires(item) <= term + MARGIN.total_seconds()


def test_an_idempotency_record_expires_after_a_day(demo: Settings, api: Api) -> None:
    # Powertools dates its records with the machine's clock, not the application's.
    before = time.time()
    created = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/sessions",
        {
            "address": "Collège Anne Frank",
            "room": "Salle 208",
            "date": "2026-12-14",
            "time": "12:00",
            "examiner": "Paul Eluard",
        },
        headers={"Idempotency-Key": "k-ttl"},
    )
    assert created.status_code == 201, created.body
    after = time.time()
    answer = aws.dynamodb().query(
        TableName=demo.table_name,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": keys.IDEMPOTENCY_PK}},
    )
    records = [from_item(item) for item in answer["Items"]]
    assert len(records) == 1
    kept = IDEMPOTENCY_RETENTION.total_seconds()
    assert before + kept - 1 <= expires(records[0]) <= after + kept + 1  # whole seconds
