"""The Cognito user pool as identity provider: login and password flows, user administration."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ClientError, ParamValidationError

from shared.domain import auth as rules
from shared.domain import team
from shared.domain.auth import Tokens
from shared.domain.errors import Conflict, DomainError, NotFound, TooManyAttempts
from shared.domain.people import UserProfile
from shared.domain.revocation import Account
from shared.observability import logger

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_cognito_idp.type_defs import (
        AdminCreateUserRequestTypeDef,
        AdminCreateUserResponseTypeDef,
    )

_Answer = TypeVar("_Answer")

_THROTTLED = {
    "TooManyRequestsException",
    "LimitExceededException",
    "TooManyFailedAttemptsException",
}


def _too_many_attempts() -> TooManyAttempts:
    return TooManyAttempts(
        "TOO_MANY_ATTEMPTS", "Trop de tentatives. Veuillez réessayer dans quelques minutes."
    )


@dataclass(frozen=True)
class _Refused:
    error: ClientError | ParamValidationError

    @property
    def code(self) -> str:
        # botocore refuses some malformed input (lengths, patterns) before sending it: for the
        # caller that is the same as Cognito's InvalidParameterException.
        if isinstance(self.error, ParamValidationError):
            return "InvalidParameterException"
        return str(self.error.response.get("Error", {}).get("Code", ""))

    def translated(self, by_code: Mapping[str, DomainError]) -> Exception:
        """What to raise: the caller's DomainError for this code, TooManyAttempts when
        Cognito throttles, else the error as it came."""
        if self.code in by_code:
            return by_code[self.code]
        if self.code in _THROTTLED:
            return _too_many_attempts()
        return self.error


def _attempt(call: Callable[[], _Answer]) -> _Answer | _Refused:
    """Cognito's answer, or its refusal — the one place its errors are caught."""
    try:
        return call()
    except (ClientError, ParamValidationError) as error:
        return _Refused(error)


def _tokens(result: dict[str, Any], refresh_token: str | None = None) -> Tokens:
    return Tokens(
        id_token=result["IdToken"],
        access_token=result["AccessToken"],
        refresh_token=result.get("RefreshToken") or refresh_token or "",
        expires_in=int(result["ExpiresIn"]),
    )


class CognitoIdentityProvider:
    def __init__(
        self,
        user_pool_id: str,
        client_id: str,
        *,
        client: Callable[[], CognitoIdentityProviderClient],
    ) -> None:
        self._pool = user_pool_id
        self._client_id = client_id
        self._client = client

    def login(self, email: str, password: str) -> Tokens:
        answer = _attempt(
            lambda: self._client().initiate_auth(
                ClientId=self._client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        )
        if isinstance(answer, _Refused):
            raise answer.translated(
                {
                    "NotAuthorizedException": rules.invalid_credentials(),
                    "UserNotFoundException": rules.invalid_credentials(),
                    "UserNotConfirmedException": rules.invalid_credentials(),
                    "InvalidParameterException": rules.invalid_credentials(),
                    "PasswordResetRequiredException": Conflict(
                        "PASSWORD_RESET_REQUIRED",
                        "Votre mot de passe doit être réinitialisé : "
                        "utilisez « Mot de passe oublié ? ».",
                    ),
                }
            ) from answer.error
        if answer.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            raise rules.new_password_required(answer["Session"])
        if "AuthenticationResult" not in answer:
            raise rules.invalid_credentials()
        return _tokens(dict(answer["AuthenticationResult"]))

    def complete_new_password(self, email: str, session: str, new_password: str) -> Tokens:
        answer = _attempt(
            lambda: self._client().respond_to_auth_challenge(
                ClientId=self._client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=session,
                ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": new_password},
            )
        )
        if isinstance(answer, _Refused):
            raise answer.translated(
                {
                    "InvalidPasswordException": rules.invalid_password(),
                    "NotAuthorizedException": rules.invalid_login_session(),
                    "CodeMismatchException": rules.invalid_login_session(),
                    "ExpiredCodeException": rules.invalid_login_session(),
                    "UserNotFoundException": rules.invalid_login_session(),
                    "InvalidParameterException": rules.invalid_login_session(),
                }
            ) from answer.error
        return _tokens(dict(answer["AuthenticationResult"]))

    def refresh(self, refresh_token: str) -> Tokens:
        answer = _attempt(
            lambda: self._client().initiate_auth(
                ClientId=self._client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token},
            )
        )
        if isinstance(answer, _Refused):
            raise answer.translated(
                {
                    "NotAuthorizedException": rules.invalid_refresh_token(),
                    "UserNotFoundException": rules.invalid_refresh_token(),
                    "InvalidParameterException": rules.invalid_refresh_token(),
                }
            ) from answer.error
        return _tokens(dict(answer["AuthenticationResult"]), refresh_token)

    def forgot_password(self, email: str) -> None:
        answer = _attempt(
            lambda: self._client().forgot_password(ClientId=self._client_id, Username=email)
        )
        if isinstance(answer, _Refused):
            # The answer is the same whatever happened; only the kind of failure is logged.
            logger.info("forgot-password not sent", extra={"reason": answer.code})

    def reset_password(self, email: str, code: str, new_password: str) -> None:
        answer = _attempt(
            lambda: self._client().confirm_forgot_password(
                ClientId=self._client_id,
                Username=email,
                ConfirmationCode=code,
                Password=new_password,
            )
        )
        if isinstance(answer, _Refused):
            raise answer.translated(
                {
                    "CodeMismatchException": rules.invalid_reset_code(),
                    "ExpiredCodeException": rules.invalid_reset_code(),
                    "UserNotFoundException": rules.invalid_reset_code(),
                    "NotAuthorizedException": rules.invalid_reset_code(),
                    "InvalidParameterException": rules.invalid_reset_code(),
                    "InvalidPasswordException": rules.invalid_password(),
                }
            ) from answer.error

    def create_user(
        self, email: str, first_name: str, last_name: str, temporary_password: str
    ) -> str:
        answer = self._create(email, first_name, last_name, temporary_password)
        return _attribute(answer["User"].get("Attributes", []), "sub")

    def _create(
        self, email: str, first_name: str, last_name: str, temporary_password: str | None = None
    ) -> AdminCreateUserResponseTypeDef:
        """An account created without any message, its address verified; with a temporary
        password to change at the first login, or none (one is set next)."""
        request: AdminCreateUserRequestTypeDef = {
            "UserPoolId": self._pool,
            "Username": email,
            "MessageAction": "SUPPRESS",
            "UserAttributes": [
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "given_name", "Value": first_name},
                {"Name": "family_name", "Value": last_name},
            ],
        }
        if temporary_password is not None:
            request["TemporaryPassword"] = temporary_password
        return self._client().admin_create_user(**request)

    def create_user_with_password(
        self, email: str, first_name: str, last_name: str, password: str
    ) -> str:
        """An account whose password is the one the person chose (an invitation accepted):
        created without any message, its address verified (the invitation's link proved it),
        then given its permanent password — no temporary password, no first-login change. A
        password the pool refuses removes the account again: nothing is left behind."""
        created = _attempt(lambda: self._create(email, first_name, last_name))
        if isinstance(created, _Refused):
            raise created.translated(
                {"UsernameExistsException": team.account_already_exists()}
            ) from created.error
        user_id = _attribute(created["User"].get("Attributes", []), "sub")
        answer = _attempt(
            lambda: self._client().admin_set_user_password(
                UserPoolId=self._pool, Username=email, Password=password, Permanent=True
            )
        )
        if isinstance(answer, _Refused):
            self._client().admin_delete_user(UserPoolId=self._pool, Username=email)
            raise answer.translated(
                {
                    "InvalidPasswordException": rules.invalid_password(),
                    "InvalidParameterException": rules.invalid_password(),
                }
            ) from answer.error
        return user_id

    def list_users(self) -> list[UserProfile]:
        """Every account of the pool (ListUsers, 60 a page), as profiles."""
        profiles: list[UserProfile] = []
        pages = self._client().get_paginator("list_users").paginate(UserPoolId=self._pool)
        for page in pages:
            for user in page.get("Users", []):
                attributes = {a["Name"]: a.get("Value", "") for a in user.get("Attributes", [])}
                profiles.append(
                    UserProfile(
                        id=attributes.get("sub", ""),
                        email=attributes.get("email", user.get("Username", "")),
                        first_name=attributes.get("given_name", ""),
                        last_name=attributes.get("family_name", ""),
                    )
                )
        return [p for p in profiles if p.id]

    def find_user_id(self, email: str) -> str | None:
        account = self.find_account(email)
        return None if account is None else account.user_id

    def find_account(self, name: str) -> Account | None:
        answer = _attempt(
            lambda: self._client().admin_get_user(UserPoolId=self._pool, Username=name)
        )
        if isinstance(answer, _Refused):
            if answer.code == "UserNotFoundException":
                return None
            raise answer.error
        attributes = answer.get("UserAttributes", [])
        return Account(
            user_id=_attribute(attributes, "sub"),
            email=_attribute(attributes, "email"),
            enabled=bool(answer["Enabled"]),
        )

    def disable_user(self, name: str) -> None:
        self._administer("admin_disable_user", name)

    def enable_user(self, name: str) -> None:
        self._administer("admin_enable_user", name)

    def sign_out_everywhere(self, name: str) -> None:
        self._administer("admin_user_global_sign_out", name)

    def delete_user(self, name: str) -> None:
        self._administer("admin_delete_user", name)

    def _administer(self, operation: str, name: str) -> None:
        """One admin action on a user; an account gone meanwhile is USER_NOT_FOUND."""
        client = self._client()
        answer = _attempt(lambda: getattr(client, operation)(UserPoolId=self._pool, Username=name))
        if isinstance(answer, _Refused):
            gone = NotFound("USER_NOT_FOUND", f"Utilisateur inconnu : {name}")
            raise answer.translated({"UserNotFoundException": gone}) from answer.error

    def add_to_group(self, email: str, group: str) -> None:
        self._client().admin_add_user_to_group(
            UserPoolId=self._pool, Username=email, GroupName=group
        )

    def set_permanent_password(self, email: str, password: str) -> None:
        """For demo users of the local stack only: skip the first-login password change."""
        self._client().admin_set_user_password(
            UserPoolId=self._pool, Username=email, Password=password, Permanent=True
        )


def _attribute(attributes: Any, name: str) -> str:
    for attribute in attributes:
        if attribute["Name"] == name:
            return str(attribute["Value"])
    raise RuntimeError(f"Cognito user without {name}")
