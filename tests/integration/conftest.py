"""Integration fixtures: moto in server mode (the same as `make run`), a fresh stack per test,
and Chalice's test client with helpers to log in and call the API."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from chalice.test import Client, HTTPResponse
from moto.server import ThreadedMotoServer

from devstack.demo import DEMO_PASSWORD, seed
from devstack.moto_serial import serialize_moto_server
from devstack.resources import provision
from devstack.stackfile import local_environment
from functions import wiring
from shared.adapters import aws
from shared.settings import Settings

# Integration tests run on a pinned clock: 1 December 2026, 09:00 in Paris.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    port = _free_port()
    serialize_moto_server()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def stack(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    requests.post(f"{moto_url}/moto-api/reset", timeout=10).raise_for_status()
    config = provision(moto_url)
    for name, value in local_environment(config).items():
        monkeypatch.setenv(name, value)
    aws.reset()
    wiring.reset()
    wiring.override(clock=lambda: NOW)
    return config


@pytest.fixture
def demo(stack: Settings) -> Settings:
    """The demo centers and users; rosters are left to each test (they cost time)."""
    seed(stack, with_rosters=False)
    return stack


class Api:
    """Chalice's test client with JSON and token helpers."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self._tokens: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        raw: bytes | str | None = None,
    ) -> HTTPResponse:
        sent = {"Content-Type": "application/json; charset=utf-8"}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        sent.update(headers or {})
        payload = raw if raw is not None else (json.dumps(body) if body is not None else b"")
        # A text body reaches the handler as a str, as API Gateway hands it over: Chalice's
        # local gateway passes it on as it came, only its annotation says bytes.
        http: Any = self.client.http
        answer: HTTPResponse = http.request(method, path, headers=sent, body=payload)
        return answer

    def login(self, email: str, password: str = DEMO_PASSWORD) -> str:
        if email not in self._tokens:
            answer = self.request("POST", "/auth/login", {"email": email, "password": password})
            assert answer.status_code == 200, answer.body
            self._tokens[email] = answer.json_body["idToken"]
        return self._tokens[email]

    def as_user(
        self, email: str, method: str, path: str, body: Any = None, **kwargs: Any
    ) -> HTTPResponse:
        return self.request(method, path, body, token=self.login(email), **kwargs)


@pytest.fixture
def api(stack: Settings) -> Iterator[Api]:
    from app import app

    with Client(app) as client:
        yield Api(client)


ANNE_FRANK_ADMIN = "admin@anne-frank.test"
LECONTE_ADMIN = "admin@leconte-de-lisle.test"
PIX_STAFF = "staff@pix.test"
