"""What the request benchmarks share: counting the app's AWS requests, the local moto stack,
and the per-call results checked against a target.

The requests are counted by a botocore 'before-send' hook installed with `aws.on_request`:
its event name is `before-send.<service>.<Operation>`, fired once per HTTP attempt (retries
included) by the app's own botocore session only, so seeding and provisioning are not counted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import requests
from botocore.config import Config
from moto.server import ThreadedMotoServer

from bench.stats import Timing
from devstack.demo import ANNE_FRANK, seed
from devstack.moto_serial import serialize_moto_server
from devstack.resources import provision
from devstack.stackfile import local_environment
from functions import wiring
from shared.adapters import aws
from shared.observability import logger
from shared.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# The pinned clock: 1 December 2026, 09:00 in Paris (as the integration tests), so that every
# session of the benchmark lies in the future.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CENTER_ID = ANNE_FRANK.id
ADMIN = "admin@anne-frank.test"
JSON = {"Content-Type": "application/json; charset=utf-8"}
# The app's clients against moto in the bench: moto answers in-process while other work runs
# (a 10 000-session table copied for each transaction item), so a long read timeout; and one
# attempt, since a retry would redo moto's work beside the attempt still running and the
# request counts would show it.
MOTO_CONFIG = Config(
    connect_timeout=10, read_timeout=300, retries={"mode": "standard", "total_max_attempts": 1}
)


# --- counting AWS requests ------------------------------------------------------------------


@dataclass
class Recording:
    """What one call made: `service.Operation` per HTTP request, the time spent inside
    botocore API calls (signing, HTTP to moto, moto's work, parsing), the part of it spent
    parsing responses, and the items sent in BatchWriteItem requests (puts and deletes)."""

    calls: list[str] = field(default_factory=list)
    aws_seconds: float = 0.0
    parse_seconds: float = 0.0
    batch_items: int = 0


class RequestRecorder:
    """Counts requests with a botocore 'before-send' hook (installed with `aws.on_request`) and
    times API calls with 'before-call' / 'after-call' hooks on the app's cached clients."""

    def __init__(self) -> None:
        self._recording: Recording | None = None
        self._call_started: float | None = None
        self._parse_started: float | None = None

    def __call__(self, event_name: str = "", **_: Any) -> None:
        # Must return None: a 'before-send' handler that returns something replaces the response.
        if self._recording is not None:
            self._recording.calls.append(event_name.removeprefix("before-send."))

    def attach_timer(self, client: Any) -> None:
        client.meta.events.register("before-call", self._before_call)
        client.meta.events.register("after-call", self._after_call)
        client.meta.events.register("after-call-error", self._after_call)
        client.meta.events.register("before-parse", self._before_parse)
        client.meta.events.register("response-received", self._after_parse)

    def attach_item_counter(self, client: Any) -> None:
        """Count the items of each BatchWriteItem call (DynamoDB client only)."""
        client.meta.events.register(
            "before-parameter-build.dynamodb.BatchWriteItem", self._count_items
        )

    def _before_call(self, **_: Any) -> None:  # None, or botocore would skip the request
        self._call_started = time.perf_counter()

    def _after_call(self, **_: Any) -> None:
        if self._recording is not None and self._call_started is not None:
            self._recording.aws_seconds += time.perf_counter() - self._call_started
        self._call_started = None

    def _before_parse(self, **_: Any) -> None:
        self._parse_started = time.perf_counter()

    def _after_parse(self, **_: Any) -> None:
        if self._recording is not None and self._parse_started is not None:
            self._recording.parse_seconds += time.perf_counter() - self._parse_started
        self._parse_started = None

    def _count_items(self, params: dict[str, Any], **_: Any) -> None:  # None: params unchanged
        if self._recording is not None:
            requests = params.get("RequestItems", {}).values()
            self._recording.batch_items += sum(len(items) for items in requests)

    @contextlib.contextmanager
    def recording(self) -> Iterator[Recording]:
        recording = Recording()
        self._recording = recording
        try:
            yield recording
        finally:
            self._recording = None


def breakdown(counts: Counter[str]) -> str:
    if not counts:
        return "none"
    return " + ".join(f"{n} {name}" for name, n in sorted(counts.items()))


# --- targets and results ----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    text: str
    check: Callable[[Counter[str]], bool]


def exactly(expected: dict[str, int]) -> Callable[[Counter[str]], bool]:
    return lambda counts: counts == Counter(expected)


@dataclass
class RouteResult:
    label: str
    note: str = ""
    target: Target | None = None
    expected_status: int = 200
    timings: list[float] = field(default_factory=list)
    aws_timings: list[float] = field(default_factory=list)
    parse_timings: list[float] = field(default_factory=list)
    counts: list[Counter[str]] = field(default_factory=list)
    batch_items: list[int] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def add(self, elapsed: float, recording: Recording) -> None:
        self.timings.append(elapsed)
        self.aws_timings.append(recording.aws_seconds)
        self.parse_timings.append(recording.parse_seconds)
        self.counts.append(Counter(recording.calls))
        self.batch_items.append(recording.batch_items)

    @property
    def timing(self) -> Timing:
        return Timing(tuple(self.timings))

    @property
    def aws_timing(self) -> Timing:
        return Timing(tuple(self.aws_timings))

    @property
    def parse_timing(self) -> Timing:
        return Timing(tuple(self.parse_timings))

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

    @property
    def met(self) -> bool:
        return bool(self.counts) and self.met_in == len(self.counts) and not self.unexpected


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
        stream_handler = handler if isinstance(handler, logging.StreamHandler) else None
        previous: TextIO | None = None
        if stream_handler is not None:
            previous = stream_handler.setStream(sink)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                yield
        finally:
            if stream_handler is not None and previous is not None:
                stream_handler.setStream(previous)
            werkzeug.setLevel(werkzeug_level)


@contextlib.contextmanager
def local_stack(recorder: RequestRecorder, *, with_rosters: bool = True) -> Iterator[Settings]:
    """moto in server mode on a free port (as the tests and `make run`), provisioned and seeded
    with the demo data, the app's environment pointing at it and its clock pinned.

    moto's state lives in the process, so it is reset first. `aws.on_request` cannot be
    undone: the recorder of an earlier stack stays registered, idle (it records nothing
    outside its `recording()` block)."""
    port = free_port()
    serialize_moto_server()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    # moto keeps its state in the process, not in the server: start from an empty one.
    requests.post(f"http://127.0.0.1:{port}/moto-api/reset", timeout=10).raise_for_status()
    saved_env = dict(os.environ)
    try:
        config = provision(f"http://127.0.0.1:{port}")
        os.environ.update(local_environment(config))
        aws.use_config(MOTO_CONFIG)
        wiring.reset()
        aws.on_request(recorder)  # before the first client of the app's session
        wiring.override(clock=lambda: NOW)
        seed(config, with_rosters=with_rosters)  # creates the app's clients: time from now on
        recorder.attach_timer(aws.dynamodb())
        recorder.attach_timer(aws.cognito())
        recorder.attach_item_counter(aws.dynamodb())
        yield config
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        aws.reset()
        wiring.reset()
        server.stop()
