"""Verification of Cognito ID tokens: signature (RS256, the pool's JWKS), issuer, audience,
expiry and token use. The same code runs on Lambda, in `chalice local` and in tests. Whether
the user was disabled since is the revocation marks' business (shared/services/revocation.py):
the token gives when its sign-in happened."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from shared.domain import errors
from shared.domain.people import PIX_ADMIN_GROUP, Identity
from shared.domain.revocation import VerifiedToken

JwksFetcher = Callable[[str], dict[str, Any]]

# A token signed with an unknown key may mean the pool rotated its keys; refetch, but at most
# this often, so that forged tokens cannot make us hammer the JWKS endpoint.
_REFETCH_INTERVAL_SECONDS = 60.0


def fetch_jwks(url: str) -> dict[str, Any]:
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ValueError(f"refusing to fetch keys from {url}")
    with urllib.request.urlopen(url, timeout=3) as answer:  # noqa: S310 - scheme checked above
        keys: dict[str, Any] = json.loads(answer.read())
        return keys


class CognitoTokenVerifier:
    def __init__(
        self,
        issuer: str,
        audience: str,
        jwks_url: str,
        fetch: JwksFetcher = fetch_jwks,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._issuer = issuer
        self._audience = audience
        self._jwks_url = jwks_url
        self._fetch = fetch
        self._monotonic = monotonic
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def verify(self, token: str) -> Identity:
        return self.sign_in(token).identity

    def sign_in(self, token: str) -> VerifiedToken:
        """The token's identity and when its sign-in happened; 401 unless it is valid."""
        # PyJWT pulls in `cryptography`: imported on the first request, not at cold start.
        import jwt

        try:
            header = jwt.get_unverified_header(token)
            key = self._key(str(header.get("kid", "")))
            if key is None or header.get("alg") != "RS256":
                raise errors.unauthenticated()
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "token_use"]},
            )
        except jwt.PyJWTError as error:
            raise errors.unauthenticated() from error
        if claims.get("token_use") != "id":
            raise errors.unauthenticated()
        groups = claims.get("cognito:groups") or []
        identity = Identity(
            user_id=str(claims["sub"]),
            email=str(claims.get("email", "")),
            is_pix_admin=PIX_ADMIN_GROUP in groups,
        )
        return VerifiedToken(identity=identity, signed_in_at=_signed_in_at(claims))

    def _key(self, kid: str) -> Any:
        with self._lock:
            if kid not in self._keys and self._may_refetch():
                self._load_keys()
            return self._keys.get(kid)

    def _may_refetch(self) -> bool:
        return (
            self._fetched_at is None
            or self._monotonic() - self._fetched_at >= _REFETCH_INTERVAL_SECONDS
        )

    def _load_keys(self) -> None:
        import jwt

        self._fetched_at = self._monotonic()
        try:
            document = self._fetch(self._jwks_url)
        except Exception:
            # Our failure, not the caller's: retry on the next request, answer 500 now.
            self._fetched_at = None
            raise
        keys = {}
        for jwk in document.get("keys", []):
            if jwk.get("kty") == "RSA" and "kid" in jwk:
                keys[jwk["kid"]] = jwt.PyJWK(jwk, algorithm="RS256").key
        self._keys = keys


def _signed_in_at(claims: dict[str, Any]) -> datetime:
    """The earlier of `iat` (checked by PyJWT: an integer) and `auth_time`: Cognito keeps the
    sign-in's `auth_time` in the tokens a refresh issues. An `auth_time` that is not a whole
    number is ignored (the signature says Cognito wrote it; `iat` still dates the token)."""
    moments = [int(claims["iat"])]
    auth_time = claims.get("auth_time")
    if isinstance(auth_time, int) and not isinstance(auth_time, bool):
        moments.append(auth_time)
    return datetime.fromtimestamp(min(moments), tz=UTC)
