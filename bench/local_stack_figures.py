"""The local stack's health: its memory over a long run, and how fast it stops.

Starts `python -m devstack run` on free ports (as tests/e2e does), sends N requests of a
realistic mix through the HTTP API — logins (and failed ones), session lists and reads,
creations with an Idempotency-Key, enrolments, the invigilator's login, failed and successful
joins, uploads through the presigned form, and two concurrent finalizations of each session
(one of them fails its transaction's condition, as in real use) — and prints the resident
memory (VmRSS) of the stack's process every `--every` requests. Then it sends SIGTERM (or
SIGINT) and prints how long the process took to exit.

Figures, not a test: the targets (< 1 GB after 10 000 requests, stopped within 5 s) are
printed beside the figures.

    .venv/bin/python -m bench.local_stack_figures --requests 10000
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from devstack.banner import READY
from devstack.demo import DEMO_PASSWORD
from devstack.launch import free_ports, stack_command, stack_environment
from shared.adapters.dynamo.keys import IDEMPOTENCY_PK

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "admin@anne-frank.test"
CENTER = "c-anne-frank"
STARTUP_TIMEOUT = 120.0
STOP_LIMIT = 120.0
MEMORY_TARGET_MB = 1024
STOP_TARGET_S = 5.0
MAX_BROKEN_ROUNDS = 50
# The API locks a client IP out after 50 failed logins in 15 minutes (docs/security.md): one
# failed login every tenth session's day stays below that at the bench's pace.
FAILED_LOGIN_EVERY = 10
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def rss_mb(pid: int) -> float | None:
    """VmRSS of a process, in MB (None once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


@dataclass
class Stack:
    process: subprocess.Popen[str]
    api_url: str
    stack_file: Path
    lines: collections.deque[str] = field(default_factory=lambda: collections.deque(maxlen=400))
    errors: int = 0

    def log(self) -> str:
        return "".join(self.lines)


def start(log: Path | None = None) -> Stack:
    api_port, moto_port, web_port = free_ports(3)
    stack_file = Path(tempfile.mkdtemp(prefix="local-stack-figures-")) / "stack.json"
    process = subprocess.Popen(
        stack_command(api_port, moto_port, web_port),
        cwd=ROOT,
        env=stack_environment(stack_file),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    stack = Stack(process, f"http://127.0.0.1:{api_port}", stack_file)

    def read() -> None:
        assert process.stdout is not None
        with open(log or os.devnull, "a", encoding="utf-8") as copy:
            for line in process.stdout:
                stack.lines.append(line)
                copy.write(line)
                if "Traceback" in line:
                    stack.errors += 1

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while READY not in stack.log():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            shutil.rmtree(stack_file.parent, ignore_errors=True)
            raise RuntimeError(f"the local stack did not start:\n{stack.log()}")
        time.sleep(0.2)
    return stack


class Client:
    """Counts the requests it sends, and calls `tick` after each one."""

    def __init__(self, api_url: str, tick: Callable[[], None]) -> None:
        self.api_url = api_url
        self.sent = 0
        self.statuses: collections.Counter[int] = collections.Counter()
        self._tick = tick
        self._http = requests.Session()
        self._lock = threading.Lock()

    def call(
        self, method: str, path: str, token: str = "", *, http: Any = None, **how: Any
    ) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers.update(how.pop("headers", {}))
        url = path if path.startswith("http") else f"{self.api_url}{path}"
        answer: requests.Response = (http or self._http).request(
            method, url, headers=headers, timeout=120, **how
        )
        with self._lock:
            self.sent += 1
            self.statuses[answer.status_code] += 1
        self._tick()
        return answer


def one_day(client: Client, today: str, round_number: int) -> None:
    """One session's life, about twenty requests: what a school and its pupils do."""
    if round_number % FAILED_LOGIN_EVERY == 1:
        failed = client.call(
            "POST",
            "/auth/login",
            json={"email": f"nobody-{round_number}@nowhere.test", "password": "not-it"},
        )
        assert failed.status_code == 401, failed.text
    logged = client.call("POST", "/auth/login", json={"email": ADMIN, "password": DEMO_PASSWORD})
    assert logged.status_code == 200, logged.text
    admin = logged.json()["idToken"]
    client.call("GET", "/me", admin)
    client.call("GET", f"/centers/{CENTER}/sessions?pageSize=20", admin)
    created = client.call(
        "POST",
        f"/centers/{CENTER}/sessions",
        admin,
        json={
            "address": "Collège Anne Frank",
            "room": f"Salle {round_number}",
            "date": today,
            "time": "23:59",
            "examiner": "M. Banc",
        },
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code == 201, created.text
    session = created.json()
    sid = session["id"]
    client.call("GET", f"/sessions/{sid}", admin)
    offset = (round_number * 2) % 40
    pupils = client.call("GET", f"/sessions/{sid}/students?pageSize=50", admin).json()["items"]
    chosen = pupils[offset : offset + 2] or pupils[:2]
    client.call(
        "POST",
        f"/sessions/{sid}/candidates",
        admin,
        json={"studentIds": [p["id"] for p in chosen]},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    candidates = client.call("GET", f"/sessions/{sid}/candidates", admin).json()["items"]
    invigilator = client.call(
        "POST",
        "/invigilator/login",
        json={"sessionId": sid, "supervisorPassword": session["supervisorPassword"]},
    ).json()["invigilatorToken"]

    def form(pupil: dict[str, Any], code: str) -> dict[str, str]:
        return {
            "accessCode": code,
            "lastName": pupil["lastName"],
            "firstName": pupil["firstName"],
            "birthdate": pupil["birthdate"],
        }

    pupil = candidates[0]
    wrong = client.call("POST", f"/sessions/{sid}/join", json=form(pupil, "ZZZZZZ"))
    assert wrong.status_code >= 400, wrong.text
    waiting = client.call("POST", f"/sessions/{sid}/join", json=form(pupil, session["accessCode"]))
    assert waiting.status_code >= 400, waiting.text
    client.call(
        "POST",
        f"/sessions/{sid}/candidates/{pupil['id']}/authorize-to-start",
        invigilator,
        json={"authorized": True},
    )
    entered = client.call("POST", f"/sessions/{sid}/join", json=form(pupil, session["accessCode"]))
    assert entered.status_code == 200, entered.text
    submission = {
        "candidates": [{"candidateId": pupil["id"], "abortReason": "TECHNICAL"}],
    }
    client.call("GET", f"/sessions/{sid}/supervising", invigilator)

    grant = client.call(
        "POST",
        f"/sessions/{sid}/attachments",
        admin,
        json={"fileName": "PV.png", "contentType": "image/png", "size": len(PNG)},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert grant.status_code == 201, grant.text
    upload = grant.json()["upload"]
    client.call("POST", upload["url"], data=upload["fields"], files={"file": ("PV.png", PNG)})
    client.call("GET", f"/sessions/{sid}/attachments", admin)

    # Two clicks on « Valider » at once: one wins, the other's transaction fails its condition.
    answers: list[int] = []

    def finalize() -> None:
        with requests.Session() as own:
            answer = client.call(
                "POST", f"/sessions/{sid}/finalize", admin, http=own, json=submission
            )
            answers.append(answer.status_code)

    both = [threading.Thread(target=finalize) for _ in range(2)]
    for thread in both:
        thread.start()
    for thread in both:
        thread.join()
    assert sorted(answers)[0] == 200 and len(answers) == 2, answers


def census(stack: Stack) -> str:
    """What the table holds: its items, the idempotency records among them, and the items with
    a TTL attribute (moto never expires them; DynamoDB does, within days)."""
    import boto3

    environment = json.loads(stack.stack_file.read_text(encoding="utf-8"))["environment"]
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=environment["AWS_ENDPOINT_URL"],
        region_name=environment["AWS_REGION"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    items = idempotency = expiring = 0
    pages = dynamodb.get_paginator("scan").paginate(
        TableName=environment["TABLE_NAME"], ProjectionExpression="pk, expiresAt"
    )
    for page in pages:
        for item in page["Items"]:
            items += 1
            idempotency += item["pk"].get("S") == IDEMPOTENCY_PK
            expiring += "expiresAt" in item
    return (
        f"table: {items} items, of which {idempotency} idempotency records; "
        f"{expiring} with a TTL attribute"
    )


def stop(stack: Stack, signum: int) -> float:
    """Seconds from the signal to the process's exit (STOP_LIMIT, then SIGKILL, if stuck);
    the stack's scratch directory (its stack file's, from `start`) is removed afterwards."""
    started = time.monotonic()
    stack.process.send_signal(signum)
    try:
        stack.process.wait(STOP_LIMIT)
    except subprocess.TimeoutExpired:
        stack.process.kill()
        stack.process.wait()
    seconds = time.monotonic() - started
    shutil.rmtree(stack.stack_file.parent, ignore_errors=True)
    return seconds


def measure(
    total: int,
    every: int,
    signum: int,
    log: Path | None = None,
    out: Callable[[str], None] = print,
) -> None:
    stack = start(log)
    pid = stack.process.pid
    out(f"stack pid {pid}, API {stack.api_url}")
    samples: list[tuple[int, float, float]] = []
    started = time.monotonic()
    next_sample = [every]
    client: Client

    def tick() -> None:
        if client.sent >= next_sample[0]:
            next_sample[0] += every
            stack_mb = rss_mb(pid) or 0.0
            api_mb = sum(rss_mb(child) or 0.0 for child in children(pid))
            elapsed = time.monotonic() - started
            samples.append((client.sent, stack_mb, elapsed))
            out(
                f"{client.sent:>7} requests  stack RSS {stack_mb:>7.0f} MB"
                f"  (chalice local {api_mb:>5.0f} MB)  {elapsed:>6.0f} s"
                f"  {client.sent / elapsed:>5.1f} req/s"
            )

    client = Client(stack.api_url, tick)
    out(f"{0:>7} requests  stack RSS {rss_mb(pid) or 0:>7.0f} MB (started)")
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    round_number = 0
    broken: list[str] = []
    try:
        while client.sent < total:
            round_number += 1
            try:
                one_day(client, today, round_number)
            except (AssertionError, KeyError, IndexError, requests.RequestException) as error:
                # An unexpected answer (a 500...) ends this session's day; the next one starts.
                broken.append(f"round {round_number}: {str(error)[:200]}")
                if len(broken) > MAX_BROKEN_ROUNDS or stack.process.poll() is not None:
                    raise
    except BaseException:
        out(stack.log()[-4000:])
        stop(stack, signal.SIGTERM)
        raise
    final_mb = rss_mb(pid) or 0.0
    out(census(stack))
    seconds = stop(stack, signum)
    name = signal.Signals(signum).name
    out(f"statuses: {dict(sorted(client.statuses.items()))}; tracebacks in the log: {stack.errors}")
    out(f"rounds broken by an unexpected answer: {len(broken)} of {round_number}")
    for line in broken[:5]:
        out(f"  {line}")
    memory_verdict = "met" if final_mb < MEMORY_TARGET_MB else "NOT MET"
    stop_verdict = "met" if seconds <= STOP_TARGET_S else "NOT MET"
    out(
        f"after {client.sent} requests: stack RSS {final_mb:.0f} MB "
        f"(target < {MEMORY_TARGET_MB} MB: {memory_verdict})"
    )
    out(
        f"{name} → exit in {seconds:.2f} s, status {stack.process.returncode} "
        f"(target ≤ {STOP_TARGET_S:.0f} s: {stop_verdict})"
    )
    tail = [line.rstrip() for line in stack.lines if "arrêt" in line.lower()]
    out("last lines: " + " | ".join(tail[-2:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.local_stack_figures", description=__doc__
    )
    parser.add_argument("--requests", type=int, default=10_000, help="requests to send (10 000)")
    parser.add_argument("--every", type=int, default=1_000, help="RSS printed every … (1 000)")
    parser.add_argument(
        "--signal", choices=["TERM", "INT"], default="TERM", help="how to stop it (TERM)"
    )
    parser.add_argument("--log", type=Path, help="a file for everything the stack prints")
    options = parser.parse_args(argv)
    measure(options.requests, options.every, getattr(signal, f"SIG{options.signal}"), options.log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
