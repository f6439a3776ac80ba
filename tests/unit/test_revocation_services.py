"""Revoking access on fakes: the operators' `disable-user`, `enable-user`, `delete-user`; the
check of every request with a container's copy of the marks (read at most once per period);
accounts disabled or deleted in the AWS console, as CloudTrail reports them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.domain.errors import Conflict, NotFound, Unauthenticated
from shared.domain.people import Identity
from shared.domain.revocation import (
    MARK_LIFETIME,
    MAX_RECENT_REVOCATIONS,
    REVOCATION_CACHE_MAX_AGE,
    AccountChange,
    AccountEvent,
    RecentRevocations,
    VerifiedToken,
)
from shared.services import admin, revocation
from shared.services.dependencies import Dependencies
from shared.services.revocation import RevocationCache
from tests.fake_dependencies import FakeAccounts, Fakes
from tests.unit.given import NOW

ANNE = "0c5e1f3a-8a61-4a5e-9a43-2a8f6b1d7e10"
ANNE_EMAIL = "anne.durand@anne-frank.test"
PAUL = "7d1b6c2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e"
PAUL_EMAIL = "paul.eluard@anne-frank.test"
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)


@pytest.fixture
def accounts() -> FakeAccounts:
    accounts = FakeAccounts()
    accounts.add(ANNE_EMAIL, ANNE)
    accounts.add(PAUL_EMAIL, PAUL)
    return accounts


@pytest.fixture
def deps(fakes: Fakes, accounts: FakeAccounts) -> Dependencies:
    return fakes.dependencies(identity_provider=accounts)


def token(user_id: str, signed_in_at: timedelta) -> VerifiedToken:
    """A verified token of `user_id`, signed in at NOW + `signed_in_at`."""
    identity = Identity(user_id=user_id, email="someone@anne-frank.test")
    return VerifiedToken(identity=identity, signed_in_at=NOW + signed_in_at)


# --- certif-admin disable-user / enable-user / delete-user ----------------------------------


def test_disabling_a_user_disables_signs_out_and_marks_them(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    mark = admin.disable_user(deps, "  Anne.Durand@Anne-Frank.test ")

    assert accounts.calls == [("disable", ANNE_EMAIL), ("sign-out", ANNE_EMAIL)]
    assert accounts.accounts[ANNE_EMAIL].enabled is False
    assert fakes.revocations.stored.marks == {ANNE: NOW}
    assert (mark.user_id, mark.revoked_at, mark.refused_until) == (ANNE, NOW, NOW + MARK_LIFETIME)


def test_disabling_an_unknown_address_changes_nothing(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    with pytest.raises(NotFound) as caught:
        admin.disable_user(deps, "nobody@anne-frank.test")
    assert caught.value.code == "USER_NOT_FOUND"
    assert "nobody@anne-frank.test" in caught.value.message
    assert accounts.calls == []
    assert fakes.revocations.stored == RecentRevocations()


def test_a_disable_beyond_the_bound_is_refused_before_cognito_is_asked(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    fakes.revocations.stored = RecentRevocations(
        marks={f"user-{n}": NOW for n in range(MAX_RECENT_REVOCATIONS)}
    )
    with pytest.raises(Conflict) as caught:
        admin.disable_user(deps, ANNE_EMAIL)
    assert caught.value.code == "TOO_MANY_REVOCATIONS"
    assert accounts.calls == []
    assert accounts.accounts[ANNE_EMAIL].enabled


def test_a_mark_lost_to_a_concurrent_writer_is_written_again(
    deps: Dependencies, fakes: Fakes
) -> None:
    fakes.revocations.stored = RecentRevocations().with_mark(PAUL, NOW - MINUTE, NOW)
    fakes.revocations.races = 2  # two other disables come first

    admin.disable_user(deps, ANNE_EMAIL)

    assert fakes.revocations.stored.marks == {PAUL: NOW - MINUTE, ANNE: NOW}


def test_a_mark_that_keeps_losing_says_to_run_the_command_again(
    deps: Dependencies, fakes: Fakes
) -> None:
    fakes.revocations.races = 100
    with pytest.raises(Conflict) as caught:
        admin.disable_user(deps, ANNE_EMAIL)
    assert caught.value.code == "REVOCATIONS_BUSY"
    assert "relancez" in caught.value.message


def test_enabling_lets_new_sign_ins_in_and_keeps_the_old_tokens_out(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    admin.disable_user(deps, ANNE_EMAIL)
    fakes.clock.now = NOW + 10 * MINUTE

    mark = admin.enable_user(deps, ANNE_EMAIL)

    assert accounts.calls[-1] == ("enable", ANNE_EMAIL)
    assert accounts.accounts[ANNE_EMAIL].enabled
    assert mark is not None and mark.revoked_at == NOW
    stored = fakes.revocations.stored
    assert stored.revokes(token(ANNE, -5 * MINUTE))
    assert not stored.revokes(token(ANNE, 11 * MINUTE))


def test_enabling_a_user_whose_mark_is_gone_says_so(
    deps: Dependencies, accounts: FakeAccounts
) -> None:
    assert admin.enable_user(deps, PAUL_EMAIL) is None
    with pytest.raises(NotFound):
        admin.enable_user(deps, "nobody@anne-frank.test")


def test_deleting_a_user_marks_them_too(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    mark = admin.delete_user(deps, PAUL_EMAIL)

    assert accounts.calls == [("delete", PAUL_EMAIL)]
    assert PAUL_EMAIL not in accounts.accounts
    assert fakes.revocations.stored.marks == {PAUL: NOW}
    assert mark.user_id == PAUL


def test_a_delete_whose_mark_cannot_be_written_keeps_the_account_to_run_again(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    # Given other writers keep coming first: the mark cannot be written
    fakes.revocations.races = 100
    with pytest.raises(Conflict):
        admin.delete_user(deps, PAUL_EMAIL)
    assert accounts.calls == [] and PAUL_EMAIL in accounts.accounts

    # Run again once they are done: the account goes, its tokens are refused
    fakes.revocations.races = 0
    mark = admin.delete_user(deps, PAUL_EMAIL)
    assert PAUL_EMAIL not in accounts.accounts
    assert mark.user_id == PAUL and fakes.revocations.stored.marks == {PAUL: NOW}


def test_a_delete_beyond_the_bound_is_refused_before_cognito_is_asked(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    fakes.revocations.stored = RecentRevocations(
        marks={f"user-{n}": NOW for n in range(MAX_RECENT_REVOCATIONS)}
    )
    with pytest.raises(Conflict) as caught:
        admin.delete_user(deps, ANNE_EMAIL)
    assert caught.value.code == "TOO_MANY_REVOCATIONS"
    assert accounts.calls == [] and ANNE_EMAIL in accounts.accounts


# --- every request: the container's copy of the marks -----------------------------------------


def test_a_revoked_token_is_refused_once_the_containers_copy_is_renewed(
    deps: Dependencies, fakes: Fakes
) -> None:
    cache = RevocationCache()
    old_token = token(ANNE, -20 * MINUTE)
    revocation.ensure_not_revoked(deps, cache, old_token)  # the container reads the marks

    admin.disable_user(deps, ANNE_EMAIL)
    fakes.clock.now = NOW + REVOCATION_CACHE_MAX_AGE - SECOND
    revocation.ensure_not_revoked(deps, cache, old_token)  # its copy is still fresh

    fakes.clock.now = NOW + REVOCATION_CACHE_MAX_AGE
    with pytest.raises(Unauthenticated) as caught:
        revocation.ensure_not_revoked(deps, cache, old_token)
    assert caught.value.code == "UNAUTHENTICATED"
    # Others, and Anne once she signs in again after being enabled, go on.
    revocation.ensure_not_revoked(deps, cache, token(PAUL, -20 * MINUTE))
    revocation.ensure_not_revoked(deps, cache, token(ANNE, REVOCATION_CACHE_MAX_AGE))


def test_the_marks_are_read_at_most_once_per_period(deps: Dependencies, fakes: Fakes) -> None:
    cache = RevocationCache()
    for second in range(90):
        fakes.clock.now = NOW + second * SECOND
        revocation.ensure_not_revoked(deps, cache, token(PAUL, -MINUTE))
    assert fakes.revocations.reads == 3  # at 0 s, 30 s and 60 s


def test_a_clock_set_back_renews_the_copy(deps: Dependencies, fakes: Fakes) -> None:
    cache = RevocationCache()
    revocation.ensure_not_revoked(deps, cache, token(PAUL, -MINUTE))
    fakes.clock.now = NOW - MINUTE
    revocation.ensure_not_revoked(deps, cache, token(PAUL, -2 * MINUTE))
    assert fakes.revocations.reads == 2


def test_a_mark_stops_refusing_once_every_token_it_refused_has_expired(
    deps: Dependencies, fakes: Fakes
) -> None:
    cache = RevocationCache()
    admin.disable_user(deps, ANNE_EMAIL)
    fakes.clock.now = NOW + MARK_LIFETIME
    # Such a token would have expired long ago; the check no longer holds the mark.
    assert cache.current(deps).marks == {}


# --- the AWS console: CloudTrail's AdminDisableUser / AdminDeleteUser --------------------------


def test_a_console_disable_marks_the_user_at_the_events_time_and_signs_them_out(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    accounts.disable_user(ANNE_EMAIL)  # in the console, a minute ago
    accounts.calls.clear()
    fakes.clock.now = NOW + MINUTE
    event = AccountEvent(change=AccountChange.DISABLED, names=[ANNE], at=NOW)

    mark = revocation.record_account_change(deps, event)

    assert mark is not None and (mark.user_id, mark.revoked_at) == (ANNE, NOW)
    assert fakes.revocations.stored.marks == {ANNE: NOW}
    assert accounts.calls == [("sign-out", ANNE_EMAIL)]


def test_a_console_disable_named_by_address_is_found_too(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    accounts.disable_user(PAUL_EMAIL)
    event = AccountEvent(change=AccountChange.DISABLED, names=[PAUL_EMAIL], at=NOW)
    mark = revocation.record_account_change(deps, event)
    assert mark is not None and mark.user_id == PAUL


def test_a_user_enabled_again_before_the_event_arrives_keeps_their_new_session(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    fakes.clock.now = NOW + 3 * MINUTE  # disabled at NOW, enabled since (Anne is enabled)
    event = AccountEvent(change=AccountChange.DISABLED, names=[ANNE], at=NOW)

    revocation.record_account_change(deps, event)

    assert accounts.calls == []  # no sign-out
    assert fakes.revocations.stored.revokes(token(ANNE, -MINUTE))
    assert not fakes.revocations.stored.revokes(token(ANNE, 2 * MINUTE))


def test_a_console_delete_is_marked_by_the_users_id(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    accounts.delete_user(PAUL_EMAIL)
    accounts.calls.clear()
    event = AccountEvent(change=AccountChange.DELETED, names=[PAUL], at=NOW)

    mark = revocation.record_account_change(deps, event)

    assert mark is not None and mark.user_id == PAUL
    assert fakes.revocations.stored.marks == {PAUL: NOW}
    assert accounts.calls == []


@pytest.mark.parametrize(
    "event",
    [
        # A deleted account named by its address only: the address may be someone's now.
        AccountEvent(change=AccountChange.DELETED, names=["gone@anne-frank.test"], at=NOW),
        AccountEvent(change=AccountChange.DISABLED, names=["nobody@anne-frank.test"], at=NOW),
        AccountEvent(change=AccountChange.DISABLED, names=[], at=NOW),
        # Older than any token still valid: nothing left to refuse.
        AccountEvent(change=AccountChange.DISABLED, names=[ANNE], at=NOW - MARK_LIFETIME),
    ],
    ids=["deleted, by address", "unknown", "no name", "too old"],
)
def test_an_event_that_names_nobody_or_comes_too_late_writes_nothing(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts, event: AccountEvent
) -> None:
    assert revocation.record_account_change(deps, event) is None
    assert fakes.revocations.stored == RecentRevocations()
    assert accounts.calls == []


def test_an_event_without_a_time_is_marked_with_the_clock(
    deps: Dependencies, fakes: Fakes, accounts: FakeAccounts
) -> None:
    accounts.delete_user(PAUL_EMAIL)
    fakes.clock.now = NOW + MINUTE
    event = AccountEvent(change=AccountChange.DELETED, names=[PAUL])
    mark = revocation.record_account_change(deps, event)
    assert mark is not None and mark.revoked_at == NOW + MINUTE
