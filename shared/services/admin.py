"""Operators' use cases behind `certif-admin`: centers, users (and their access), Pix staff."""

from __future__ import annotations

from random import Random

from pydantic import BaseModel, ConfigDict

from shared.domain.errors import NotFound, RuleViolation
from shared.domain.people import (
    PIX_ADMIN_GROUP,
    Center,
    Membership,
    Role,
    UserProfile,
    normalize_email,
)
from shared.domain.revocation import Revocation
from shared.domain.session import MAX_TEXT_LENGTH
from shared.domain.student import Student, duplicates
from shared.services.dependencies import Dependencies
from shared.services.revocation import check_room, revoke

_TEMPORARY_PASSWORD_PARTS = (
    "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "abcdefghijkmnopqrstuvwxyz",
    "23456789",
    "!#%+-=?@",
)


class NewUser(BaseModel):
    """`certif-admin create-user`: a login, and a membership when a center is named."""

    model_config = ConfigDict(frozen=True)

    email: str
    first_name: str
    last_name: str
    center_id: str | None = None
    role: Role = Role.MEMBER
    temporary_password: str


class DedupeReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    examined: int
    removed: list[Student]


def dedupe_roster(deps: Dependencies, center_id: str, *, dry_run: bool = False) -> DedupeReport:
    """`certif-admin dedupe-roster`: remove the pupils that concurrent imports duplicated
    before imports took a lease. A copy that a session's candidates refer to is kept."""
    if deps.centers.get_center(center_id) is None:
        raise NotFound("CENTER_NOT_FOUND", f"Centre inconnu : {center_id}")
    roster = deps.students.list_center(center_id)
    referenced = frozenset(
        student_id
        for session in deps.sessions.list_for_center(center_id)
        for student_id in session.enrolled_student_ids
    )
    extra = duplicates(roster, referenced)
    if extra and not dry_run:
        deps.students.delete_many(center_id, [s.id for s in extra])
    return DedupeReport(examined=len(roster), removed=extra)


def create_center(deps: Dependencies, center: Center) -> Center:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(center.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RuleViolation(
            "INVALID_TIMEZONE", f"Fuseau horaire inconnu : {center.timezone}"
        ) from error
    if not center.name.strip() or len(center.name) > MAX_TEXT_LENGTH:
        raise RuleViolation(
            "INVALID_NAME",
            f"Le nom du centre est obligatoire ({MAX_TEXT_LENGTH} caractères au plus).",
        )
    deps.centers.put_center(center)
    return center


def generate_temporary_password(rng: Random) -> str:
    """16 characters with every class the pool's policy asks for."""
    chars = [rng.choice(part) for part in _TEMPORARY_PASSWORD_PARTS]
    alphabet = "".join(_TEMPORARY_PASSWORD_PARTS)
    chars += [rng.choice(alphabet) for _ in range(12)]
    rng.shuffle(chars)
    return "".join(chars)


def create_user(deps: Dependencies, new: NewUser) -> UserProfile:
    """Create the login (temporary password) and, given a center, the membership; an existing
    login only gets the new membership, so one person can belong to several centers."""
    email = normalize_email(new.email)
    center = deps.centers.get_center(new.center_id) if new.center_id is not None else None
    if new.center_id is not None and center is None:
        raise NotFound("CENTER_NOT_FOUND", f"Centre inconnu : {new.center_id}")
    idp = deps.identity_provider
    user_id = idp.find_user_id(email) or idp.create_user(
        email, new.first_name, new.last_name, new.temporary_password
    )
    profile = UserProfile(
        id=user_id, email=email, first_name=new.first_name, last_name=new.last_name
    )
    deps.users.put_profile(profile)
    if center is not None:
        existing = deps.users.get_membership(user_id, center.id)
        since = existing.since if existing is not None and existing.since else deps.clock()
        deps.users.put_membership(Membership.of(profile, center, new.role, since))
    return profile


class BackfillReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    users: int
    memberships: int
    updated: int
    profiles_created: int


def backfill_memberships(deps: Dependencies, *, dry_run: bool = False) -> BackfillReport:
    """`certif-admin backfill-memberships`: give the memberships written before the team
    screens their member's snapshot (address, names), which puts them in the team's index
    (GET /centers/{id}/members, the last-administrator rule). Every account of the user pool
    is visited (no table scan): its memberships are read with one Query and each one that
    lacks the snapshot, or holds a stale one, is updated — its role is left alone. A missing
    profile is written from the account's attributes. Safe to run again."""
    users = memberships = updated = created = 0
    for account in deps.identity_provider.list_users():
        users += 1
        profile, mine = deps.users.get_user(account.id)
        if profile is None:
            profile = account.model_copy(update={"email": normalize_email(account.email)})
            created += 1
            if not dry_run:
                deps.users.put_profile(profile)
        for membership in mine:
            memberships += 1
            refreshed = membership.with_profile(profile)
            if refreshed == membership:
                continue
            if dry_run or deps.users.put_member_snapshot(refreshed):
                updated += 1
    return BackfillReport(
        users=users, memberships=memberships, updated=updated, profiles_created=created
    )


def grant_pix_admin(deps: Dependencies, email: str) -> None:
    email = normalize_email(email)
    _existing_user(deps, email)
    deps.identity_provider.add_to_group(email, PIX_ADMIN_GROUP)


def disable_user(deps: Dependencies, email: str) -> Revocation:
    """`certif-admin disable-user`: the user can no longer sign in (Cognito), their refresh
    tokens are revoked (global sign-out), and the ID tokens they still hold are refused by
    every API container within REVOCATION_CACHE_MAX_AGE (their mark). The mark is written
    last, stamped after the sign-out: every token Cognito issued before is older than it."""
    email = normalize_email(email)
    user_id = _existing_user(deps, email)
    check_room(deps, user_id, deps.clock())
    deps.identity_provider.disable_user(email)
    deps.identity_provider.sign_out_everywhere(email)
    return revoke(deps, user_id, deps.clock())


def enable_user(deps: Dependencies, email: str) -> Revocation | None:
    """`certif-admin enable-user`: the user may sign in again. The tokens of before the
    disable stay refused until they would have expired: the mark still in force, if any."""
    email = normalize_email(email)
    user_id = _existing_user(deps, email)
    deps.identity_provider.enable_user(email)
    return deps.revocations.read().current(deps.clock()).mark_of(user_id)


def delete_user(deps: Dependencies, email: str) -> Revocation:
    """`certif-admin delete-user`: the Cognito account goes (and its refresh tokens with it);
    the ID tokens it still has out are refused as a disabled user's are. The mark is written
    first (TOO_MANY_REVOCATIONS refuses it before anything changes): a mark that could not
    be written leaves the account, so that running the command again still finds it."""
    email = normalize_email(email)
    user_id = _existing_user(deps, email)
    mark = revoke(deps, user_id, deps.clock())
    deps.identity_provider.delete_user(email)
    return mark


def _existing_user(deps: Dependencies, email: str) -> str:
    user_id = deps.identity_provider.find_user_id(email)
    if user_id is None:
        raise NotFound("USER_NOT_FOUND", f"Utilisateur inconnu : {email}")
    return user_id
