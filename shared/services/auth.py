"""Login and password flows (delegated to the identity provider) and "who am I"."""

from __future__ import annotations

from shared.domain.auth import Tokens, check_password_policy
from shared.domain.people import Identity, Membership, UserProfile
from shared.services.ports import IdentityProvider, UserRepository


def login(idp: IdentityProvider, email: str, password: str) -> Tokens:
    return idp.login(normalize_email(email), password)


def complete_new_password(
    idp: IdentityProvider, email: str, session: str, new_password: str
) -> Tokens:
    check_password_policy(new_password)
    return idp.complete_new_password(normalize_email(email), session, new_password)


def refresh(idp: IdentityProvider, refresh_token: str) -> Tokens:
    return idp.refresh(refresh_token)


def forgot_password(idp: IdentityProvider, email: str) -> None:
    """Never tells whether the address exists: the provider's answer is not passed on."""
    idp.forgot_password(normalize_email(email))


def reset_password(idp: IdentityProvider, email: str, code: str, new_password: str) -> None:
    check_password_policy(new_password)
    idp.reset_password(normalize_email(email), code.strip(), new_password)


def me(users: UserRepository, identity: Identity) -> tuple[UserProfile, list[Membership]]:
    profile, memberships = users.get_user(identity.user_id)
    if profile is None:
        profile = UserProfile(
            id=identity.user_id, email=identity.email, first_name="", last_name=""
        )
    return profile, sorted(memberships, key=lambda m: m.center.name)


def normalize_email(email: str) -> str:
    return email.strip().lower()
