"""Login and password flows (delegated to the identity provider) and "who am I"."""

from __future__ import annotations

from shared.domain.auth import (
    ForgotPasswordInput,
    LoginInput,
    NewPasswordInput,
    RefreshInput,
    ResetPasswordInput,
    Tokens,
    check_password_policy,
)
from shared.domain.people import Identity, Membership, UserProfile
from shared.domain.validation import require_text
from shared.services.dependencies import Dependencies


def login(deps: Dependencies, form: LoginInput) -> Tokens:
    require_text(form)
    return deps.identity_provider.login(normalize_email(form.email), form.password or "")


def complete_new_password(deps: Dependencies, form: NewPasswordInput) -> Tokens:
    require_text(form)
    new_password = form.new_password or ""
    check_password_policy(new_password)
    return deps.identity_provider.complete_new_password(
        normalize_email(form.email), form.session or "", new_password
    )


def refresh(deps: Dependencies, form: RefreshInput) -> Tokens:
    require_text(form)
    return deps.identity_provider.refresh(form.refresh_token or "")


def forgot_password(deps: Dependencies, form: ForgotPasswordInput) -> None:
    """Never tells whether the address exists: the provider's answer is not passed on."""
    require_text(form)
    deps.identity_provider.forgot_password(normalize_email(form.email))


def reset_password(deps: Dependencies, form: ResetPasswordInput) -> None:
    require_text(form)
    new_password = form.new_password or ""
    check_password_policy(new_password)
    deps.identity_provider.reset_password(
        normalize_email(form.email), (form.code or "").strip(), new_password
    )


def me(deps: Dependencies, identity: Identity) -> tuple[UserProfile, list[Membership]]:
    profile, memberships = deps.users.get_user(identity.user_id)
    if profile is None:
        profile = UserProfile(
            id=identity.user_id, email=identity.email, first_name="", last_name=""
        )
    return profile, sorted(memberships, key=lambda m: m.center.name)


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()
