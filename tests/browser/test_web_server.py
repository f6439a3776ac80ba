"""The static server of `make run` (devstack/web_server.py), without a browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from devstack.web_server import WebServer, config_script, remove_config, write_config

API = "http://127.0.0.1:8123"
MOTO = "http://127.0.0.1:5123"


@pytest.fixture
def server() -> Iterator[WebServer]:
    web = WebServer(
        "127.0.0.1", 0, api_url=API, canonical_origin="http://127.0.0.1:1", connect_to=[API, MOTO]
    )
    web.start()
    yield web
    web.stop()


def url(server: WebServer, path: str) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def test_serves_the_front_end_with_its_security_headers(server: WebServer) -> None:
    page = requests.get(url(server, "/"), timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="fr">' in page.text
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert f"connect-src 'self' {API} {MOTO};" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    module = requests.get(url(server, "/js/app.js"), timeout=5)
    assert module.headers["Content-Type"] == "text/javascript; charset=utf-8"


def test_the_invitation_address_is_answered_with_the_front_end(server: WebServer) -> None:
    """The e-mail's link is a real path: the router of index.html draws « Rejoindre le centre »."""
    index = requests.get(url(server, "/"), timeout=5)
    page = requests.get(url(server, "/rejoindre?invitation=inv-1&code=abc"), timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.text == index.text
    assert "script-src 'self';" in page.headers["Content-Security-Policy"]
    assert requests.head(url(server, "/rejoindre"), timeout=5).status_code == 200
    # Only that address: relative links (css/app.css) would break under /rejoindre/.
    assert requests.get(url(server, "/rejoindre/"), timeout=5).status_code == 404
    assert requests.get(url(server, "/rejoindre/x"), timeout=5).status_code == 404


def test_config_js_comes_from_memory(server: WebServer) -> None:
    answer = requests.get(url(server, "/config.js"), timeout=5)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert f'export default Object.freeze({{"apiUrl": "{API}"}});' in answer.text


def test_no_listing_no_escape(server: WebServer) -> None:
    assert requests.get(url(server, "/js/"), timeout=5).status_code == 404
    assert requests.get(url(server, "/../pyproject.toml"), timeout=5).status_code == 404
    assert requests.get(url(server, "/%2e%2e/pyproject.toml"), timeout=5).status_code == 404


def test_localhost_is_sent_to_the_origin_the_api_accepts(server: WebServer) -> None:
    answer = requests.get(
        url(server, "/#/sessions"),
        headers={"Host": f"localhost:{server.port}"},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 308
    assert answer.headers["Location"] == "http://127.0.0.1:1/"


def test_config_file_is_removed_only_by_its_writer(tmp_path: Path) -> None:
    path = write_config(API, tmp_path)
    assert path.read_text(encoding="utf-8") == config_script(API)
    path.write_text(config_script(API, pid=1), encoding="utf-8")
    remove_config(path)
    assert path.exists()
    write_config(API, tmp_path)
    remove_config(path)
    assert not path.exists()
