"""/auth/* (public) and /me."""

from __future__ import annotations

from functions import wiring
from functions.auth.schemas import (
    ForgotPasswordBody,
    LoginBody,
    MeOut,
    NewPasswordBody,
    RefreshBody,
    ResetPasswordBody,
    TokensOut,
)
from shared.domain.people import Identity
from shared.domain.validation import require_text
from shared.services import auth

EMAIL = "Veuillez indiquer votre adresse e-mail."
PASSWORD = "Veuillez indiquer votre mot de passe."
NEW_PASSWORD = "Veuillez choisir un nouveau mot de passe."


def login(body: LoginBody) -> TokensOut:
    fields = require_text(body.present_fields(), {"email": EMAIL, "password": PASSWORD})
    return TokensOut.of(auth.login(wiring.identity_provider(), fields["email"], fields["password"]))


def new_password(body: NewPasswordBody) -> TokensOut:
    fields = require_text(
        body.present_fields(),
        {
            "email": EMAIL,
            "session": "La session de connexion est manquante. Veuillez vous reconnecter.",
            "newPassword": NEW_PASSWORD,
        },
    )
    tokens = auth.complete_new_password(
        wiring.identity_provider(), fields["email"], fields["session"], fields["newPassword"]
    )
    return TokensOut.of(tokens)


def refresh(body: RefreshBody) -> TokensOut:
    fields = require_text(
        body.present_fields(),
        {"refreshToken": "Le jeton de renouvellement est manquant. Veuillez vous reconnecter."},
    )
    return TokensOut.of(auth.refresh(wiring.identity_provider(), fields["refreshToken"]))


def forgot_password(body: ForgotPasswordBody) -> dict[str, str]:
    fields = require_text(body.present_fields(), {"email": EMAIL})
    auth.forgot_password(wiring.identity_provider(), fields["email"])
    return {
        "message": "Si un compte existe pour cette adresse, un code de réinitialisation "
        "vient d'y être envoyé."
    }


def reset_password(body: ResetPasswordBody) -> dict[str, str]:
    fields = require_text(
        body.present_fields(),
        {
            "email": EMAIL,
            "code": "Veuillez indiquer le code reçu par e-mail.",
            "newPassword": NEW_PASSWORD,
        },
    )
    auth.reset_password(
        wiring.identity_provider(), fields["email"], fields["code"], fields["newPassword"]
    )
    return {"message": "Votre mot de passe a été modifié. Vous pouvez vous connecter."}


def me(identity: Identity) -> MeOut:
    profile, memberships = auth.me(wiring.users(), identity)
    return MeOut.of(profile, memberships, identity.is_pix_admin)
