"""Attempt windows (`AttemptRepository`): FakeAttempts and DynamoAttempts hold and give back
the same places in the same windows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.attempts import DynamoAttempts
from shared.domain.attempts import (
    LOCKOUT_WINDOW,
    MAX_FAILED_ATTEMPTS,
    AttemptKind,
    Lockout,
    Reservation,
)
from shared.services.ports import AttemptRepository
from tests.fakes import FakeAttempts
from tests.integration.contract import BACKENDS, NOW, stack_of

JOIN, LOGIN = AttemptKind.JOIN, AttemptKind.INVIGILATOR_LOGIN


@pytest.fixture(params=BACKENDS)
def attempts(request: pytest.FixtureRequest) -> AttemptRepository:
    stack = stack_of(request)
    if stack is None:
        return FakeAttempts()
    return DynamoAttempts(stack.table_name, client=aws.dynamodb)


def fill(attempts: AttemptRepository, kind: AttemptKind, subject: str) -> list[Reservation]:
    held = [attempts.reserve(kind, subject, NOW + timedelta(seconds=n)) for n in range(10)]
    assert all(isinstance(place, Reservation) for place in held)
    return [place for place in held if isinstance(place, Reservation)]


def test_ten_places_then_the_window_is_full_until_it_ends(attempts: AttemptRepository) -> None:
    places = fill(attempts, JOIN, "7")
    # Every place belongs to the window the first attempt opened.
    assert {place.window_start for place in places} == {NOW}
    full = attempts.reserve(JOIN, "7", NOW + timedelta(minutes=3))
    assert full == Lockout(window_start=NOW)
    # At its end, a new window opens with this attempt in it.
    later = NOW + LOCKOUT_WINDOW
    assert attempts.reserve(JOIN, "7", later) == Reservation(
        kind=JOIN, subject="7", window_start=later
    )


def test_a_place_given_back_can_be_taken_again(attempts: AttemptRepository) -> None:
    places = fill(attempts, JOIN, "7")
    attempts.release(places[0])
    again = attempts.reserve(JOIN, "7", NOW + timedelta(minutes=1))
    assert again == Reservation(kind=JOIN, subject="7", window_start=NOW)
    assert isinstance(attempts.reserve(JOIN, "7", NOW + timedelta(minutes=2)), Lockout)


def test_a_place_of_an_ended_window_is_not_given_to_the_new_one(
    attempts: AttemptRepository,
) -> None:
    old = fill(attempts, JOIN, "7")[0]
    later = NOW + LOCKOUT_WINDOW
    for n in range(MAX_FAILED_ATTEMPTS):
        assert isinstance(attempts.reserve(JOIN, "7", later + timedelta(seconds=n)), Reservation)
    attempts.release(old)  # the old window's place: nothing to give back now
    assert isinstance(attempts.reserve(JOIN, "7", later + timedelta(minutes=1)), Lockout)


def test_each_session_and_each_kind_has_its_own_window(attempts: AttemptRepository) -> None:
    fill(attempts, JOIN, "7")
    assert isinstance(attempts.reserve(JOIN, "7", NOW + timedelta(minutes=1)), Lockout)
    assert isinstance(attempts.reserve(JOIN, "8", NOW + timedelta(minutes=1)), Reservation)
    assert isinstance(attempts.reserve(LOGIN, "7", NOW + timedelta(minutes=1)), Reservation)


def test_the_window_ends_at_its_instant_to_the_microsecond(attempts: AttemptRepository) -> None:
    opened = NOW + timedelta(microseconds=500_000)
    for _ in range(MAX_FAILED_ATTEMPTS):
        attempts.reserve(JOIN, "7", opened)
    just_before = opened + LOCKOUT_WINDOW - timedelta(microseconds=1)
    assert isinstance(attempts.reserve(JOIN, "7", just_before), Lockout)
    assert isinstance(attempts.reserve(JOIN, "7", opened + LOCKOUT_WINDOW), Reservation)
