"""The web front end (web/) for `make run`: a small static file server in a thread.

It serves the files as they are (no build step), answers `/config.js` from memory with the
API's URL (so that two stacks on different ports never read each other's configuration), and
sends the security headers a real deployment sends, the Content-Security-Policy first: the
front end must work without inline scripts or styles, locally as in production.

Given a mailbox (devstack/mailbox.py), it also shows the e-mails the stack sent, at
`/_local/mail` and `/_local/mail.json`: a page of its own, with its own policy (no script at
all), that the front end's pages never share.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from devstack import mailbox as local_mail

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
CONFIG_NAME = "config.js"
# The first line marks a config.js written by the local stack, with the pid that owns it.
CONFIG_MARKER = "// Écrit par la pile locale (make run), pid "

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

# Real addresses of the single-page front end, for links that must not depend on a #fragment
# (the invitation e-mail's /rejoindre?invitation=…&code=…): answered with index.html, whose
# router draws the screen. CloudFront does the same in production (the WebAppAddresses
# function of infra/template.json).
APP_ADDRESSES = frozenset({"/rejoindre"})


def config_script(api_url: str, pid: int | None = None) -> str:
    """The content of web/config.js: an ES module whose default export is the configuration."""
    marker = f"{CONFIG_MARKER}{pid if pid is not None else os.getpid()}.\n"
    payload = json.dumps({"apiUrl": api_url.rstrip("/")}, ensure_ascii=False)
    return f"{marker}export default Object.freeze({payload});\n"


def content_security_policy(connect_to: list[str]) -> str:
    sources = " ".join(["'self'", *connect_to])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            f"connect-src {sources}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def write_config(api_url: str, web_dir: Path = WEB_DIR) -> Path:
    """Write web/config.js for any other static server pointed at web/ (git-ignored)."""
    path = web_dir / CONFIG_NAME
    partial = path.with_name(f".{CONFIG_NAME}.{os.getpid()}.tmp")
    partial.write_text(config_script(api_url), encoding="utf-8")
    partial.replace(path)
    return path


def remove_config(path: Path) -> None:
    """Remove web/config.js if this process wrote it (another `make run` may have since)."""
    try:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return
    if first_line == f"{CONFIG_MARKER}{os.getpid()}.":
        path.unlink(missing_ok=True)


@dataclass(frozen=True)
class WebSettings:
    web_dir: Path
    config: bytes
    canonical_origin: str
    security_headers: tuple[tuple[str, str], ...]
    # The e-mails sent so far, newest first (the local stack's moto); None: no mailbox.
    mailbox: Callable[[], list[local_mail.LocalMail]] | None = None


class _Handler(SimpleHTTPRequestHandler):
    server: _WebServer
    # The mailbox page's own policy replaces the front end's for that one answer.
    _policy: str | None = None

    def __init__(self, request: Any, client_address: Any, server: _WebServer) -> None:
        # The base class handles the request inside __init__: the directory must come first.
        super().__init__(request, client_address, server, directory=str(server.settings.web_dir))

    @property
    def settings(self) -> WebSettings:
        return self.server.settings

    def translate_path(self, path: str) -> str:
        if urlsplit(path).path in APP_ADDRESSES:
            path = "/index.html"
        return super().translate_path(path)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return MEDIA_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")

    def end_headers(self) -> None:
        for name, value in self.settings.security_headers:
            if name == "Content-Security-Policy" and self._policy:
                self.send_header(name, self._policy)
            else:
                self.send_header(name, value)
        # Local development: always the files as they are on disk.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _redirect_localhost(self) -> bool:
        """`localhost` is another origin than 127.0.0.1 for CORS: send the browser to the one
        the API accepts."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        canonical = urlsplit(self.settings.canonical_origin).hostname
        if host != "localhost" or canonical == "localhost":
            return False
        self.send_response(HTTPStatus.PERMANENT_REDIRECT)
        self.send_header("Location", f"{self.settings.canonical_origin}{self.path}")
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def _send_config(self, with_body: bool) -> None:
        body = self.settings.config
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", MEDIA_TYPES[".js"])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _send_mailbox(self, path: str) -> None:
        read = self.settings.mailbox
        assert read is not None
        mails = read()
        if path == local_mail.JSON_PATH:
            payload = [mail.as_json() for mail in mails]
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            media_type = MEDIA_TYPES[".json"]
        else:
            body = local_mail.page(mails).encode("utf-8")
            media_type = MEDIA_TYPES[".html"]
            self._policy = local_mail.PAGE_POLICY
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._policy = None
        if self._redirect_localhost():
            return
        path = urlsplit(self.path).path
        if path == f"/{CONFIG_NAME}":
            self._send_config(with_body=True)
            return
        if self.settings.mailbox is not None and path in {
            local_mail.PAGE_PATH,
            local_mail.JSON_PATH,
        }:
            self._send_mailbox(path)
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if self._redirect_localhost():
            return
        if urlsplit(self.path).path == f"/{CONFIG_NAME}":
            self._send_config(with_body=False)
            return
        super().do_HEAD()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "Not found")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # The API logs its requests; the web server only reports the ones that failed.
        if str(code).isdigit() and int(code) >= HTTPStatus.BAD_REQUEST:
            super().log_request(code, size)

    def log_error(self, format: str, *args: Any) -> None:
        return None


class _WebServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], settings: WebSettings) -> None:
        self.settings = settings
        super().__init__(address, _Handler)


class WebServer:
    """Serves `web_dir` on host:port in a background thread until `stop()`."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        api_url: str,
        canonical_origin: str,
        connect_to: list[str],
        web_dir: Path = WEB_DIR,
        mailbox: Callable[[], list[local_mail.LocalMail]] | None = None,
    ) -> None:
        settings = WebSettings(
            web_dir=web_dir,
            config=config_script(api_url).encode("utf-8"),
            canonical_origin=canonical_origin.rstrip("/"),
            security_headers=(
                ("Content-Security-Policy", content_security_policy(connect_to)),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "no-referrer"),
                ("X-Frame-Options", "DENY"),
            ),
            mailbox=mailbox,
        )
        self._server = _WebServer((host, port), settings)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="web-server", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
