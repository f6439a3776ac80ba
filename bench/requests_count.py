"""AWS requests and in-process latency of each route, through Chalice's test client, on moto.

The requests are counted by a botocore 'before-send' hook installed with `aws.on_request`:
its event name is `before-send.<service>.<Operation>`, fired once per HTTP attempt (retries
included) by the app's own boto3 session only, so seeding and provisioning are not counted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from random import Random
from typing import Any, TextIO

from chalice.test import Client
from moto.server import ThreadedMotoServer

from bench.stats import Timing, table, verdict
from devstack.demo import ANNE_FRANK, DEMO_PASSWORD, seed
from devstack.resources import StackConfig, provision
from functions import wiring
from shared.adapters import aws
from shared.adapters.dynamo.items import key
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.users import user_pk
from shared.domain.codes import generate_access_code, generate_supervisor_password
from shared.domain.errors import AccessCodeTaken
from shared.domain.session import SessionDetails, SessionStatus, new_session
from shared.observability import logger

ROOT = Path(__file__).resolve().parent.parent
# The pinned clock: 1 December 2026, 09:00 in Paris (as the integration tests), so that every
# session of the benchmark lies in the future.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CENTER_ID = ANNE_FRANK.id
ADMIN = "admin@anne-frank.test"
JSON = {"Content-Type": "application/json; charset=utf-8"}


# --- counting AWS requests ------------------------------------------------------------------


@dataclass
class Recording:
    """What one call made: `service.Operation` per HTTP request, and the time spent inside
    botocore API calls (signing, HTTP to moto, moto's work, parsing)."""

    calls: list[str] = field(default_factory=list)
    aws_seconds: float = 0.0


class RequestRecorder:
    """Counts requests with a botocore 'before-send' hook (installed with `aws.on_request`) and
    times API calls with 'before-call' / 'after-call' hooks on the app's cached clients."""

    def __init__(self) -> None:
        self._recording: Recording | None = None
        self._call_started: float | None = None

    def __call__(self, event_name: str = "", **_: Any) -> None:
        # Must return None: a 'before-send' handler that returns something replaces the response.
        if self._recording is not None:
            self._recording.calls.append(event_name.removeprefix("before-send."))

    def attach_timer(self, client: Any) -> None:
        client.meta.events.register("before-call", self._before_call)
        client.meta.events.register("after-call", self._after_call)
        client.meta.events.register("after-call-error", self._after_call)

    def _before_call(self, **_: Any) -> None:  # None, or botocore would skip the request
        self._call_started = time.perf_counter()

    def _after_call(self, **_: Any) -> None:
        if self._recording is not None and self._call_started is not None:
            self._recording.aws_seconds += time.perf_counter() - self._call_started
        self._call_started = None

    @contextlib.contextmanager
    def recording(self) -> Iterator[Recording]:
        recording = Recording()
        self._recording = recording
        try:
            yield recording
        finally:
            self._recording = None


# --- targets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    text: str
    check: Callable[[Counter[str]], bool]


def _exactly(expected: dict[str, int]) -> Callable[[Counter[str]], bool]:
    return lambda counts: counts == Counter(expected)


def _create_target(counts: Counter[str]) -> bool:
    allowed = {"dynamodb.UpdateItem", "dynamodb.TransactWriteItems", "dynamodb.GetItem"}
    return (
        counts["dynamodb.UpdateItem"] == 1
        and counts["dynamodb.TransactWriteItems"] == 1
        and counts["dynamodb.GetItem"] <= 1
        and set(counts) <= allowed
    )


GET_SESSION_TARGET = Target(
    "<= 2 requests (session + membership)", lambda counts: sum(counts.values()) <= 2
)
LIST_TARGET = Target(
    "1 dynamodb.Query + the membership read (1 dynamodb.GetItem)",
    _exactly({"dynamodb.Query": 1, "dynamodb.GetItem": 1}),
)
CREATE_TARGET = Target(
    "1 counter update (dynamodb.UpdateItem) + 1 dynamodb.TransactWriteItems"
    " (+ the membership read, dynamodb.GetItem)",
    _create_target,
)


# --- results ----------------------------------------------------------------------------------


@dataclass
class RouteResult:
    label: str
    note: str = ""
    target: Target | None = None
    expected_status: int = 200
    timings: list[float] = field(default_factory=list)
    aws_timings: list[float] = field(default_factory=list)
    counts: list[Counter[str]] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def add(self, elapsed: float, recording: Recording) -> None:
        self.timings.append(elapsed)
        self.aws_timings.append(recording.aws_seconds)
        self.counts.append(Counter(recording.calls))

    @property
    def timing(self) -> Timing:
        return Timing(tuple(self.timings))

    @property
    def aws_timing(self) -> Timing:
        return Timing(tuple(self.aws_timings))

    @property
    def outside_aws_timing(self) -> Timing:
        return Timing(tuple(t - a for t, a in zip(self.timings, self.aws_timings, strict=True)))

    @property
    def typical(self) -> Counter[str]:
        """The breakdown seen most often (they should all be the same)."""
        frozen = Counter(tuple(sorted(c.items())) for c in self.counts)
        return Counter(dict(frozen.most_common(1)[0][0])) if frozen else Counter()

    @property
    def varied(self) -> bool:
        return len({tuple(sorted(c.items())) for c in self.counts}) > 1

    @property
    def met_in(self) -> int:
        if self.target is None:
            return 0
        return sum(1 for counts in self.counts if self.target.check(counts))


@dataclass(frozen=True)
class RouteReport:
    repetitions: int
    sessions_in_center: int
    moto_mode: str
    routes: list[RouteResult]
    references: list[RouteResult]


# --- the local stack ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def quiet_output() -> Iterator[None]:
    """The app writes one log line and one EMF metric per request to stdout: still written
    (the cost is part of a request), but to /dev/null, so that the tables stay readable."""
    handler = logger.registered_handler
    werkzeug = logging.getLogger("werkzeug")  # moto's server logs every request to stderr
    werkzeug_level = werkzeug.level
    werkzeug.setLevel(logging.WARNING)
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        previous: TextIO | None = None
        if hasattr(handler, "setStream"):
            previous = handler.setStream(sink)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                yield
        finally:
            if previous is not None:
                handler.setStream(previous)  # type: ignore[attr-defined]
            werkzeug.setLevel(werkzeug_level)


@contextlib.contextmanager
def local_stack(recorder: RequestRecorder) -> Iterator[StackConfig]:
    """moto in server mode on a free port (as the tests and `make run`), provisioned and seeded
    with the demo data, the app's environment pointing at it and its clock pinned."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    saved_env = dict(os.environ)
    saved_clock = wiring.clock
    try:
        config = provision(f"http://127.0.0.1:{port}")
        os.environ.update(config.environment())
        aws.reset()
        wiring.reset()
        aws.on_request(recorder)  # before the first client of the app's session
        wiring.clock = lambda: NOW
        seed(config)  # creates the app's clients: time their API calls from now on
        recorder.attach_timer(aws.dynamodb())
        recorder.attach_timer(aws.cognito())
        yield config
    finally:
        wiring.clock = saved_clock
        os.environ.clear()
        os.environ.update(saved_env)
        aws.reset()
        wiring.reset()
        server.stop()


def seed_sessions(config: StackConfig, count: int) -> list[int]:
    """`count` sessions in the center, every fifth one finalized; returns the ids of the
    editable ones. Written with the app's repository, outside any recording."""
    repository = DynamoSessions(config.table_name)
    rng = Random(2026)
    editable: list[int] = []
    for index in range(count):
        details = SessionDetails(
            address=ANNE_FRANK.name,
            room=f"Salle {100 + index}",
            date=date(2026, 12, 2) + timedelta(days=index % 40),
            time=clock_time(8 + index % 9, 30),
            examiner="Paul Eluard",
            description="Session de démonstration",
        )
        session_id = repository.next_session_id()
        while True:
            session = new_session(
                session_id=session_id,
                center_id=ANNE_FRANK.id,
                center_name=ANNE_FRANK.name,
                center_timezone=ANNE_FRANK.timezone,
                details=details,
                access_code=generate_access_code(rng),
                supervisor_password=generate_supervisor_password(rng),
                created_by="bench-seed",
                now=NOW,
            )
            if index % 5 == 4:
                session = session.model_copy(
                    update={"status": SessionStatus.FINALIZED, "finalized_at": NOW}
                )
            try:
                repository.add(session)
            except AccessCodeTaken:
                continue
            break
        if session.status is SessionStatus.CREATED:
            editable.append(session.id)
    return editable


# --- the measurements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class Runner:
    def __init__(self, client: Client, recorder: RequestRecorder, repetitions: int) -> None:
        self.client = client
        self.recorder = recorder
        self.repetitions = repetitions

    def send(self, call: Call) -> Any:
        payload = json.dumps(call.body).encode() if call.body is not None else b""
        return self.client.http.request(
            call.method, call.path, headers={**JSON, **call.headers}, body=payload
        )

    def measure(
        self,
        result: RouteResult,
        next_call: Callable[[], Call],
        after: Callable[[Any], None] | None = None,
    ) -> RouteResult:
        """One unrecorded warm-up call, then `repetitions` recorded ones."""
        for repetition in range(self.repetitions + 1):
            call = next_call()
            with self.recorder.recording() as recording:
                started = time.perf_counter()
                response = self.send(call)
                elapsed = time.perf_counter() - started
            if response.status_code != result.expected_status:
                result.unexpected.append(f"{response.status_code} {response.body[:200]!r}")
            if after is not None:
                after(response)
            if repetition:
                result.add(elapsed, recording)
        return result


def measure_routes(repetitions: int = 30, sessions_in_center: int = 50) -> RouteReport:
    recorder = RequestRecorder()
    with quiet_output(), local_stack(recorder) as config:
        from app import app

        editable = seed_sessions(config, sessions_in_center)
        with Client(app, project_dir=str(ROOT)) as client:
            runner = Runner(client, recorder, repetitions)
            return _measure_all(runner, config, editable, repetitions, sessions_in_center)


def _measure_all(
    runner: Runner,
    config: StackConfig,
    editable: list[int],
    repetitions: int,
    sessions_in_center: int,
) -> RouteReport:
    login = Call("POST", "/auth/login", {"email": ADMIN, "password": DEMO_PASSWORD})
    answer = runner.send(login)
    if answer.status_code != 200:
        raise RuntimeError(f"cannot log in as {ADMIN}: {answer.status_code} {answer.body!r}")
    auth = {"Authorization": f"Bearer {answer.json_body['idToken']}"}

    def fixed(method: str, path: str, body: Any = None) -> Callable[[], Call]:
        return lambda: Call(method, path, body, auth)

    routes: list[RouteResult] = []
    measure = runner.measure
    routes.append(measure(RouteResult("POST /auth/login"), lambda: login))
    routes.append(measure(RouteResult("GET /me"), fixed("GET", "/me")))
    routes.append(measure(RouteResult("GET /centers/{id}"), fixed("GET", f"/centers/{CENTER_ID}")))
    listed = f"{sessions_in_center} sessions in the center, first page of 25"
    routes.append(
        measure(
            RouteResult("GET /centers/{id}/sessions", listed, LIST_TARGET),
            fixed("GET", f"/centers/{CENTER_ID}/sessions"),
        )
    )
    routes.append(
        measure(
            RouteResult("GET /centers/{id}/sessions?status=CREATED", listed, LIST_TARGET),
            fixed("GET", f"/centers/{CENTER_ID}/sessions?status=CREATED"),
        )
    )

    created: list[int] = []
    form = {
        "address": ANNE_FRANK.name,
        "room": "Salle 208",
        "date": "2026-12-14",
        "time": "12:00",
        "examiner": "Paul Eluard",
    }
    routes.append(
        measure(
            RouteResult("POST /centers/{id}/sessions", "", CREATE_TARGET, expected_status=201),
            fixed("POST", f"/centers/{CENTER_ID}/sessions", form),
            after=lambda response: created.append(int(response.json_body["id"])),
        )
    )

    session_id = editable[0]
    routes.append(
        measure(
            RouteResult("GET /sessions/{id}", "", GET_SESSION_TARGET),
            fixed("GET", f"/sessions/{session_id}"),
        )
    )

    etag = [str(runner.send(Call("GET", f"/sessions/{session_id}", None, auth)).headers["ETag"])]
    rooms = iter(range(1_000_000))

    def patch() -> Call:
        body = {"room": f"Salle {next(rooms)}"}
        return Call("PATCH", f"/sessions/{session_id}", body, {**auth, "If-Match": etag[0]})

    def remember_etag(response: Any) -> None:
        etag[0] = str(response.headers.get("ETag", etag[0]))

    routes.append(
        measure(
            RouteResult("PATCH /sessions/{id}", "with If-Match: the current ETag"),
            patch,
            after=remember_etag,
        )
    )

    doomed = iter(created)  # the sessions made by the create measurement, one per call
    routes.append(
        measure(
            RouteResult("DELETE /sessions/{id}", "a fresh session each time", expected_status=204),
            lambda: Call("DELETE", f"/sessions/{next(doomed)}", None, auth),
        )
    )

    references = [
        measure(
            RouteResult(
                "GET /sessions/not-a-number",
                "floor: token check + Chalice + route, no AWS request",
                expected_status=404,
            ),
            fixed("GET", "/sessions/not-a-number"),
        ),
        _direct_get_item(runner, config),
    ]
    return RouteReport(
        repetitions=repetitions,
        sessions_in_center=sessions_in_center,
        moto_mode="moto ThreadedMotoServer (server mode, HTTP on 127.0.0.1, same process)",
        routes=routes,
        references=references,
    )


def _direct_get_item(runner: Runner, config: StackConfig) -> RouteResult:
    """One DynamoDB GetItem with the app's client, no Chalice: the cost of a moto round trip."""
    result = RouteResult("dynamodb.GetItem alone", "the app's boto3 client, no Chalice")
    for repetition in range(runner.repetitions + 1):
        with runner.recorder.recording() as recording:
            started = time.perf_counter()
            aws.dynamodb().get_item(
                TableName=config.table_name,
                Key=key(user_pk("nobody"), f"MEMBERSHIP#{CENTER_ID}"),
            )
            elapsed = time.perf_counter() - started
        if repetition:
            result.add(elapsed, recording)
    return result


# --- rendering ---------------------------------------------------------------------------------


def breakdown(counts: Counter[str]) -> str:
    if not counts:
        return "none"
    return " + ".join(f"{n} {name}" for name, n in sorted(counts.items()))


def _row(result: RouteResult) -> list[str]:
    typical = result.typical
    requests = str(sum(typical.values())) + (" (varied)" if result.varied else "")
    return [
        result.label,
        requests,
        breakdown(typical),
        f"{result.timing.median_ms:.1f}",
        f"{result.timing.p90_ms:.1f}",
        f"{result.aws_timing.median_ms:.1f}",
        f"{result.outside_aws_timing.median_ms:.1f}",
    ]


def render(report: RouteReport) -> str:
    header = [
        "route",
        "AWS requests",
        "breakdown (service.Operation)",
        "median ms",
        "p90 ms",
        "in AWS calls",
        "outside",
    ]
    lines = [
        f"Routes: {report.moto_mode}: the same",
        "code paths as `make run` and the tests; moto's own cost per request is shown apart",
        "('in AWS calls', and the GetItem reference below) rather than avoided.",
        f"Chalice's test client, in-process; {report.repetitions} timed calls per route after one",
        "unrecorded warm-up call (the warm-up absorbs the one-time JWKS fetch, plain HTTP and",
        "not botocore, the first boto3 clients, the Tracer and the PyJWT import).",
        f"Clock pinned at {NOW.isoformat()}; AWS requests counted with botocore's 'before-send'",
        "event (one per HTTP attempt, retries included). 'in AWS calls' = median time inside",
        "botocore API calls (signing, HTTP to moto, moto's own work, parsing); 'outside' = median",
        "of the rest (Chalice, token check, validation, the app's code). All times in ms.",
        "",
        table(header, [_row(r) for r in report.routes], right={1, 3, 4, 5, 6}),
        "",
        "References (what a route costs without AWS, and one AWS request without a route):",
        "",
        table(header, [_row(r) for r in report.references], right={1, 3, 4, 5, 6}),
        "",
        "Notes:",
    ]
    for result in [*report.routes, *report.references]:
        if result.note:
            lines.append(f"  {result.label}: {result.note}")
    for result in [*report.routes, *report.references]:
        if result.varied:
            seen = sorted({breakdown(c) for c in result.counts})
            lines.append(f"  {result.label}: the requests varied between calls: {seen}")
        if result.unexpected:
            lines.append(
                f"  {result.label}: {len(result.unexpected)} unexpected answer(s)"
                f" (expected {result.expected_status}): {result.unexpected[0]}"
            )
    lines += ["", "Targets (AWS requests per call, checked on every timed call):"]
    for result in report.routes:
        if result.target is None:
            continue
        met = result.met_in == len(result.counts) and not result.unexpected
        lines += [
            "",
            f"  {result.label}",
            f"    target:   {result.target.text}",
            f"    measured: {breakdown(result.typical)}",
            f"    {verdict(met)} on {result.met_in}/{len(result.counts)} calls",
        ]
    return "\n".join(lines)
