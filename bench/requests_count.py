"""AWS requests and in-process latency of each route, through Chalice's test client, on moto.

The requests are counted as `bench.harness` describes: a botocore 'before-send' hook, once per
HTTP attempt, by the app's own botocore session only.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock_time
from random import Random
from typing import Any

from chalice.test import Client

from bench.harness import (
    ADMIN,
    CENTER_ID,
    JSON,
    NOW,
    ROOT,
    RequestRecorder,
    RouteResult,
    Target,
    breakdown,
    exactly,
    local_stack,
    quiet_output,
)
from bench.stats import table, verdict
from devstack.demo import ANNE_FRANK, DEMO_PASSWORD
from functions import wiring
from shared.adapters import aws
from shared.adapters.dynamo import keys
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain.audit import Actor, Audit, AuditAction, AuditEvent
from shared.domain.codes import generate_access_code, generate_supervisor_password
from shared.domain.errors import AccessCodeTaken
from shared.domain.revocation import REVOCATION_CACHE_MAX_AGE
from shared.domain.session import SessionCodes, SessionDetails, SessionStatus, new_session
from shared.settings import Settings

# --- targets ----------------------------------------------------------------------------------


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
    exactly({"dynamodb.Query": 1, "dynamodb.GetItem": 1}),
)
# The revocation check (shared/services/revocation.py) costs nothing while the container's
# copy of the marks is fresh, and one GetItem when it is due (once per 30 s per container).
ME_TARGET = Target(
    "1 dynamodb.Query (the profile and memberships); the revocation check: 0",
    exactly({"dynamodb.Query": 1}),
)
ME_DUE_TARGET = Target(
    "1 dynamodb.Query + 1 dynamodb.GetItem (the revocation marks, once per 30 s)",
    exactly({"dynamodb.Query": 1, "dynamodb.GetItem": 1}),
)
CREATE_TARGET = Target(
    "1 counter update (dynamodb.UpdateItem) + 1 dynamodb.TransactWriteItems"
    " (+ the membership read, dynamodb.GetItem)",
    _create_target,
)


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteReport:
    repetitions: int
    sessions_in_center: int
    moto_mode: str
    routes: list[RouteResult]
    references: list[RouteResult]


# --- the local stack ----------------------------------------------------------------------------


def seed_sessions(config: Settings, count: int) -> list[int]:
    """`count` sessions in the center, every fifth one finalized; returns the ids of the
    editable ones. Written with the app's repository, outside any recording."""
    repository = DynamoSessions(config.table_name, client=aws.dynamodb)
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
                session_id,
                ANNE_FRANK,
                details,
                SessionCodes(
                    access_code=generate_access_code(rng),
                    supervisor_password=generate_supervisor_password(rng),
                ),
                Audit(actor=Actor.system("bench-seed"), at=NOW),
            )
            if index % 5 == 4:
                session = session.model_copy(
                    update={"status": SessionStatus.FINALIZED, "finalized_at": NOW}
                )
            created = AuditEvent(
                session_id=session.id,
                at=NOW,
                actor=Actor.system("bench-seed"),
                action=AuditAction.SESSION_CREATED,
            )
            try:
                repository.add(session, created)
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
    config: Settings,
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
    routes.append(measure(RouteResult("GET /me", "", ME_TARGET), fixed("GET", "/me")))
    routes.append(_me_with_the_marks_due(runner, fixed("GET", "/me")))
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


def _me_with_the_marks_due(runner: Runner, me: Callable[[], Call]) -> RouteResult:
    """GET /me when the container's copy of the revocation marks is older than its period:
    the clock moves REVOCATION_CACHE_MAX_AGE before each call (then is pinned again)."""
    moments = iter(NOW + n * REVOCATION_CACHE_MAX_AGE for n in range(1, 1_000_000))
    clock = [NOW]
    wiring.override(clock=lambda: clock[0])

    def due() -> Call:
        clock[0] = next(moments)
        return me()

    try:
        label = "GET /me, the revocation marks due"
        note = "the first request of a container, then one per 30 s at most"
        return runner.measure(RouteResult(label, note, ME_DUE_TARGET), due)
    finally:
        wiring.override(clock=lambda: NOW)


def _direct_get_item(runner: Runner, config: Settings) -> RouteResult:
    """One DynamoDB GetItem with the app's client, no Chalice: the cost of a moto round trip."""
    result = RouteResult("dynamodb.GetItem alone", "the app's botocore client, no Chalice")
    for repetition in range(runner.repetitions + 1):
        with runner.recorder.recording() as recording:
            started = time.perf_counter()
            aws.dynamodb().get_item(
                TableName=config.table_name,
                Key=keys.membership("nobody", CENTER_ID).attributes(),
            )
            elapsed = time.perf_counter() - started
        if repetition:
            result.add(elapsed, recording)
    return result


# --- rendering ---------------------------------------------------------------------------------


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
        "not botocore, the first AWS clients, the Tracer and the PyJWT import).",
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
