"""Access revoked at once: a user disabled or deleted in Cognito loses the API within a minute,
although the ID token they hold stays valid for up to an hour.

The API verifies Cognito's ID tokens itself (signature, expiry...): nothing asks Cognito on a
request, so Cognito's own "disabled" is not seen until the token expires. A **revocation mark**
per user ("revoked at") closes that gap: a token whose sign-in is not later than the mark is
refused. A mark is needed only as long as a token signed in before it can still be accepted
(the ID token's lifetime and some clock skew), so the marks of the last hour are few and all
of them fit in one small item that a Lambda container reads at most once per
REVOCATION_CACHE_MAX_AGE (docs/security.md, "Revocation")."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shared.domain.errors import Conflict
from shared.domain.people import Identity

# Mirrors the app client's IdTokenValidity in infra/template.json (a test keeps them equal).
ID_TOKEN_LIFETIME = timedelta(minutes=60)
# Cognito stamps the tokens, our functions (or an operator's machine) stamp the marks: two
# clocks. A mark is kept this much longer than a token can live.
CLOCK_SKEW = timedelta(minutes=5)
MARK_LIFETIME = ID_TOKEN_LIFETIME + CLOCK_SKEW
# How stale a container's copy of the marks may be: a revocation reaches every container
# within this time (plus the request under way), and a container reads the marks at most once
# per period — most requests pay nothing.
REVOCATION_CACHE_MAX_AGE = timedelta(seconds=30)
# The marks of one hour live in one DynamoDB item (400 KB at most, ~50 bytes a mark): far
# more revocations than a year of school staff changes brings, and a bound on what every
# container reads.
MAX_RECENT_REVOCATIONS = 2000


class AccountChange(StrEnum):
    """What happened to a Cognito account, as far as access is concerned."""

    DISABLED = "DISABLED"
    DELETED = "DELETED"


class Account(BaseModel):
    """A Cognito account as access sees it: its user id (`sub`), the address it signs in
    with, and whether it may sign in."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    email: str
    enabled: bool


class AccountEvent(BaseModel):
    """An account disabled or deleted outside `certif-admin` (the AWS console, the AWS CLI),
    as CloudTrail reported it: the names it gives the user (its `sub`, its username; hidden
    ones left out) and when it happened."""

    model_config = ConfigDict(frozen=True)

    change: AccountChange
    names: list[str]
    at: datetime | None = None


class Revocation(BaseModel):
    """A user's mark: tokens signed in until `revoked_at` (to the second) are refused."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    revoked_at: datetime

    @property
    def refused_until(self) -> datetime:
        """When the last token the mark refuses has expired anyway (and the mark goes)."""
        return self.revoked_at + MARK_LIFETIME


# A Cognito `sub`. In our pool (e-mail addresses as usernames) it is also the user's
# username: the name the AWS console gives a user it disables or deletes.
_USER_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_user_id(name: str) -> bool:
    return _USER_ID.fullmatch(name) is not None


class VerifiedToken(BaseModel):
    """A verified ID token: who it names, and when the sign-in it comes from happened (the
    earlier of its `auth_time` and `iat`; a refreshed token keeps its sign-in's `auth_time`)."""

    model_config = ConfigDict(frozen=True)

    identity: Identity
    signed_in_at: datetime


def signed_in_before(signed_in_at: datetime, revoked_at: datetime) -> bool:
    """Whether a token's sign-in may come before the revocation. Tokens tell the second only
    (`iat` is whole seconds): one of the revocation's own second may be from before it, so it
    is refused too — a new sign-in in that very second is refused, never an old one let in."""
    return int(signed_in_at.timestamp()) <= int(revoked_at.timestamp())


def mark_expired(revoked_at: datetime, now: datetime) -> bool:
    """No token signed in before `revoked_at` can still be accepted at `now`."""
    return now >= revoked_at + MARK_LIFETIME


class RecentRevocations(BaseModel):
    """The revocation marks that still matter, by user id, and the version they were read at
    (a new mark is written only over the version it was added to)."""

    model_config = ConfigDict(frozen=True)

    marks: dict[str, datetime] = Field(default_factory=dict)
    version: int = 0

    def mark_of(self, user_id: str) -> Revocation | None:
        revoked_at = self.marks.get(user_id)
        return None if revoked_at is None else Revocation(user_id=user_id, revoked_at=revoked_at)

    def revokes(self, token: VerifiedToken) -> bool:
        revoked_at = self.marks.get(token.identity.user_id)
        return revoked_at is not None and signed_in_before(token.signed_in_at, revoked_at)

    def current(self, now: datetime) -> RecentRevocations:
        """Without the marks that no longer refuse anything."""
        kept = {user: at for user, at in self.marks.items() if not mark_expired(at, now)}
        return self.model_copy(update={"marks": kept})

    def with_mark(self, user_id: str, revoked_at: datetime, now: datetime) -> RecentRevocations:
        """These marks and the user's, expired ones left out. A user marked already keeps the
        later of the two marks (it refuses every token the earlier one refuses)."""
        marks = dict(self.current(now).marks)
        if user_id not in marks and len(marks) >= MAX_RECENT_REVOCATIONS:
            raise too_many_revocations()
        marks[user_id] = max(revoked_at, marks.get(user_id, revoked_at))
        return self.model_copy(update={"marks": marks})


def too_many_revocations() -> Conflict:
    return Conflict(
        "TOO_MANY_REVOCATIONS",
        f"Plus de {MAX_RECENT_REVOCATIONS} comptes désactivés ou supprimés depuis une heure : "
        "réessayez dans quelques minutes.",
    )


def revocations_busy() -> Conflict:
    return Conflict(
        "REVOCATIONS_BUSY",
        "D'autres désactivations s'enregistrent en même temps : relancez la commande.",
    )
