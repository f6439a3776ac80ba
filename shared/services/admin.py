"""Operators' use cases behind `certif-admin`: centers, users, Pix staff."""

from __future__ import annotations

from random import Random

from shared.domain.errors import NotFound, RuleViolation
from shared.domain.people import PIX_ADMIN_GROUP, Center, Membership, Role, UserProfile
from shared.domain.session import MAX_TEXT_LENGTH
from shared.services.auth import normalize_email
from shared.services.ports import CenterRepository, IdentityProvider, UserRepository

_TEMPORARY_PASSWORD_PARTS = (
    "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "abcdefghijkmnopqrstuvwxyz",
    "23456789",
    "!#%+-=?@",
)


def create_center(centers: CenterRepository, center: Center) -> Center:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(center.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RuleViolation(
            "INVALID_TIMEZONE", f"Fuseau horaire inconnu : {center.timezone}"
        ) from error
    if not center.name.strip() or len(center.name) > MAX_TEXT_LENGTH:
        raise RuleViolation(
            "INVALID_NAME", "Le nom du centre est obligatoire (255 caractères au plus)."
        )
    centers.put_center(center)
    return center


def generate_temporary_password(rng: Random) -> str:
    """16 characters with every class the pool's policy asks for."""
    chars = [rng.choice(part) for part in _TEMPORARY_PASSWORD_PARTS]
    alphabet = "".join(_TEMPORARY_PASSWORD_PARTS)
    chars += [rng.choice(alphabet) for _ in range(12)]
    rng.shuffle(chars)
    return "".join(chars)


def create_user(
    idp: IdentityProvider,
    users: UserRepository,
    centers: CenterRepository,
    email: str,
    first_name: str,
    last_name: str,
    center_id: str | None,
    role: Role,
    temporary_password: str,
) -> UserProfile:
    """Create the login (temporary password) and, given a center, the membership; an existing
    login only gets the new membership, so one person can belong to several centers."""
    email = normalize_email(email)
    center = centers.get_center(center_id) if center_id is not None else None
    if center_id is not None and center is None:
        raise NotFound("CENTER_NOT_FOUND", f"Centre inconnu : {center_id}")
    user_id = idp.find_user_id(email) or idp.create_user(
        email, first_name, last_name, temporary_password
    )
    profile = UserProfile(id=user_id, email=email, first_name=first_name, last_name=last_name)
    users.put_profile(profile)
    if center is not None:
        users.put_membership(Membership(user_id=user_id, role=role, center=center))
    return profile


def grant_pix_admin(idp: IdentityProvider, email: str) -> None:
    email = normalize_email(email)
    if idp.find_user_id(email) is None:
        raise NotFound("USER_NOT_FOUND", f"Utilisateur inconnu : {email}")
    idp.add_to_group(email, PIX_ADMIN_GROUP)
