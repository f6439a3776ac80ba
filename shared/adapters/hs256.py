"""Our own tokens (the pupils' course tokens, the invigilators' tokens): JSON Web Tokens signed
with HMAC-SHA256 (RFC 7519 in the compact JWS form, the same bytes PyJWT writes and reads).

Why not PyJWT here: importing it imports `cryptography` (its RSA and EC algorithms), about
80 ms of a container's first request, and a pupil's `POST /sessions/{id}/join` is the request
of exam mornings that must start fastest (docs/cold-start.md). HMAC needs the standard library
only. Cognito's RS256 ID tokens stay with PyJWT (shared/adapters/cognito_tokens.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from typing import Any

ALGORITHM = "HS256"


class InvalidToken(ValueError):
    """Not a token we signed, or not one of the expected issuer and audience."""


def _encode_part(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode_part(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidToken("not base64url") from error


def _json_object(part: str) -> dict[str, Any]:
    try:
        value = json.loads(_decode_part(part))
    # JSONDecodeError and UnicodeDecodeError are ValueErrors; deep nesting (a header of
    # thousands of "[") makes the parser raise RecursionError: all are a bad token, not a 500.
    except (ValueError, RecursionError) as error:
        raise InvalidToken("not JSON") from error
    if not isinstance(value, dict):
        raise InvalidToken("not a JSON object")
    return value


def _compact(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _signature(signing_input: str, key: bytes) -> bytes:
    return hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest()


def encode(claims: Mapping[str, Any], key: bytes, headers: Mapping[str, Any] | None = None) -> str:
    header = {"alg": ALGORITHM, "typ": "JWT", **(headers or {})}
    signing_input = f"{_encode_part(_compact(header))}.{_encode_part(_compact(claims))}"
    return f"{signing_input}.{_encode_part(_signature(signing_input, key))}"


def unverified_header(token: str) -> dict[str, Any]:
    """The token's header, NOT verified: only to choose the key and the kind of check."""
    parts = token.split(".")
    # ASCII only: the signing input is encoded as ASCII, and base64url is ASCII.
    if len(parts) != 3 or not token.isascii():
        raise InvalidToken("not a compact JWS")
    return _json_object(parts[0])


def decode(
    token: str, key: bytes, *, audience: str, issuer: str, require: Iterable[str]
) -> dict[str, Any]:
    """The claims of a token signed with `key` (HS256 only, whatever the header says of
    itself beyond that), for `audience` from `issuer`, holding every claim of `require`.
    Expiry is the caller's business (it judges it against its own clock)."""
    if unverified_header(token).get("alg") != ALGORITHM:
        raise InvalidToken("not HS256")
    header_part, claims_part, signature_part = token.split(".")
    expected = _signature(f"{header_part}.{claims_part}", key)
    if not hmac.compare_digest(expected, _decode_part(signature_part)):
        raise InvalidToken("bad signature")
    claims = _json_object(claims_part)
    if any(name not in claims for name in require):
        raise InvalidToken("a required claim is missing")
    if claims.get("iss") != issuer:
        raise InvalidToken("wrong issuer")
    audiences = claims.get("aud")
    if not (audiences == audience or (isinstance(audiences, list) and audience in audiences)):
        raise InvalidToken("wrong audience")
    return claims
