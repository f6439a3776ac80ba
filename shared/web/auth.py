"""Reading the bearer token of a request."""

from __future__ import annotations

from shared.domain import errors

MAX_TOKEN_LENGTH = 8192


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise errors.unauthenticated()
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_LENGTH:
        raise errors.unauthenticated()
    return token
