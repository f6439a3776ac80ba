"""Tokens handed to the browser, and the password rules shown to users."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from shared.domain.errors import Conflict, RuleViolation, Unauthenticated

# Mirrors the user pool's PasswordPolicy in infra/template.json (a test keeps them equal): the
# check here gives the French message before any call, and holds where moto does not check.
PASSWORD_MIN_LENGTH = 12
PASSWORD_SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")

PASSWORD_POLICY_MESSAGE = (
    f"Le mot de passe doit contenir au moins {PASSWORD_MIN_LENGTH} caractères, dont une majuscule, "
    "une minuscule, un chiffre et un caractère spécial."
)


EMAIL_REQUIRED = "Veuillez indiquer votre adresse e-mail."
NEW_PASSWORD_REQUIRED = "Veuillez choisir un nouveau mot de passe."


class LoginInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str | None = None
    password: str | None = None

    REQUIRED: ClassVar[dict[str, str]] = {
        "email": EMAIL_REQUIRED,
        "password": "Veuillez indiquer votre mot de passe.",
    }


class NewPasswordInput(BaseModel):
    """The first login's new password, with the challenge `session` of the login."""

    model_config = ConfigDict(frozen=True)

    email: str | None = None
    session: str | None = None
    new_password: str | None = None

    REQUIRED: ClassVar[dict[str, str]] = {
        "email": EMAIL_REQUIRED,
        "session": "La session de connexion est manquante. Veuillez vous reconnecter.",
        "new_password": NEW_PASSWORD_REQUIRED,
    }


class RefreshInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    refresh_token: str | None = None

    REQUIRED: ClassVar[dict[str, str]] = {
        "refresh_token": "Le jeton de renouvellement est manquant. Veuillez vous reconnecter."
    }


class ForgotPasswordInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str | None = None

    REQUIRED: ClassVar[dict[str, str]] = {"email": EMAIL_REQUIRED}


class ResetPasswordInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str | None = None
    code: str | None = None
    new_password: str | None = None

    REQUIRED: ClassVar[dict[str, str]] = {
        "email": EMAIL_REQUIRED,
        "code": "Veuillez indiquer le code reçu par e-mail.",
        "new_password": NEW_PASSWORD_REQUIRED,
    }


class Tokens(BaseModel):
    model_config = ConfigDict(frozen=True)

    id_token: str
    access_token: str
    refresh_token: str
    expires_in: int


INVALID_CREDENTIALS = "INVALID_CREDENTIALS"


def invalid_credentials() -> Unauthenticated:
    return Unauthenticated(
        INVALID_CREDENTIALS,
        "L'adresse e-mail et/ou le mot de passe saisis sont incorrects.",
    )


def new_password_required(session: str) -> Conflict:
    return Conflict(
        "NEW_PASSWORD_REQUIRED",
        "Vous devez choisir un nouveau mot de passe pour votre première connexion.",
        extra={"session": session},
    )


def invalid_password() -> RuleViolation:
    return RuleViolation("INVALID_PASSWORD", PASSWORD_POLICY_MESSAGE)


def invalid_refresh_token() -> Unauthenticated:
    return Unauthenticated(
        "INVALID_REFRESH_TOKEN", "Votre session a expiré. Veuillez vous reconnecter."
    )


def invalid_reset_code() -> RuleViolation:
    return RuleViolation(
        "INVALID_RESET_CODE", "Le code de réinitialisation est incorrect ou a expiré."
    )


def invalid_login_session() -> RuleViolation:
    return RuleViolation(
        "INVALID_LOGIN_SESSION",
        "Le délai pour choisir votre mot de passe est dépassé. Veuillez vous reconnecter.",
    )


def check_password_policy(password: str) -> None:
    if not (
        len(password) >= PASSWORD_MIN_LENGTH
        and any(c.islower() for c in password)
        and any(c.isupper() for c in password)
        and any(c.isdigit() for c in password)
        and any(c in PASSWORD_SYMBOLS for c in password)
    ):
        raise invalid_password()
