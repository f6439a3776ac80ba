"""The Cognito user pool as identity provider: login and password flows, user administration."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError, ParamValidationError

from shared.adapters import aws
from shared.domain import auth as rules
from shared.domain.auth import Tokens
from shared.domain.errors import Conflict, DomainError, TooManyAttempts
from shared.observability import logger

_THROTTLED = {
    "TooManyRequestsException",
    "LimitExceededException",
    "TooManyFailedAttemptsException",
}


def _too_many_attempts() -> TooManyAttempts:
    return TooManyAttempts(
        "TOO_MANY_ATTEMPTS", "Trop de tentatives. Veuillez réessayer dans quelques minutes."
    )


def _code(error: ClientError | ParamValidationError) -> str:
    # botocore refuses some malformed input (lengths, patterns) before sending it: for the
    # caller that is the same as Cognito's InvalidParameterException.
    if isinstance(error, ParamValidationError):
        return "InvalidParameterException"
    return str(error.response.get("Error", {}).get("Code", ""))


def _tokens(result: dict[str, Any], refresh_token: str | None = None) -> Tokens:
    return Tokens(
        id_token=result["IdToken"],
        access_token=result["AccessToken"],
        refresh_token=result.get("RefreshToken") or refresh_token or "",
        expires_in=int(result["ExpiresIn"]),
    )


def _translate(
    error: ClientError | ParamValidationError, by_code: dict[str, DomainError]
) -> DomainError | ClientError | ParamValidationError:
    code = _code(error)
    if code in by_code:
        return by_code[code]
    if code in _THROTTLED:
        return _too_many_attempts()
    return error


class CognitoIdentityProvider:
    def __init__(self, user_pool_id: str, client_id: str) -> None:
        self._pool = user_pool_id
        self._client_id = client_id

    def login(self, email: str, password: str) -> Tokens:
        try:
            answer = aws.cognito().initiate_auth(
                ClientId=self._client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        except (ClientError, ParamValidationError) as error:
            raise _translate(
                error,
                {
                    "NotAuthorizedException": rules.invalid_credentials(),
                    "UserNotFoundException": rules.invalid_credentials(),
                    "UserNotConfirmedException": rules.invalid_credentials(),
                    "InvalidParameterException": rules.invalid_credentials(),
                    "PasswordResetRequiredException": Conflict(
                        "PASSWORD_RESET_REQUIRED",
                        "Votre mot de passe doit être réinitialisé : "
                        "utilisez « Mot de passe oublié ? ».",
                    ),
                },
            ) from error
        if answer.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            raise rules.new_password_required(answer["Session"])
        if "AuthenticationResult" not in answer:
            raise rules.invalid_credentials()
        return _tokens(dict(answer["AuthenticationResult"]))

    def complete_new_password(self, email: str, session: str, new_password: str) -> Tokens:
        try:
            answer = aws.cognito().respond_to_auth_challenge(
                ClientId=self._client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=session,
                ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": new_password},
            )
        except (ClientError, ParamValidationError) as error:
            raise _translate(
                error,
                {
                    "InvalidPasswordException": rules.invalid_password(),
                    "NotAuthorizedException": rules.invalid_login_session(),
                    "CodeMismatchException": rules.invalid_login_session(),
                    "ExpiredCodeException": rules.invalid_login_session(),
                    "UserNotFoundException": rules.invalid_login_session(),
                    "InvalidParameterException": rules.invalid_login_session(),
                },
            ) from error
        return _tokens(dict(answer["AuthenticationResult"]))

    def refresh(self, refresh_token: str) -> Tokens:
        try:
            answer = aws.cognito().initiate_auth(
                ClientId=self._client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token},
            )
        except (ClientError, ParamValidationError) as error:
            raise _translate(
                error,
                {
                    "NotAuthorizedException": rules.invalid_refresh_token(),
                    "UserNotFoundException": rules.invalid_refresh_token(),
                    "InvalidParameterException": rules.invalid_refresh_token(),
                },
            ) from error
        return _tokens(dict(answer["AuthenticationResult"]), refresh_token)

    def forgot_password(self, email: str) -> None:
        try:
            aws.cognito().forgot_password(ClientId=self._client_id, Username=email)
        except (ClientError, ParamValidationError) as error:
            # The answer is the same whatever happened; only the kind of failure is logged.
            logger.info("forgot-password not sent", extra={"reason": _code(error)})

    def reset_password(self, email: str, code: str, new_password: str) -> None:
        try:
            aws.cognito().confirm_forgot_password(
                ClientId=self._client_id,
                Username=email,
                ConfirmationCode=code,
                Password=new_password,
            )
        except (ClientError, ParamValidationError) as error:
            raise _translate(
                error,
                {
                    "CodeMismatchException": rules.invalid_reset_code(),
                    "ExpiredCodeException": rules.invalid_reset_code(),
                    "UserNotFoundException": rules.invalid_reset_code(),
                    "NotAuthorizedException": rules.invalid_reset_code(),
                    "InvalidParameterException": rules.invalid_reset_code(),
                    "InvalidPasswordException": rules.invalid_password(),
                },
            ) from error

    def create_user(
        self, email: str, first_name: str, last_name: str, temporary_password: str
    ) -> str:
        answer = aws.cognito().admin_create_user(
            UserPoolId=self._pool,
            Username=email,
            TemporaryPassword=temporary_password,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "given_name", "Value": first_name},
                {"Name": "family_name", "Value": last_name},
            ],
        )
        return _sub(answer["User"].get("Attributes", []))

    def find_user_id(self, email: str) -> str | None:
        try:
            answer = aws.cognito().admin_get_user(UserPoolId=self._pool, Username=email)
        except ClientError as error:
            if _code(error) == "UserNotFoundException":
                return None
            raise
        return _sub(answer.get("UserAttributes", []))

    def add_to_group(self, email: str, group: str) -> None:
        aws.cognito().admin_add_user_to_group(
            UserPoolId=self._pool, Username=email, GroupName=group
        )

    def set_permanent_password(self, email: str, password: str) -> None:
        """For demo users of the local stack only: skip the first-login password change."""
        aws.cognito().admin_set_user_password(
            UserPoolId=self._pool, Username=email, Password=password, Permanent=True
        )


def _sub(attributes: Any) -> str:
    for attribute in attributes:
        if attribute["Name"] == "sub":
            return str(attribute["Value"])
    raise RuntimeError("Cognito user without a sub")
