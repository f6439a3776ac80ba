"""Tokens handed to the browser, and the password rules shown to users."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.domain.errors import Conflict, RuleViolation, Unauthenticated

# Mirrors the user pool's PasswordPolicy in infra/template.json (a test keeps them equal): the
# check here gives the French message before any call, and holds where moto does not check.
PASSWORD_MIN_LENGTH = 12
PASSWORD_SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")

PASSWORD_POLICY_MESSAGE = (
    "Le mot de passe doit contenir au moins 12 caractères, dont une majuscule, "
    "une minuscule, un chiffre et un caractère spécial."
)


class Tokens(BaseModel):
    model_config = ConfigDict(frozen=True)

    id_token: str
    access_token: str
    refresh_token: str
    expires_in: int


def invalid_credentials() -> Unauthenticated:
    return Unauthenticated(
        "INVALID_CREDENTIALS",
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
