"""Tokens are verified on every protected route; public routes are the contract's only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app import app
from functions.api import Route, resolve
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, Api
from tests.integration.tokens import bad_tokens, claims, sign

PUBLIC = {
    ("POST", "/auth/login"),
    ("POST", "/auth/new-password"),
    ("POST", "/auth/refresh"),
    ("POST", "/auth/forgot-password"),
    ("POST", "/auth/reset-password"),
    ("POST", "/sessions/{session_id}/join"),
    ("POST", "/courses/{certification_number}/complete"),
    # The API's own reference (docs/openapi.json), readable by anyone.
    ("GET", "/openapi.json"),
    # Exam day: the invigilator logs in with the session's supervisor password.
    ("POST", "/invigilator/login"),
    # The link of an invitation e-mail: its code is the key (accepting may also carry an ID
    # token, for an existing account: a token that is sent must be valid).
    ("GET", "/invitations/{invitation_id}"),
    ("POST", "/invitations/{invitation_id}/accept"),
    # Anyone holding a verification code checks a published certification.
    ("GET", "/certificates/{verification_code}"),
}
EXAMPLE_VALUES = {
    "center_id": "c-anne-frank",
    "session_id": "1",
    "candidate_id": "00000000-0000-0000-0000-000000000001",
    "certification_number": "1",
    "user_id": "00000000-0000-0000-0000-000000000002",
    "invitation_id": "00000000-0000-0000-0000-000000000003",
    "verification_code": "P-ABCDEFGH",
}


def declared(view: Callable[..., Any]) -> Route | None:
    """What `functions.api.route` attached to the view it registered (None: not registered
    through it)."""
    info = getattr(view, "certif_route", None)
    return info if isinstance(info, Route) else None


def all_routes() -> list[tuple[str, str, bool]]:
    found = []
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            info = declared(entry.view_function)
            assert info is not None, f"{method} {path} is not declared through functions.api.route"
            found.append((method, path, info.public))
    return found


def concrete(path: str) -> str:
    for name, value in EXAMPLE_VALUES.items():
        path = path.replace("{" + name + "}", value)
    return path


PROTECTED = [(m, p) for m, p, public in all_routes() if not public]


def test_every_handler_resolves_and_protected_ones_take_the_identity() -> None:
    for methods in app.routes.values():
        for entry in methods.values():
            info = declared(entry.view_function)
            assert info is not None
            resolve(info.handler, info.public)


def test_only_the_contracts_public_routes_are_public() -> None:
    assert {(m, p) for m, p, public in all_routes() if public} == PUBLIC
    assert len(PROTECTED) >= 7


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_no_token_is_401(demo: Settings, api: Api, method: str, path: str) -> None:
    answer = api.request(method, concrete(path), {})
    assert answer.status_code == 401
    assert answer.json_body["code"] == "UNAUTHENTICATED"
    assert answer.json_body["message"] == "Vous devez être connecté pour accéder à cette ressource."


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_bad_token_is_401_on_every_protected_route(
    demo: Settings, api: Api, method: str, path: str
) -> None:
    valid = api.login(ANNE_FRANK_ADMIN)
    for name, token in bad_tokens(demo, valid).items():
        answer = api.request(method, concrete(path), {}, token=token)
        assert answer.status_code == 401, (name, answer.body)
        assert answer.json_body["code"] == "UNAUTHENTICATED", name


@pytest.mark.parametrize("header", ["Basic YWRtaW46YWRtaW4=", "Bearer", "Token abc", "Bearer a b"])
def test_malformed_authorization_headers_are_401(demo: Settings, api: Api, header: str) -> None:
    answer = api.request("GET", "/me", headers={"Authorization": header})
    assert answer.status_code == 401


def test_a_token_with_the_right_signature_and_claims_is_accepted(demo: Settings, api: Api) -> None:
    # Proves the 401s above come from the broken claim, not from tokens we sign ourselves.
    token = sign(claims(demo))
    answer = api.request("GET", "/me", token=token)
    assert answer.status_code == 200, answer.body
    assert answer.json_body["memberships"] == []


def test_tampering_with_the_groups_does_not_make_pix_staff(demo: Settings, api: Api) -> None:
    valid = api.login(ANNE_FRANK_ADMIN)
    answer = api.request("GET", "/me", token=bad_tokens(demo, valid)["tampered payload"])
    assert answer.status_code == 401
