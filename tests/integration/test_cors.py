"""CORS for the web front end's origin only (`WEB_ORIGIN`), on every route and every answer,
errors included; the browser's preflight as `chalice local` answers it; and none at all when
the variable is unset. The stage's preflight comes from the SAM template (`RestAPI.Cors`),
which the last tests check."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from chalice.app import Chalice
from chalice.config import Config
from chalice.deploy.swagger import CFNSwaggerGenerator
from chalice.local import LocalGateway
from chalice.test import Client, HTTPResponse

from functions import api as routes
from shared.settings import Settings, get_settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, Api

ORIGIN = "https://certif-sco.example.fr"
PROJECT_DIR = Path(__file__).resolve().parents[2]
TEMPLATE = PROJECT_DIR / "infra" / "template.json"


def _route_modules() -> list[str]:
    return [
        name
        for name in sys.modules
        if name == "app" or (name.startswith("functions.") and name.endswith(".routes"))
    ]


@pytest.fixture
def cors_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Chalice]:
    """The app imported afresh with WEB_ORIGIN set (routes read it when they are declared);
    the modules imported before are put back afterwards, for the other tests."""
    monkeypatch.setenv("WEB_ORIGIN", f"{ORIGIN}/")
    saved = {name: sys.modules.pop(name) for name in _route_modules()}
    try:
        import app as fresh

        yield fresh.app
    finally:
        for name in _route_modules():
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        get_settings.cache_clear()


@pytest.fixture
def cors_api(cors_app: Chalice, demo: Settings) -> Iterator[Api]:
    with Client(cors_app) as client:
        yield Api(client)


def _headers(response: HTTPResponse) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items()}


def test_the_origin_is_read_from_the_environment() -> None:
    assert routes.web_origin({}) is None
    assert routes.web_origin({"WEB_ORIGIN": "  "}) is None
    assert routes.web_origin({"WEB_ORIGIN": "https://a.example.fr/"}) == "https://a.example.fr"
    assert routes.cors_config(None) is None
    headers = routes.cors_config("https://a.example.fr")
    assert headers is not None
    access = headers.get_access_control_headers()
    assert access["Access-Control-Allow-Origin"] == "https://a.example.fr"
    for name in ("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "Accept"):
        assert name in access["Access-Control-Allow-Headers"].split(",")
    assert access["Access-Control-Expose-Headers"] == "ETag,X-Request-Id,Content-Disposition"
    assert "Access-Control-Allow-Credentials" not in access


def test_settings_read_the_same_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_ORIGIN", f"{ORIGIN}/")
    get_settings.cache_clear()
    try:
        assert get_settings().web_origin == ORIGIN == routes.web_origin()
    finally:
        get_settings.cache_clear()


def test_every_route_has_cors_for_the_web_origin(cors_app: Chalice) -> None:
    assert cors_app.routes
    for path, methods in cors_app.routes.items():
        for method, entry in methods.items():
            assert entry.cors is not None, f"{method} {path}"
            assert entry.cors.allow_origin == ORIGIN


def test_success_and_error_answers_carry_the_header(cors_api: Api) -> None:
    me = cors_api.as_user(ANNE_FRANK_ADMIN, "GET", "/me")
    assert me.status_code == 200
    headers = _headers(me)
    assert headers["access-control-allow-origin"] == ORIGIN
    assert "X-Request-Id" in headers["access-control-expose-headers"]

    # Errors too: without the header a browser hides the body (and its French message).
    unauthenticated = cors_api.request("GET", "/me")
    wrong_password = cors_api.request(
        "POST", "/auth/login", {"email": ANNE_FRANK_ADMIN, "password": "faux"}
    )
    missing = cors_api.as_user(ANNE_FRANK_ADMIN, "GET", "/sessions/999999")
    invalid = cors_api.as_user(ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", {})
    malformed = cors_api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", raw="{not json"
    )
    for answer, status in (
        (unauthenticated, 401),
        (wrong_password, 401),
        (missing, 404),
        (invalid, 422),
        (malformed, 400),
    ):
        assert answer.status_code == status, answer.body
        assert _headers(answer)["access-control-allow-origin"] == ORIGIN
        assert json.loads(answer.body)["message"]


def test_chalice_local_answers_the_preflight(cors_app: Chalice) -> None:
    """What `chalice local` (make run) does with the browser's OPTIONS."""
    gateway = LocalGateway(cors_app, Config())
    answer = gateway.handle_request(
        "OPTIONS",
        "/sessions/12",
        {
            "origin": ORIGIN,
            "access-control-request-method": "PATCH",
            "access-control-request-headers": "authorization,content-type,if-match",
        },
        b"",
    )
    assert answer["statusCode"] == 200
    headers = answer["headers"]
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert set(headers["Access-Control-Allow-Methods"].split(",")) == {
        "GET",
        "PATCH",
        "DELETE",
        "OPTIONS",
    }
    assert "If-Match" in headers["Access-Control-Allow-Headers"].split(",")


def test_without_the_variable_there_is_no_cors(api: Api, demo: Settings) -> None:
    from app import app

    assert all(entry.cors is None for methods in app.routes.values() for entry in methods.values())
    answer = api.as_user(ANNE_FRANK_ADMIN, "GET", "/me")
    assert "access-control-allow-origin" not in _headers(answer)
    # Nor any preflight in what `chalice package` writes: the stage's comes from the template.
    swagger = CFNSwaggerGenerator().generate_swagger(app)
    assert not [path for path, spec in swagger["paths"].items() if "options" in spec]


def test_the_template_gives_the_stage_its_preflight_and_origin() -> None:
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    resources = template["Resources"]
    origin = {"Fn::Sub": "'${WebOrigin}'"}
    cors = resources["RestAPI"]["Properties"]["Cors"]
    assert cors["AllowOrigin"] == origin
    for name in ("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "Accept"):
        assert name in cors["AllowHeaders"].strip("'").split(",")
    assert set(cors["AllowMethods"].strip("'").split(",")) >= {"GET", "POST", "PATCH", "DELETE"}
    # API Gateway's own errors (413, 429, 5xx…) carry the origin too.
    for response in resources["RestAPI"]["Properties"]["GatewayResponses"].values():
        assert response["ResponseParameters"]["Headers"]["Access-Control-Allow-Origin"] == origin
    variables = resources["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert variables["WEB_ORIGIN"] == {"Ref": "WebOrigin"}


def test_the_static_site_bucket_is_private_behind_cloudfront() -> None:
    resources = json.loads(TEMPLATE.read_text(encoding="utf-8"))["Resources"]
    bucket = resources["WebBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    distribution = resources["WebDistribution"]["Properties"]["DistributionConfig"]
    (origin,) = distribution["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert distribution["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    statements = resources["WebBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    (reader,) = [s for s in statements if s["Effect"] == "Allow"]
    assert reader["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert reader["Action"] == "s3:GetObject"
    assert "AWS:SourceArn" in reader["Condition"]["StringEquals"]


def test_the_cold_import_stays_free_of_pydantic() -> None:
    """The origin is read when routes are declared, by a settings module without pydantic."""
    code = "import sys, app; print('pydantic' in sys.modules, 'shared.settings' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={"WEB_ORIGIN": ORIGIN, "PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "eu-west-3"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
