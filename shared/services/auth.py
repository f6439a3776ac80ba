"""Login and password flows (delegated to the identity provider) and "who am I"."""

from __future__ import annotations

from shared.domain.attempts import (
    AttemptKind,
    Lockout,
    Reservation,
    address_subject,
    too_many_attempts,
)
from shared.domain.auth import (
    INVALID_CREDENTIALS,
    ForgotPasswordInput,
    LoginInput,
    NewPasswordInput,
    RefreshInput,
    ResetPasswordInput,
    Tokens,
    check_password_policy,
)
from shared.domain.errors import DomainError
from shared.domain.people import Identity, Membership, UserProfile, normalize_email
from shared.domain.validation import require_text
from shared.services.dependencies import Dependencies


def login(deps: Dependencies, form: LoginInput, client_address: str | None) -> Tokens:
    """Failed logins are counted per e-mail address (whether it exists or not: the answer is
    the same) and per client address (one password tried against many accounts); a full
    window answers 429 before Cognito is asked. Cognito's own lockout stays behind."""
    require_text(form)
    email = normalize_email(form.email)
    now = deps.clock()
    subjects = [(AttemptKind.ACCOUNT_LOGIN, address_subject(email))]
    if client_address:
        subjects.append((AttemptKind.LOGIN_SOURCE, client_address))
    places: list[Reservation] = []
    for kind, subject in subjects:
        place = deps.attempts.reserve(kind, subject, now)
        if isinstance(place, Lockout):
            _give_back(deps, places)
            raise too_many_attempts(place, now)
        places.append(place)
    try:
        tokens = deps.identity_provider.login(email, form.password or "")
    except DomainError as refused:
        if refused.code != INVALID_CREDENTIALS:
            _give_back(deps, places)  # a temporary password to change is no failed guess
        raise
    _give_back(deps, places)
    return tokens


def _give_back(deps: Dependencies, places: list[Reservation]) -> None:
    for place in places:
        deps.attempts.release(place)


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
