"""/auth/* (public) and /me."""

from __future__ import annotations

from chalice.app import Request

from functions import wiring
from functions.auth.schemas import (
    ForgotPasswordBody,
    LoginBody,
    MeOut,
    MessageOut,
    NewPasswordBody,
    RefreshBody,
    ResetPasswordBody,
    TokensOut,
)
from shared.domain.people import Identity
from shared.services import auth
from shared.web.request import client_address


def login(body: LoginBody, request: Request) -> TokensOut:
    return TokensOut.of(auth.login(wiring.deps(), body, client_address(request)))


def new_password(body: NewPasswordBody) -> TokensOut:
    return TokensOut.of(auth.complete_new_password(wiring.deps(), body))


def refresh(body: RefreshBody) -> TokensOut:
    return TokensOut.of(auth.refresh(wiring.deps(), body))


def forgot_password(body: ForgotPasswordBody) -> MessageOut:
    auth.forgot_password(wiring.deps(), body)
    return MessageOut(
        message="Si un compte existe pour cette adresse, un code de réinitialisation "
        "vient d'y être envoyé."
    )


def reset_password(body: ResetPasswordBody) -> MessageOut:
    auth.reset_password(wiring.deps(), body)
    return MessageOut(message="Votre mot de passe a été modifié. Vous pouvez vous connecter.")


def me(identity: Identity) -> MeOut:
    profile, memberships = auth.me(wiring.deps(), identity)
    return MeOut.of(profile, memberships, identity.is_pix_admin)
