"""Every answer of the API, success or error, public or not, carries the security headers;
the web front end's production policy names the origins it talks to, not a wildcard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, Api

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "template.json"


@pytest.mark.parametrize(
    ("method", "path", "who", "status"),
    [
        ("GET", "/me", ANNE_FRANK_ADMIN, 200),
        ("GET", "/centers/c-anne-frank/sessions", ANNE_FRANK_ADMIN, 200),
        ("GET", "/sessions/999", ANNE_FRANK_ADMIN, 404),
        ("GET", "/me", None, 401),
        ("POST", "/sessions/999/join", None, 404),
        ("GET", "/openapi.json", None, 200),
    ],
)
def test_every_answer_carries_the_security_headers(
    demo: Settings, api: Api, method: str, path: str, who: str | None, status: int
) -> None:
    body = {"accessCode": "BCDF23", "lastName": "A", "firstName": "B", "birthdate": "2010-01-01"}
    sent = body if method == "POST" else None
    answer = api.as_user(who, method, path, sent) if who else api.request(method, path, sent)
    assert answer.status_code == status
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
    assert answer.headers["Cache-Control"] == "no-store"


def test_the_production_policy_names_the_apis_and_the_buckets_origins() -> None:
    resources = json.loads(TEMPLATE.read_text())["Resources"]
    headers = resources["WebResponseHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    policy = headers["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    text = policy["Fn::Sub"]
    connect = next(p for p in text.split(";") if p.strip().startswith("connect-src")).split()
    assert "https://*.amazonaws.com" not in connect
    assert "https://${RestAPI}.execute-api.${AWS::Region}.amazonaws.com" in connect
    assert any("${FilesBucket}" in source for source in connect)
