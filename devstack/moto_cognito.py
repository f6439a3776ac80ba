"""moto's Cognito, answering the password flows as a real user pool does.

Where moto 5 departs from Cognito, our API answered 500 or accepted what AWS refuses:

- ConfirmForgotPassword (`POST /auth/reset-password`) accepts any code (moto only checks codes
  that start with its own `moto-confirmation-code:` prefix), and answers ResourceNotFound —
  meant for an unknown app client — for an address it does not know. Cognito checks the code
  it e-mailed (valid for one hour, once), and, with PreventUserExistenceErrors on (our app
  client, infra/template.json), answers CodeMismatch for an unknown address just as for a
  wrong code.
- RespondToAuthChallenge (`POST /auth/new-password`) answers ResourceNotFound for a session
  it does not know (already used, or from before a restart of `make run`), and accepts a
  session with another user's USERNAME (and changes *that* user's password). Cognito answers
  NotAuthorized, "Invalid session for the user".

ResourceNotFound stays what it is in AWS — a missing pool or app client, a real server error
— so `shared/adapters/cognito.py` is left as it is; the local stack's moto is made to answer
like AWS instead. The code that Cognito would e-mail goes to `send_code(address, code)`, with
the user's e-mail address (the local stack e-mails it to its local mailbox, devstack/run.py)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

CODE_VALIDITY_SECONDS = 3600  # Cognito's codes for a forgotten password last one hour
WRONG_CODE = "Invalid verification code provided, please try again."
EXPIRED_CODE = "Invalid code provided, please request a code again."
INVALID_SESSION = "Invalid session for the user."

SendCode = Callable[[str, str], None]


def _nobody(username: str, code: str) -> None:
    return None


_send_code: SendCode = _nobody
_PATCHED = False


def answer_like_aws(send_code: SendCode | None = None) -> None:
    """Patch moto's Cognito backend (once per process); `send_code(address, code)` stands for
    Cognito's e-mail, and the last one given is used."""
    global _PATCHED, _send_code  # noqa: PLW0603 - a process-wide patch, applied once
    _send_code = send_code or _nobody
    if _PATCHED:
        return
    from moto.cognitoidp.models import CognitoIdpBackend

    backend: Any = CognitoIdpBackend
    backend.forgot_password = _forgot_password(backend.forgot_password)
    backend.confirm_forgot_password = _confirm_forgot_password(backend.confirm_forgot_password)
    backend.respond_to_auth_challenge = _respond_to_auth_challenge(
        backend.respond_to_auth_challenge
    )
    _PATCHED = True


def _pool_of_client(backend: Any, client_id: str) -> Any:
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool
    return None


def _email_of(user: Any) -> str | None:
    for attribute in getattr(user, "attributes", None) or []:
        if attribute.get("Name") == "email" and attribute.get("Value"):
            return str(attribute["Value"])
    return None


def _forgot_password(original: Callable[..., Any]) -> Callable[..., Any]:
    def forgot_password(backend: Any, client_id: str, username: str) -> Any:
        moto_code, answer = original(backend, client_id, username)
        pool = _pool_of_client(backend, client_id)
        user = pool._get_user(username) if pool is not None else None
        if moto_code is None or user is None:
            return moto_code, answer
        # Six digits, as Cognito sends; moto's own code would be accepted with any other.
        code = f"{secrets.randbelow(1_000_000):06d}"
        user.confirmation_code = code
        user.confirmation_code_sent_at = time.monotonic()
        _send_code(_email_of(user) or username, code)
        return code, answer

    return forgot_password


def _confirm_forgot_password(original: Callable[..., Any]) -> Callable[..., Any]:
    from moto.cognitoidp.exceptions import (
        CodeMismatchException,
        ExpiredCodeException,
        UserNotFoundError,
    )

    def confirm_forgot_password(
        backend: Any, client_id: str, username: str, password: str, confirmation_code: str
    ) -> None:
        pool = _pool_of_client(backend, client_id)
        if pool is None:  # an unknown app client: ResourceNotFound, as in AWS
            return original(backend, client_id, username, password, confirmation_code)  # type: ignore[no-any-return]
        user = pool._get_user(username)
        if user is None:
            client = pool.clients[client_id]
            if client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
                raise CodeMismatchException(WRONG_CODE)
            raise UserNotFoundError("Username/client id combination not found.")
        expected = user.confirmation_code
        sent_at = getattr(user, "confirmation_code_sent_at", None)
        if not expected or not secrets.compare_digest(str(confirmation_code), expected):
            raise CodeMismatchException(WRONG_CODE)
        if sent_at is None or time.monotonic() - sent_at > CODE_VALIDITY_SECONDS:
            user.confirmation_code = None
            raise ExpiredCodeException(EXPIRED_CODE)
        original(backend, client_id, username, password, confirmation_code)
        user.confirmation_code = None  # once only
        return None

    return confirm_forgot_password


def _respond_to_auth_challenge(original: Callable[..., Any]) -> Callable[..., Any]:
    from moto.cognitoidp.exceptions import NotAuthorizedError

    def respond_to_auth_challenge(
        backend: Any,
        session: str,
        client_id: str,
        challenge_name: str,
        challenge_responses: dict[str, str],
    ) -> Any:
        if challenge_name == "NEW_PASSWORD_REQUIRED":
            started = backend.sessions.get(session)
            if started is None:
                raise NotAuthorizedError(INVALID_SESSION)
            username, pool = started
            given = (challenge_responses or {}).get("USERNAME") or ""
            if pool._get_user(given) is not pool._get_user(username):
                raise NotAuthorizedError(INVALID_SESSION)
        return original(backend, session, client_id, challenge_name, challenge_responses)

    return respond_to_auth_challenge
