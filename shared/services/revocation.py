"""Access revoked within a minute (shared/domain/revocation.py): writing a user's mark,
checking every request's token against the marks (a container's copy, read at most once per
REVOCATION_CACHE_MAX_AGE), and marking the accounts disabled or deleted in the AWS console.

The operators' commands (`certif-admin disable-user`, `enable-user`, `delete-user`) are in
shared/services/admin.py and write their marks here."""

from __future__ import annotations

from datetime import datetime

from shared.domain import errors
from shared.domain.revocation import (
    REVOCATION_CACHE_MAX_AGE,
    Account,
    AccountChange,
    AccountEvent,
    RecentRevocations,
    Revocation,
    VerifiedToken,
    is_user_id,
    mark_expired,
    revocations_busy,
)
from shared.services.dependencies import Dependencies

# Marks are written rarely; losing a few races in a row means many disables at once.
_WRITE_ROUNDS = 5


def revoke(deps: Dependencies, user_id: str, revoked_at: datetime) -> Revocation:
    """Add the user's mark to the stored ones (read, add, write over the version read; again
    if another writer came first)."""
    for _ in range(_WRITE_ROUNDS):
        stored = deps.revocations.read()
        marked = stored.with_mark(user_id, revoked_at, deps.clock())
        if deps.revocations.save(marked):
            return Revocation(user_id=user_id, revoked_at=marked.marks[user_id])
    raise revocations_busy()


def check_room(deps: Dependencies, user_id: str, revoked_at: datetime) -> None:
    """Refuse now (TOO_MANY_REVOCATIONS) a mark that could not be written, before Cognito is
    asked to disable anyone."""
    deps.revocations.read().with_mark(user_id, revoked_at, deps.clock())


class RevocationCache:
    """A Lambda container's copy of the marks, read again once older than
    REVOCATION_CACHE_MAX_AGE (by the use cases' clock): at most one read per period per
    container, whatever the traffic. One per API container (functions/wiring.py)."""

    def __init__(self) -> None:
        self._copy: tuple[datetime, RecentRevocations] | None = None

    def current(self, deps: Dependencies) -> RecentRevocations:
        now = deps.clock()
        copy = self._copy
        # A clock set back (a test, a correction) renews the copy rather than trusting it.
        if copy is None or not copy[0] <= now < copy[0] + REVOCATION_CACHE_MAX_AGE:
            copy = (now, deps.revocations.read().current(now))
            self._copy = copy
        return copy[1]


def ensure_not_revoked(deps: Dependencies, cache: RevocationCache, token: VerifiedToken) -> None:
    """401, as for any invalid token, when the token's user was disabled or deleted after it
    was signed in. Called once the token is verified: a forged token costs no read."""
    if cache.current(deps).revokes(token):
        raise errors.unauthenticated()


def record_account_change(deps: Dependencies, event: AccountEvent) -> Revocation | None:
    """An account disabled or deleted outside our commands (the AWS console): mark it at the
    event's time, and sign a still-disabled user out of every device. None when the event
    names nobody we can identify, or came too late to matter."""
    now = deps.clock()
    revoked_at = event.at or now
    if mark_expired(revoked_at, now):
        return None
    found = _account(deps, event) if event.change is AccountChange.DISABLED else None
    user_id = found.user_id if found else next(filter(is_user_id, event.names), None)
    if user_id is None:
        return None
    mark = revoke(deps, user_id, revoked_at)
    if found is not None and not found.enabled:
        deps.identity_provider.sign_out_everywhere(found.email)
    return mark


def _account(deps: Dependencies, event: AccountEvent) -> Account | None:
    """The account a disable names, by `sub` or address. A deleted account is gone: only its
    `sub` names it then (an address may be someone else's by now)."""
    for name in event.names:
        account = deps.identity_provider.find_account(name)
        if account is not None:
            return account
    return None
