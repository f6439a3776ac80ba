"""`make run`: moto in server mode, our resources and demo data in it, then `chalice local`,
and the web front end (web/) on its own port.

Every e-mail the stack sends (the API's through SES, and the forgotten-password codes that
Cognito e-mails in AWS) lands in moto's SES, shown by the web server at /_local/mail.

Everything lives in memory: stopping (Ctrl-C or SIGTERM) stops `chalice local`, the web server
and moto, removes the stack file and web/config.js, and the next run starts from scratch. The
process is gone within STOP_DEADLINE seconds of the signal, whatever its size: see
`python -m devstack` (devstack/__main__.py) and docs/local-stack.md.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from moto.server import ThreadedMotoServer

from devstack import stackfile
from devstack.banner import banner
from devstack.demo import DEMO_PASSWORD, DEMO_USERS, exam_days, seed
from devstack.mailbox import PAGE_PATH, MotoMailbox
from devstack.moto_cognito import answer_like_aws
from devstack.moto_memory import stop_tracking_moto_models
from devstack.moto_serial import serialize_moto_server
from devstack.resources import provision
from devstack.stackfile import local_environment, stack_file
from devstack.sweeper import Sweeper
from devstack.upload_watcher import UploadWatcher
from devstack.web_server import WebServer, remove_config, write_config
from shared import bootstrap
from shared.adapters import aws
from shared.domain.email import compose
from shared.services.ports import Mailer
from shared.settings import WEB_ORIGIN, Settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
MOTO_HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60.0
# `chalice local` dies at once on SIGTERM; it is killed if it has not after this.
STOP_TIMEOUT = 3.0
# From Ctrl-C or SIGTERM to the process's exit, at most: past it, the stack exits at once.
STOP_DEADLINE = 4.5


@dataclass(frozen=True)
class Options:
    api_port: int = 8000
    moto_port: int = 5055
    host: str = "127.0.0.1"
    web_port: int = 8080


class StartupError(Exception):
    """Something keeps the stack from starting; the message says what, in French and English."""


class _Signals:
    """Ctrl-C and SIGTERM only raise a flag: the main loop notices it and cleans up. The first
    one also starts a deadline: if the cleanups are not done within STOP_DEADLINE seconds,
    the process exits anyway (a stuck stack is worse than a stale stack file, which the next
    run ignores)."""

    def __init__(self, deadline: float = STOP_DEADLINE) -> None:
        self.received: int | None = None
        self._deadline = deadline
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            timer = threading.Timer(self._deadline, _exit_now, args=(signum,))
            timer.daemon = True
            timer.start()
        self.received = signum

    def sleep(self, seconds: float) -> bool:
        """Sleep unless a stop was asked; True when one was."""
        deadline = time.monotonic() + seconds
        while self.received is None and time.monotonic() < deadline:
            time.sleep(min(0.1, max(deadline - time.monotonic(), 0)))
        return self.received is not None


def say(message: str) -> None:
    print(message, flush=True)


def _exit_now(signum: int) -> None:
    print(
        f"Arrêt forcé après {STOP_DEADLINE:.1f} s / forced stop after {STOP_DEADLINE:.1f} s "
        f"({signal.Signals(signum).name}).",
        file=sys.stderr,
        flush=True,
    )
    os._exit(1)


class ResetCodeMail:
    """What Cognito does in AWS with a forgotten-password code: e-mail it, with the text of
    the `password-reset` template (the pool's own message in infra/template.json is the same).
    Here the app's mailer sends it to moto's SES, so it lands in the local mailbox; the console
    only says where to read it — or, if the e-mail failed, gives the code itself, so that
    nobody is left without it."""

    def __init__(self, mailer: Mailer, mailbox_url: str) -> None:
        self._mailer = mailer
        self._mailbox_url = mailbox_url

    def __call__(self, address: str, code: str) -> None:
        try:
            sent = self._mailer.send(compose("password-reset", (address,), {"code": code}))
        except Exception:  # the pool's answer must not depend on the local e-mail
            sent = False
        if sent:
            say(
                f"Code de réinitialisation envoyé à {address} : {self._mailbox_url} / "
                f"password reset code e-mailed to {address}: {self._mailbox_url}"
            )
        else:
            say(
                f"E-mail du code non envoyé ; code de réinitialisation pour {address} : {code} / "
                f"e-mail failed; password reset code for {address}: {code}"
            )


def check_port_free(host: str, port: int, what: str, flag: str) -> None:
    with socket.socket() as probe:
        # Servers set SO_REUSEADDR too: only a listening socket makes the port busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise StartupError(
                f"Le port {port} ({what}) est déjà utilisé sur {host} : arrêtez l'autre "
                f"processus (un autre `make run` ?) ou choisissez un autre port avec {flag}.\n"
                f"Port {port} ({what}) is already in use on {host}: stop the other process "
                f"(another `make run`?) or pick another port with {flag}. ({error.strerror})"
            ) from error


def chalice_local(options: Options, config: Settings, web_origin: str) -> subprocess.Popen[bytes]:
    chalice = Path(sys.executable).parent / "chalice"
    environment = {
        **os.environ,
        **local_environment(config),
        # CORS: the API answers browsers of the local web front end, and only those.
        WEB_ORIGIN: web_origin,
        "PYTHONUNBUFFERED": "1",
    }
    environment.pop("AWS_PROFILE", None)
    command = [str(chalice), "local", "--host", options.host, "--port", str(options.api_port)]
    return subprocess.Popen(
        [*command, "--stage", "local", "--no-autoreload"],
        cwd=PROJECT_DIR,
        env=environment,
        # Its own process group: the terminal's Ctrl-C reaches us only, and we stop it.
        start_new_session=True,
    )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_moto(port: int) -> ThreadedMotoServer:
    """moto in server mode, patched where it holds on to memory or serves requests in
    parallel (devstack/moto_memory.py, moto_serial.py); its Cognito is patched in _start, once
    the stack's SES exists to e-mail the reset codes (devstack/moto_cognito.py)."""
    # One log line per AWS call drowns the API's own logs.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    serialize_moto_server()
    stop_tracking_moto_models()
    moto = ThreadedMotoServer(ip_address=MOTO_HOST, port=port, verbose=False)
    moto.start()
    return moto


def api_answers(api_url: str) -> bool:
    """The demo admin can log in: the app, its settings and moto all work."""
    body = json.dumps({"email": DEMO_USERS[0].email, "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(  # noqa: S310 (our own http URL)
        f"{api_url}/auth/login",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
            return int(answer.status) == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_ready(api_url: str, chalice: subprocess.Popen[bytes], signals: _Signals) -> bool:
    """True once the API answers, False if a stop was asked meanwhile."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not api_answers(api_url):
        if chalice.poll() is not None:
            raise StartupError(
                f"`chalice local` s'est arrêté (code {chalice.returncode}) : voir ci-dessus.\n"
                f"`chalice local` exited (code {chalice.returncode}): see above."
            )
        if time.monotonic() > deadline:
            raise StartupError(
                f"L'API ne répond pas après {STARTUP_TIMEOUT:.0f} s / "
                f"the API did not answer within {STARTUP_TIMEOUT:.0f} s: {api_url}"
            )
        if signals.sleep(0.3):
            return False
    return True


def _start(options: Options, signals: _Signals, cleanup: ExitStack) -> int:
    if len({options.api_port, options.moto_port, options.web_port}) < 3:
        raise StartupError(
            "--api-port, --moto-port et --web-port doivent différer / must all differ."
        )
    path = stack_file()
    other = stackfile.running_pid(path)
    if other is not None:
        raise StartupError(
            f"Une pile locale tourne déjà (pid {other}, {path}) : arrêtez-la d'abord.\n"
            f"A local stack is already running (pid {other}, {path}): stop it first."
        )
    check_port_free(MOTO_HOST, options.moto_port, "moto", "--moto-port")
    check_port_free(options.host, options.api_port, "API", "--api-port")
    check_port_free(options.host, options.web_port, "interface web", "--web-port")

    moto_url = f"http://{MOTO_HOST}:{options.moto_port}"
    shown_host = "127.0.0.1" if options.host in {"0.0.0.0", ""} else options.host  # noqa: S104
    api_url = f"http://{shown_host}:{options.api_port}"
    web_url = f"http://{shown_host}:{options.web_port}"
    say(f"Démarrage de moto / starting moto on {moto_url}…")
    moto = start_moto(options.moto_port)
    cleanup.callback(say, "Pile locale arrêtée / local stack stopped.")
    cleanup.callback(moto.stop)

    # The front end's address is part of the stack's settings: links in e-mails (the
    # sweep's, the invitations') point to it, in this process and in `certif-admin --local`.
    config = provision(moto_url).with_values(web_origin=web_url)
    os.environ.update(local_environment(config))
    os.environ.pop("AWS_PROFILE", None)
    aws.reset()
    mailbox_url = f"{web_url}{PAGE_PATH}"
    # Patched before any request can reach Cognito: nothing has called the API yet (chalice
    # starts later), and the demo's users never ask for a reset code.
    answer_like_aws(send_code=ResetCodeMail(bootstrap.dependencies(config).mailer, mailbox_url))
    seed(config)
    portal = exam_days(config)
    # moto delivers no S3 event to `chalice local`: the watcher feeds uploads to the verifier.
    watcher = UploadWatcher(config, say=say)
    watcher.start()
    cleanup.callback(watcher.stop)
    # chalice local runs no schedules: the 48-hour sweep runs here, every 15 minutes.
    sweeper = Sweeper()
    sweeper.start()
    cleanup.callback(sweeper.stop)
    stackfile.write(config, api_url, path)
    cleanup.callback(stackfile.remove, path)
    if signals.received is not None:
        return 0

    say(f"Démarrage de l'interface web / starting the web front end on {web_url}…")
    web = WebServer(
        options.host,
        options.web_port,
        api_url=api_url,
        canonical_origin=web_url,
        # The browser calls the API, and sends documents straight to S3 (moto here).
        connect_to=[api_url, moto_url],
        mailbox=MotoMailbox(config.region),
    )
    web.start()
    cleanup.callback(web.stop)
    cleanup.callback(remove_config, write_config(api_url))

    say(f"Démarrage de l'API / starting the API on {api_url} (chalice local)…")
    chalice = chalice_local(options, config, web_origin=web_url)
    cleanup.callback(stop_process, chalice)
    if not wait_until_ready(api_url, chalice, signals):
        return 0
    say(banner(api_url, moto_url, path, web_url=web_url, exam_days=portal, mailbox_url=mailbox_url))

    while not signals.sleep(0.5):
        if chalice.poll() is not None:
            raise StartupError(
                f"`chalice local` s'est arrêté (code {chalice.returncode}) / exited."
            )
    say("\nArrêt de la pile locale / stopping the local stack…")
    return 0


def run(options: Options) -> int:
    signals = _Signals()
    with ExitStack() as cleanup:
        try:
            status = _start(options, signals, cleanup)
        except StartupError as error:
            print(f"\n{error}", file=sys.stderr, flush=True)
            status = 1
    return status
