"""Tokens that look like Cognito's: signed with moto's own private key (so only the claims
are wrong) or with a key of our own (a forgery)."""

from __future__ import annotations

import gzip
import json
import time
from importlib import resources
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.settings import Settings


def _moto_private_key() -> Any:
    raw = resources.files("moto.cognitoidp").joinpath("resources/jwks-private.json.gz").read_bytes()
    return jwt.algorithms.RSAAlgorithm.from_jwk(json.loads(gzip.decompress(raw)))


MOTO_KEY = _moto_private_key()
FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def claims(stack: Settings, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    values = {
        "sub": "00000000-0000-0000-0000-000000000000",
        "email": "admin@anne-frank.test",
        "iss": f"https://cognito-idp.{stack.region}.amazonaws.com/{stack.user_pool_id}",
        "aud": stack.user_pool_client_id,
        "token_use": "id",
        "iat": now,
        "exp": now + 3600,
    }
    values.update(overrides)
    return values


def sign(payload: dict[str, Any], key: Any = MOTO_KEY) -> str:
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "dummy"})


def bad_tokens(stack: Settings, valid_token: str) -> dict[str, str]:
    """Every way a bearer token must fail, by name."""
    real_claims = jwt.decode(valid_token, options={"verify_signature": False})
    return {
        "forged signature": sign(real_claims, FORGER_KEY),
        "tampered payload": _tamper(valid_token),
        "expired": sign(
            {**real_claims, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 60}
        ),
        "wrong audience": sign({**real_claims, "aud": "another-app-client"}),
        "another pool": sign({**real_claims, "iss": real_claims["iss"] + "x"}),
        "access token": sign({**real_claims, "token_use": "access"}),
        "garbage": "not-a-jwt",
    }


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    decoded = json.loads(jwt.utils.base64url_decode(payload))
    decoded["cognito:groups"] = ["pix-admin"]
    forged_payload = jwt.utils.base64url_encode(json.dumps(decoded).encode()).decode()
    return f"{header}.{forged_payload}.{signature}"
