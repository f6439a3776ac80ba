"""Our HS256 tokens without PyJWT: the same tokens as PyJWT's both ways (tokens handed out
before a deployment stay valid after it), and every forgery refused."""

from __future__ import annotations

import base64
import json

import jwt
import pytest

from shared.adapters import hs256

KEY = b"a-secret-of-the-session-bench-0123456789-long-enough-for-hs512-too"
CLAIMS = {"iss": "certif-sco", "aud": "certif-sco:course", "sub": "123", "sid": 7, "exp": 10**10}


def read(token: str, key: bytes = KEY, **changes: object) -> dict[str, object]:
    how: dict[str, object] = {
        "audience": "certif-sco:course",
        "issuer": "certif-sco",
        "require": ("exp", "sub", "sid"),
        **changes,
    }
    return hs256.decode(token, key, **how)  # type: ignore[arg-type]


def test_a_token_signed_by_pyjwt_is_read() -> None:
    token = jwt.encode(CLAIMS, KEY, algorithm="HS256", headers={"kid": "v1"})
    assert read(token) == CLAIMS
    assert hs256.unverified_header(token)["kid"] == "v1"


def test_pyjwt_reads_our_tokens() -> None:
    token = hs256.encode(CLAIMS, KEY, headers={"kid": "v2"})
    decoded = jwt.decode(token, KEY, algorithms=["HS256"], audience="certif-sco:course")
    assert decoded == CLAIMS
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT", "kid": "v2"}


def _forged(token: str, **claims: object) -> str:
    header, body, signature = token.split(".")
    payload = {**json.loads(base64.urlsafe_b64decode(body + "==")), **claims}
    encoded = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"{header}.{encoded}.{signature}"


def _part(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(hs256.encode(CLAIMS, b"another key"), id="another key"),
        pytest.param(_forged(hs256.encode(CLAIMS, KEY), sid=8), id="claims changed"),
        pytest.param(jwt.encode(CLAIMS, KEY, algorithm="HS512"), id="HS512"),
        pytest.param(jwt.encode(CLAIMS, "", algorithm="none"), id="alg none"),
        pytest.param(hs256.encode({**CLAIMS, "aud": "certif-sco:invigilator"}, KEY), id="aud"),
        pytest.param(hs256.encode({**CLAIMS, "iss": "someone"}, KEY), id="issuer"),
        pytest.param(hs256.encode({"iss": "certif-sco", "aud": "certif-sco:course"}, KEY), id="?"),
        pytest.param("not-a-token", id="garbage"),
        pytest.param("a.b.c", id="three garbage parts"),
        pytest.param(hs256.encode(CLAIMS, KEY) + "x", id="signature lengthened"),
        pytest.param("W10.W10.", id="JSON arrays"),
        pytest.param(_part("[" * 5000) + ".e30.x", id="header nested beyond recursion"),
        pytest.param("eyJhbGciOiJIUzI1NiJ9.é.x", id="not ASCII"),
    ],
)
def test_forgeries_and_other_tokens_are_refused(token: str) -> None:
    with pytest.raises(hs256.InvalidToken):
        read(token)


def test_an_audience_list_naming_ours_is_accepted() -> None:
    token = hs256.encode({**CLAIMS, "aud": ["x", "certif-sco:course"]}, KEY)
    assert read(token)["sid"] == 7
