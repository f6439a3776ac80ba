"""Bad input always gets the contract's 4xx body, never a 500, and writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import HTTPResponse

from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, Api

SESSION = {
    "address": "Collège Anne Frank",
    "room": "Salle 208",
    "date": "2026-12-14",
    "time": "12:00",
    "examiner": "Paul Eluard",
}
# (method, path, a valid body) for every route that takes a JSON body; {sid} is a session.
BODY_ROUTES: list[tuple[str, str, dict[str, Any], bool]] = [
    ("POST", "/auth/login", {"email": "a@b.test", "password": "x"}, False),
    (
        "POST",
        "/auth/new-password",
        {"email": "a@b.test", "session": "s", "newPassword": "x"},
        False,
    ),
    ("POST", "/auth/refresh", {"refreshToken": "r"}, False),
    ("POST", "/auth/forgot-password", {"email": "a@b.test"}, False),
    ("POST", "/auth/reset-password", {"email": "a@b.test", "code": "1", "newPassword": "x"}, False),
    ("POST", "/centers/c-anne-frank/sessions", SESSION, True),
    ("PATCH", "/sessions/{sid}", {"room": "Salle 3"}, True),
    ("POST", "/sessions/{sid}/candidates", {"studentIds": ["s1"]}, True),
    ("PATCH", "/sessions/{sid}/candidates/c1", {"extraTimePercentage": 10}, True),
    (
        "POST",
        "/sessions/{sid}/join",
        {"accessCode": "BCDF23", "lastName": "A", "firstName": "B", "birthdate": "2010-01-01"},
        False,
    ),
]


@pytest.fixture
def session_id(demo: Settings, api: Api) -> int:
    answer = api.as_user(ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION)
    return int(answer.json_body["id"])


def call(
    api: Api, method: str, path: str, needs_token: bool, session_id: int, **kwargs: Any
) -> HTTPResponse:
    token = api.login(ANNE_FRANK_ADMIN) if needs_token else None
    return api.request(method, path.replace("{sid}", str(session_id)), token=token, **kwargs)


def assert_contract_error(answer: HTTPResponse, status: int, code: str) -> None:
    assert answer.status_code == status, answer.body
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json_body
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]


def sessions_total(api: Api) -> int:
    listing = api.as_user(ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/sessions")
    return int(listing.json_body["total"])


@pytest.mark.parametrize(("method", "path", "valid", "needs_token"), BODY_ROUTES)
class TestEveryBodyRoute:
    def test_malformed_json_is_400(
        self,
        api: Api,
        session_id: int,
        method: str,
        path: str,
        valid: dict[str, Any],
        needs_token: bool,
    ) -> None:
        for raw in ('{"room": ', "[1, 2]", "null", "\udcff"):
            answer = call(
                api,
                method,
                path,
                needs_token,
                session_id,
                raw=raw.encode("utf-8", "surrogateescape"),
            )
            assert_contract_error(answer, 400, "INVALID_JSON")

    def test_wrong_content_type_is_415(
        self,
        api: Api,
        session_id: int,
        method: str,
        path: str,
        valid: dict[str, Any],
        needs_token: bool,
    ) -> None:
        for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
            answer = call(
                api,
                method,
                path,
                needs_token,
                session_id,
                raw=json.dumps(valid),
                headers={"Content-Type": content_type},
            )
            assert_contract_error(answer, 415, "UNSUPPORTED_MEDIA_TYPE")

    def test_unknown_field_is_422(
        self,
        api: Api,
        session_id: int,
        method: str,
        path: str,
        valid: dict[str, Any],
        needs_token: bool,
    ) -> None:
        answer = call(
            api, method, path, needs_token, session_id, raw=json.dumps({**valid, "isAdmin": True})
        )
        assert_contract_error(answer, 422, "UNKNOWN_FIELD")
        assert answer.json_body["details"][0]["field"] == "isAdmin"

    def test_wrong_type_is_400(
        self,
        api: Api,
        session_id: int,
        method: str,
        path: str,
        valid: dict[str, Any],
        needs_token: bool,
    ) -> None:
        first_field = next(iter(valid))
        answer = call(
            api,
            method,
            path,
            needs_token,
            session_id,
            raw=json.dumps(
                {**valid, first_field: "42" if isinstance(valid[first_field], int) else 42}
            ),
        )
        assert_contract_error(answer, 400, "INVALID_TYPE")
        assert answer.json_body["details"][0]["field"] == first_field

    def test_oversized_body_is_413(
        self,
        api: Api,
        session_id: int,
        method: str,
        path: str,
        valid: dict[str, Any],
        needs_token: bool,
    ) -> None:
        padded = {**valid, next(iter(valid)): "x" * 70_000}
        answer = call(api, method, path, needs_token, session_id, raw=json.dumps(padded))
        assert_contract_error(answer, 413, "PAYLOAD_TOO_LARGE")


def test_none_of_it_wrote_anything(demo: Settings, api: Api, session_id: int) -> None:
    for method, path, valid, needs_token in BODY_ROUTES[5:7]:
        call(api, method, path, needs_token, session_id, raw='{"room": ')
        call(api, method, path, needs_token, session_id, raw=json.dumps({**valid, "x": 1}))
        call(
            api,
            method,
            path,
            needs_token,
            session_id,
            raw=json.dumps(valid),
            headers={"Content-Type": "text/plain"},
        )
    assert sessions_total(api) == 1
    session = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}").json_body
    assert (session["room"], session["version"]) == ("Salle 208", 1)


def test_the_charset_parameter_is_accepted(demo: Settings, api: Api) -> None:
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/sessions",
        SESSION,
        headers={"Content-Type": "Application/JSON;charset=UTF-8"},
    )
    assert answer.status_code == 201


def test_an_unexpected_failure_is_a_500_without_details(
    demo: Settings, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions import wiring

    class Broken:
        def get(self, session_id: int) -> Any:
            raise RuntimeError("table on fire at /var/task/secret.py line 3")

    wiring.override(sessions=Broken())
    answer = api.as_user(ANNE_FRANK_ADMIN, "GET", "/sessions/1")
    assert answer.status_code == 500
    assert answer.json_body == {
        "code": "INTERNAL_ERROR",
        "message": "Une erreur inattendue est survenue. Veuillez réessayer plus tard.",
    }


# --- hostile JSON, on every route that reads a JSON body (issue 12) -------------------------


def json_routes() -> list[tuple[str, str, bool]]:
    """(method, path with {sid}, needs a token) of every route whose handler reads a body."""
    from app import app  # noqa: F401 - declaring the routes fills the table
    from functions.api import ROUTES, resolve

    found = []
    for route in ROUTES:
        if resolve(route.handler, route.public).body_model is None:
            continue
        path = route.path.replace("{session_id}", "{sid}")
        for name, value in (
            ("{candidate_id}", "c1"),
            ("{center_id}", "c-anne-frank"),
            ("{report_id}", "r1"),
            ("{attachment_id}", "a1"),
            ("{certification_number}", "1"),
        ):
            path = path.replace(name, value)
        found.append((route.method, path, not route.public))
    return found


HOSTILE_BODIES = {
    "nested 2 000 levels": '{"a": ' + "[" * 2000 + "]" * 2000 + "}",
    "an integer of 5 000 digits": '{"a": ' + "9" * 5000 + "}",
    "a lone surrogate": '{"address": "x\\ud800", "room": "\\udfff"}',
}


@pytest.mark.parametrize(("method", "path", "needs_token"), json_routes())
@pytest.mark.parametrize("hostile", sorted(HOSTILE_BODIES))
def test_hostile_json_is_a_400_on_every_route(
    api: Api, session_id: int, method: str, path: str, needs_token: bool, hostile: str
) -> None:
    answer = call(api, method, path, needs_token, session_id, raw=HOSTILE_BODIES[hostile])
    assert_contract_error(answer, 400, "INVALID_JSON")
    # The answer is valid UTF-8 JSON, whatever was sent.
    json.loads(answer.body.decode("utf-8"))


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("time", "1\u0662:00", "VALIDATION_ERROR"),  # an Arabic-Indic digit
        ("date", "2026-1\u0662-14", "VALIDATION_ERROR"),
        ("date", "9999-12-31", "SESSION_TOO_FAR_AHEAD"),
        ("date", "2029-01-01", "SESSION_TOO_FAR_AHEAD"),
    ],
)
def test_dates_and_times_that_cannot_be_real_are_422(
    demo: Settings, api: Api, field: str, value: str, code: str
) -> None:
    created = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", {**SESSION, field: value}
    )
    assert_contract_error(created, 422, code)
    assert sessions_total(api) == 0
    # Editing an existing session to such a value is refused the same way.
    sid = api.as_user(ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION)
    edited = api.as_user(
        ANNE_FRANK_ADMIN, "PATCH", f"/sessions/{sid.json_body['id']}", {field: value}
    )
    assert_contract_error(edited, 422, code)


def test_an_unknown_student_id_is_echoed_safely(session_id: int, api: Api) -> None:
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{session_id}/candidates",
        {"studentIds": ["<script>", "é" * 3]},
    )
    assert_contract_error(answer, 422, "UNKNOWN_STUDENT")
    json.loads(answer.body.decode("utf-8"))
