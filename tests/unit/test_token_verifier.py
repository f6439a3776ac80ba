"""Cognito ID-token verification with a key pair made here (no AWS involved)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.adapters.cognito_tokens import CognitoTokenVerifier
from shared.domain.errors import Unauthenticated

ISSUER = "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_pool"
AUDIENCE = "web-client"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


class Jwks:
    def __init__(self) -> None:
        self.document = {"keys": [public_jwk(KEY, "k1")]}
        self.calls = 0

    def __call__(self, url: str) -> dict[str, Any]:
        self.calls += 1
        return self.document


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "sub": "user-1",
        "email": "admin@anne-frank.test",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "token_use": "id",
        "iat": now,
        "exp": now + 3600,
        "cognito:groups": [],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload: dict[str, Any], key: Any = KEY, kid: str = "k1", alg: str = "RS256") -> str:
    return jwt.encode(payload, key, algorithm=alg, headers={"kid": kid})


@pytest.fixture
def jwks() -> Jwks:
    return Jwks()


@pytest.fixture
def verifier(jwks: Jwks) -> CognitoTokenVerifier:
    return CognitoTokenVerifier(ISSUER, AUDIENCE, "https://example/jwks.json", fetch=jwks)


def test_a_valid_id_token_gives_the_identity(verifier: CognitoTokenVerifier) -> None:
    identity = verifier.verify(sign(claims()))
    assert (identity.user_id, identity.email, identity.is_pix_admin) == (
        "user-1",
        "admin@anne-frank.test",
        False,
    )


def test_the_pix_admin_group_makes_pix_staff(verifier: CognitoTokenVerifier) -> None:
    assert verifier.verify(sign(claims(**{"cognito:groups": ["pix-admin"]}))).is_pix_admin


@pytest.mark.parametrize(
    "token_factory",
    [
        pytest.param(lambda: sign(claims(), key=OTHER_KEY), id="forged signature"),
        pytest.param(lambda: sign(claims(exp=int(time.time()) - 5)), id="expired"),
        pytest.param(lambda: sign(claims(aud="another-client")), id="wrong audience"),
        pytest.param(lambda: sign(claims(iss=ISSUER + "x")), id="another pool"),
        pytest.param(lambda: sign(claims(token_use="access")), id="access token"),
        pytest.param(lambda: sign(claims(token_use=None)), id="no token_use"),
        pytest.param(lambda: sign(claims(exp=None)), id="no expiry"),
        pytest.param(lambda: sign(claims(), kid="unknown"), id="unknown key id"),
        pytest.param(lambda: sign(claims(), key="s" * 48, alg="HS256"), id="HS256"),
        # An unsigned token: PyJWT takes "" (or None) as the key of "none".
        pytest.param(lambda: jwt.encode(claims(), "", algorithm="none"), id="alg none"),
        pytest.param(lambda: "not.a.token", id="garbage"),
        pytest.param(lambda: sign(claims())[:-4] + "AAAA", id="tampered signature"),
    ],
)
def test_bad_tokens_are_unauthenticated(verifier: CognitoTokenVerifier, token_factory: Any) -> None:
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(token_factory())
    assert caught.value.code == "UNAUTHENTICATED"


def test_keys_are_fetched_once_and_refetched_for_a_new_kid_at_most_every_minute(jwks: Jwks) -> None:
    clock = [1000.0]
    verifier = CognitoTokenVerifier(
        ISSUER, AUDIENCE, "https://example/jwks.json", fetch=jwks, monotonic=lambda: clock[0]
    )
    for _ in range(3):
        verifier.verify(sign(claims()))
    assert jwks.calls == 1
    # The pool rotates its keys: a token with the new kid triggers one refetch...
    jwks.document = {"keys": [public_jwk(KEY, "k1"), public_jwk(OTHER_KEY, "k2")]}
    clock[0] += 61
    verifier.verify(sign(claims(), key=OTHER_KEY, kid="k2"))
    assert jwks.calls == 2
    # ...but unknown kids right after cannot make us hammer the endpoint.
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            verifier.verify(sign(claims(), kid="k3"))
    assert jwks.calls == 2


def test_a_token_says_when_its_sign_in_happened(verifier: CognitoTokenVerifier) -> None:
    issued = int(time.time()) - 120
    verified = verifier.sign_in(sign(claims(iat=issued)))
    assert verified.identity.user_id == "user-1"
    assert verified.signed_in_at == datetime.fromtimestamp(issued, tz=UTC)


def test_a_refreshed_token_dates_from_its_first_sign_in(verifier: CognitoTokenVerifier) -> None:
    """Cognito keeps the sign-in's auth_time in the ID tokens a refresh issues: a mark refuses
    every token of a session begun before it, refreshed or not."""
    now = int(time.time())
    verified = verifier.sign_in(sign(claims(iat=now - 60, auth_time=now - 3000)))
    assert verified.signed_in_at == datetime.fromtimestamp(now - 3000, tz=UTC)
    odd = verifier.sign_in(sign(claims(iat=now - 60, auth_time="yesterday")))
    assert odd.signed_in_at == datetime.fromtimestamp(now - 60, tz=UTC)
