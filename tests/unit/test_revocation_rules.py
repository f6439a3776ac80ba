"""The revocation rules: which tokens a mark refuses, how long a mark is kept, how marks add
up (shared/domain/revocation.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.adapters.dynamo import keys
from shared.domain.errors import Conflict
from shared.domain.people import Identity
from shared.domain.revocation import (
    ID_TOKEN_LIFETIME,
    MARK_LIFETIME,
    MAX_RECENT_REVOCATIONS,
    RecentRevocations,
    VerifiedToken,
    is_user_id,
    mark_expired,
    signed_in_before,
)

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "template.json"
REVOKED_AT = datetime(2026, 12, 1, 8, 0, 0, 400_000, tzinfo=UTC)  # 08:00:00.4
SECOND = timedelta(seconds=1)
ANNE = "0c5e1f3a-8a61-4a5e-9a43-2a8f6b1d7e10"
PAUL = "7d1b6c2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e"


def token(user_id: str, signed_in_at: datetime) -> VerifiedToken:
    identity = Identity(user_id=user_id, email="someone@anne-frank.test")
    return VerifiedToken(identity=identity, signed_in_at=signed_in_at)


def test_a_token_signed_in_before_the_mark_is_refused() -> None:
    assert signed_in_before(REVOKED_AT - timedelta(minutes=59), REVOKED_AT)
    assert signed_in_before(REVOKED_AT - SECOND, REVOKED_AT)


def test_a_token_of_the_marks_own_second_is_refused_as_it_may_be_older() -> None:
    # iat says 08:00:00: it may have been issued at 08:00:00.1, before the mark.
    assert signed_in_before(datetime(2026, 12, 1, 8, 0, 0, tzinfo=UTC), REVOKED_AT)
    assert signed_in_before(datetime(2026, 12, 1, 8, 0, 0, 900_000, tzinfo=UTC), REVOKED_AT)


def test_a_sign_in_after_the_mark_is_accepted() -> None:
    assert not signed_in_before(datetime(2026, 12, 1, 8, 0, 1, tzinfo=UTC), REVOKED_AT)
    assert not signed_in_before(REVOKED_AT + timedelta(minutes=5), REVOKED_AT)


def test_a_mark_is_kept_as_long_as_a_token_signed_in_before_it_can_live() -> None:
    assert ID_TOKEN_LIFETIME + timedelta(minutes=1) <= MARK_LIFETIME
    assert not mark_expired(REVOKED_AT, REVOKED_AT + ID_TOKEN_LIFETIME)
    assert not mark_expired(REVOKED_AT, REVOKED_AT + MARK_LIFETIME - SECOND)
    assert mark_expired(REVOKED_AT, REVOKED_AT + MARK_LIFETIME)


def test_the_token_lifetime_is_the_app_clients() -> None:
    client = json.loads(TEMPLATE.read_text())["Resources"]["UserPoolClient"]["Properties"]
    assert client["TokenValidityUnits"]["IdToken"] == "minutes"
    assert timedelta(minutes=client["IdTokenValidity"]) == ID_TOKEN_LIFETIME


def test_marks_refuse_only_their_users_older_tokens() -> None:
    marks = RecentRevocations().with_mark(ANNE, REVOKED_AT, REVOKED_AT)
    assert marks.revokes(token(ANNE, REVOKED_AT - timedelta(minutes=10)))
    assert not marks.revokes(token(ANNE, REVOKED_AT + timedelta(minutes=1)))
    assert not marks.revokes(token(PAUL, REVOKED_AT - timedelta(minutes=10)))
    assert RecentRevocations().mark_of(ANNE) is None
    mark = marks.mark_of(ANNE)
    assert mark is not None and mark.refused_until == REVOKED_AT + MARK_LIFETIME


def test_a_new_mark_leaves_the_expired_ones_out_and_keeps_the_later_of_two() -> None:
    later = REVOKED_AT + timedelta(minutes=20)
    marks = RecentRevocations().with_mark(ANNE, REVOKED_AT, REVOKED_AT)
    marks = marks.with_mark(ANNE, later, later)
    assert marks.marks == {ANNE: later}
    # An event that arrives late brings the earlier mark: the later one stays.
    assert marks.with_mark(ANNE, REVOKED_AT, later).marks == {ANNE: later}
    much_later = later + MARK_LIFETIME
    assert marks.with_mark(PAUL, much_later, much_later).marks == {PAUL: much_later}
    assert marks.current(much_later).marks == {}


def test_the_marks_of_an_hour_are_bounded() -> None:
    full = RecentRevocations(
        marks={f"user-{n}": REVOKED_AT for n in range(MAX_RECENT_REVOCATIONS)}, version=3
    )
    with pytest.raises(Conflict) as caught:
        full.with_mark(ANNE, REVOKED_AT, REVOKED_AT)
    assert caught.value.code == "TOO_MANY_REVOCATIONS"
    # A user marked already is marked again; once the oldest expire, there is room.
    assert full.with_mark("user-1", REVOKED_AT, REVOKED_AT).version == 3
    later = REVOKED_AT + MARK_LIFETIME
    assert full.with_mark(ANNE, later, later).marks == {ANNE: later}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (ANNE, True),
        ("admin@anne-frank.test", False),
        ("HIDDEN_DUE_TO_SECURITY_REASONS", False),
        (ANNE.upper(), False),
        (ANNE + "x", False),
        ("", False),
    ],
)
def test_a_user_id_is_a_cognito_sub(name: str, expected: bool) -> None:
    assert is_user_id(name) is expected


def test_the_recorders_role_reaches_the_marks_item_and_nothing_else_of_the_table() -> None:
    role = json.loads(TEMPLATE.read_text())["Resources"]["AccountChangeRecorderRole"]
    [policy] = role["Properties"]["Policies"]
    [table] = [s for s in policy["PolicyDocument"]["Statement"] if s["Sid"] == "RevocationMarks"]
    assert table["Condition"] == {
        "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [keys.revocations().pk]}
    }
