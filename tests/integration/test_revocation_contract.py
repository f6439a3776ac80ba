"""The revocation marks' store (`RevocationRepository`): FakeRevocations and DynamoRevocations
read back what was written, to the microsecond, and write only over the version read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.revocations import DynamoRevocations
from shared.domain.revocation import RecentRevocations
from shared.services.ports import RevocationRepository
from tests.fakes import FakeRevocations
from tests.integration.contract import BACKENDS, stack_of

NOW = datetime(2026, 12, 1, 8, 0, 0, 123_456, tzinfo=UTC)
ANNE = "0c5e1f3a-8a61-4a5e-9a43-2a8f6b1d7e10"
PAUL = "7d1b6c2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e"


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> RevocationRepository:
    stack = stack_of(request)
    if stack is None:
        return FakeRevocations()
    return DynamoRevocations(stack.table_name, client=aws.dynamodb)


def test_nothing_is_revoked_before_the_first_mark(store: RevocationRepository) -> None:
    assert store.read() == RecentRevocations(marks={}, version=0)


def test_marks_read_back_as_written_with_a_new_version(store: RevocationRepository) -> None:
    first = store.read().with_mark(ANNE, NOW, NOW)
    assert store.save(first)
    assert store.read() == RecentRevocations(marks={ANNE: NOW}, version=1)

    second = store.read().with_mark(PAUL, NOW + timedelta(minutes=3), NOW)
    assert store.save(second)
    assert store.read() == RecentRevocations(
        marks={ANNE: NOW, PAUL: NOW + timedelta(minutes=3)}, version=2
    )


def test_a_write_over_a_stale_version_is_refused(store: RevocationRepository) -> None:
    read_by_one = store.read()
    read_by_other = store.read()
    assert store.save(read_by_one.with_mark(ANNE, NOW, NOW))
    # The other writer read before the first wrote: its marks would lose Anne's.
    assert not store.save(read_by_other.with_mark(PAUL, NOW, NOW))
    assert store.read().marks == {ANNE: NOW}
    assert not store.save(read_by_one.with_mark(PAUL, NOW, NOW))
    assert store.save(store.read().with_mark(PAUL, NOW, NOW))
    assert set(store.read().marks) == {ANNE, PAUL}


def test_the_marks_may_all_expire(store: RevocationRepository) -> None:
    assert store.save(store.read().with_mark(ANNE, NOW, NOW))
    later = NOW + timedelta(hours=2)
    assert store.save(store.read().current(later))
    assert store.read() == RecentRevocations(marks={}, version=2)
