"""The first request of a fresh Lambda container, as Lambda makes it: a fresh interpreter per
run imports the function's module (`app`, or the verifier's module) and calls its handler once
with the event Lambda would pass (an API Gateway proxy event for the API, a scheduled event for
the sweep, an EventBridge "Object Created" event for the upload verifier), against the moto
server of this process. Each figure is the median of `runs` fresh interpreters, as a ratio to
the bare `import boto3, chalice, pydantic, aws_lambda_powertools` timed in the same run,
interleaved with them. Runnable alone: `python -m bench.first_request [--runs N]`.

The child runs with the environment of a Lambda container (function name, memory, an X-Ray
trace header and daemon address on the loopback), so that Powertools behaves as in Lambda:
tracing on, unless the function's configuration turns it off (POWERTOOLS_TRACE_DISABLED).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests
from chalice.test import Client

from bench.cold_import import BASELINE_IMPORT, BASELINE_LABEL, ROOT, ChildRun, run_child
from bench.harness import CENTER_ID, RequestRecorder, local_stack, quiet_output
from bench.roster_figures import Api
from bench.stats import Timing, table, verdict
from functions import wiring
from shared.adapters.clock import utc_now

RUNS = 10
JOIN_TARGET = 1.0
OTHER_TARGET = 1.5
CANDIDATES_PER_FINALIZED_SESSION = 3
# The least any route reading DynamoDB through Chalice and a pydantic model must pay in a fresh
# interpreter, whatever the application's code: botocore (not boto3: the application's paths
# do not need it), Chalice, pydantic with one model built, and one DynamoDB client created
# (botocore parses the service's model and endpoint rules). Timed in the same environment and
# rounds as the bare import, so the ratio says how far below the targets the code could go.
FLOOR_IMPORT = """
t0 = time.perf_counter()
import botocore.session, chalice.app, pydantic
class Probe(pydantic.BaseModel):
    name: str
botocore.session.get_session().create_client('dynamodb', region_name='eu-west-3')
timings['import'] = time.perf_counter() - t0
"""
FLOOR_LABEL = "import botocore, chalice, pydantic; one model; one DynamoDB client"
# Modules whose presence after the first request says what the request paid for.
WATCHED = ("aws_xray_sdk", "reportlab", "PIL", "pypdf", "jwt", "cryptography", "defusedxml")

# As in a Lambda container of the API (1024 MB in prod, X-Ray active): Powertools enables the
# Tracer when AWS_LAMBDA_FUNCTION_NAME is set; the segments go to a UDP port of the loopback
# where nothing listens (what the X-Ray daemon costs on Lambda is not measured).
LAMBDA_ENVIRONMENT = {
    "AWS_LAMBDA_FUNCTION_NAME": "certif-sco-bench",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
    "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
    "AWS_EXECUTION_ENV": "AWS_Lambda_python3.11",
    # Read by Powertools and the X-Ray SDK to know they run in Lambda (the SDK then leaves
    # sampling to the Lambda service instead of creating an X-Ray client of its own).
    "LAMBDA_TASK_ROOT": str(ROOT),
    "_X_AMZN_TRACE_ID": (
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    ),
    "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
    "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    # The template's default (parameter ApiSdkTracing=off): Lambda's own tracing only, no
    # X-Ray SDK; `--tracing` measures with the SDK on.
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_SERVICE_NAME": "certif-sco",
    "POWERTOOLS_LOG_LEVEL": "INFO",
}

# The child: Lambda's init phase (the handler's module imported), then its first invocation.
# The event comes on stdin; the handler's answer is summarized in `extra`.
_FIRST_CALL = """
event = json.loads(sys.stdin.read())
class Context:
    function_name = "certif-sco-bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:eu-west-3:123456789012:function:certif-sco-bench"
    aws_request_id = "bench-request"
    log_group_name = "/aws/lambda/certif-sco-bench"
    log_stream_name = "bench"
    def get_remaining_time_in_millis(self):
        return 29000
# The time spent in HTTP exchanges with moto (its work included), measured by wrapping
# botocore's HTTP session when botocore loads it: Lambda's real round trips replace it.
import importlib.abc, importlib.machinery
aws = {{'seconds': 0.0, 'requests': 0}}
def _timed_send(send):
    def timed(self, request):
        started = time.perf_counter()
        try:
            return send(self, request)
        finally:
            aws['seconds'] += time.perf_counter() - started
            aws['requests'] += 1
    return timed
class _Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != 'botocore.httpsession':
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            module.URLLib3Session.send = _timed_send(module.URLLib3Session.send)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _Watch())
# `--profile FILE`: cProfile of the init and the first call (the last run's) to FILE.
import cProfile, os as _os
_prof = cProfile.Profile() if _os.environ.get('BENCH_PROFILE') else None
_prof and _prof.enable()
t0 = time.perf_counter()
import {module} as entry
timings['init'] = time.perf_counter() - t0
timings['aws_init'] = aws['seconds']
t0 = time.perf_counter()
answer = entry.{handler}(event, Context())
timings['first'] = time.perf_counter() - t0
_prof and (_prof.disable(), _prof.dump_stats(_os.environ['BENCH_PROFILE']))
timings['aws'] = aws['seconds']
extra['requests'] = aws['requests']
extra['status'] = answer.get('statusCode') if isinstance(answer, dict) else None
extra['body'] = str(answer.get('body', answer) if isinstance(answer, dict) else answer)[:200]
extra['loaded'] = [m for m in {watched!r} if m in sys.modules]
extra['modules'] = len(sys.modules)
"""


def proxy_event(
    method: str,
    resource: str,
    path_parameters: dict[str, str],
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy event, as Lambda hands it to `app.app`."""
    path = resource.format(**path_parameters)
    sent = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": sent,
        "multiValueHeaders": {name: [value] for name, value in sent.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/api{path}",
            "stage": "api",
            "requestId": "bench-request",
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "bench"},
        },
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
    }


def cw_event(source: str, detail_type: str, detail: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": "0",
        "id": "bench-event",
        "detail-type": detail_type,
        "source": source,
        "account": "123456789012",
        "time": utc_now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "eu-west-3",
        "resources": [],
        "detail": detail,
    }


@dataclass(frozen=True)
class Case:
    """One entry point: its module and handler as Lambda names them, the status it must
    answer, and one event per run (a pupil joins once, a session is finalized once)."""

    label: str
    module: str
    handler: str
    events: list[dict[str, Any]]
    expected: int | None = 200
    target: float = OTHER_TARGET


@dataclass
class CaseResult:
    case: Case
    init: list[float] = field(default_factory=list)
    first: list[float] = field(default_factory=list)
    aws: list[float] = field(default_factory=list)
    # The HTTP exchanges with moto made by the init phase (app.py's warm-up).
    aws_init: list[float] = field(default_factory=list)
    requests: int = 0
    loaded: set[str] = field(default_factory=set)
    unexpected: list[str] = field(default_factory=list)

    @property
    def total(self) -> Timing:
        return Timing(tuple(i + f for i, f in zip(self.init, self.first, strict=True)))

    @property
    def own(self) -> Timing:
        """The total without the HTTP exchanges with moto: the container's own cost."""
        runs = zip(self.init, self.first, self.aws, strict=True)
        return Timing(tuple(i + f - a for i, f, a in runs))

    @property
    def own_first(self) -> Timing:
        """The first invocation alone, without moto: what a pupil waits for when the init
        phase was paid before the request (provisioned concurrency, SnapStart)."""
        runs = zip(self.first, self.aws, self.aws_init, strict=True)
        return Timing(tuple(f - (a - ai) for f, a, ai in runs))


@dataclass(frozen=True)
class FirstRequestReport:
    runs: int
    baseline: Timing
    floor: Timing
    results: list[CaseResult]
    load_before: tuple[float, float]
    load_after: tuple[float, float]
    tracing: str

    def ratio(self, result: CaseResult) -> float:
        """The container's own cost (without moto's round trips) / the bare import."""
        return result.own.median_ms / self.baseline.median_ms

    def total_ratio(self, result: CaseResult) -> float:
        return result.total.median_ms / self.baseline.median_ms

    def first_ratio(self, result: CaseResult) -> float:
        """The first invocation alone (init paid before) / the bare import."""
        return result.own_first.median_ms / self.baseline.median_ms


# --- the data each run needs, made through the API before the children start -----------------


def _paris_today() -> str:
    return datetime.now(zoneinfo.ZoneInfo("Europe/Paris")).date().isoformat()


def _ok(response: Any, expected: int, what: str) -> Any:
    if response.status_code != expected:
        raise RuntimeError(f"cannot {what}: {response.status_code} {response.body[:300]!r}")
    return response.json_body


class Setup:
    """Sessions of today (the real clock: the children use it), pupils confirmed by their
    invigilator, started sessions to finalize, uploads to verify."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.rooms = 0

    def session(self) -> dict[str, Any]:
        self.rooms += 1
        form = {
            "address": "Collège Anne Frank",
            "room": f"Salle {400 + self.rooms}",
            "date": _paris_today(),
            "time": "23:00",
            "examiner": "Paul Eluard",
        }
        created: dict[str, Any] = _ok(
            self.api.send("POST", f"/centers/{CENTER_ID}/sessions", form), 201, "create a session"
        )
        return created

    def enrolled(self, session: dict[str, Any], size: int) -> list[dict[str, Any]]:
        sid = session["id"]
        pupils = _ok(
            self.api.send("GET", f"/sessions/{sid}/students?pageSize={size}"), 200, "list pupils"
        )["items"][:size]
        enrolled = _ok(
            self.api.send(
                "POST", f"/sessions/{sid}/candidates", {"studentIds": [p["id"] for p in pupils]}
            ),
            201,
            "enrol",
        )["candidates"]
        for candidate in enrolled:
            path = f"/sessions/{sid}/candidates/{candidate['id']}/authorize-to-start"
            _ok(self.api.send("POST", path, {"authorized": True}), 200, "confirm a presence")
        return list(pupils)

    def invigilator_token(self, session: dict[str, Any]) -> str:
        login = {"sessionId": session["id"], "supervisorPassword": session["supervisorPassword"]}
        token: str = _ok(
            self.api.send("POST", "/invigilator/login", login, public=True),
            200,
            "log in as the invigilator",
        )["invigilatorToken"]
        return token

    def started(self) -> tuple[int, dict[str, Any]]:
        """A session whose pupils all joined, the first one finished: and its "Valider"."""
        session = self.session()
        sid = session["id"]
        candidates = []
        for index, pupil in enumerate(self.enrolled(session, CANDIDATES_PER_FINALIZED_SESSION)):
            joined = _ok(
                self.api.send(
                    "POST", f"/sessions/{sid}/join", join_form(session, pupil), public=True
                ),
                200,
                "join",
            )
            if index == 0:
                course = {"Authorization": f"Bearer {joined['courseToken']}"}
                path = f"/courses/{joined['certificationNumber']}/complete"
                _ok(self.api.send("POST", path, public=True, headers=course), 200, "complete")
            candidates.append(
                {
                    "candidateId": joined["candidateId"],
                    "hasSeenEndTestScreen": index == 0,
                    "abortReason": None if index == 0 else "TECHNICAL",
                }
            )
        submission = {
            "examinerGlobalComment": "",
            "hasIncident": False,
            "hasJoiningIssue": False,
            "candidates": candidates,
        }
        return sid, submission

    def upload(self, session: dict[str, Any], png: bytes) -> str:
        body = {"fileName": "PV signé.png", "contentType": "image/png", "size": len(png)}
        grant = _ok(
            self.api.send("POST", f"/sessions/{session['id']}/attachments", body),
            201,
            "ask for an upload form",
        )
        form = grant["upload"]
        stored = requests.post(
            form["url"], data=form["fields"], files={"file": ("pv.png", png)}, timeout=60
        )
        stored.raise_for_status()
        key: str = form["fields"]["key"]
        return key


def join_form(session: dict[str, Any], pupil: dict[str, Any]) -> dict[str, Any]:
    return {
        "accessCode": session["accessCode"],
        "lastName": pupil["lastName"],
        "firstName": pupil["firstName"],
        "birthdate": pupil["birthdate"],
    }


def small_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def cases(api: Api, bucket: str, runs: int) -> list[Case]:
    setup = Setup(api)
    admin = api.auth
    room = setup.session()
    pupils = setup.enrolled(room, runs + 1)
    sid = str(room["id"])
    invigilator = {"Authorization": f"Bearer {setup.invigilator_token(room)}"}
    center = {"center_id": CENTER_ID}
    session_path = {"session_id": sid}
    to_finalize = [setup.started() for _ in range(runs + 1)]
    png = small_png()
    uploads = [setup.upload(room, png) for _ in range(runs + 1)]
    new_session = {
        "address": "Collège Anne Frank",
        "room": "Salle 500",
        "date": _paris_today(),
        "time": "23:00",
        "examiner": "Paul Eluard",
    }

    def api_case(
        label: str, make: Callable[[int], dict[str, Any]], expected: int = 200, **how: Any
    ) -> Case:
        return Case(label, "app", "app", [make(i) for i in range(runs + 1)], expected, **how)

    return [
        api_case(
            "POST /sessions/{id}/join (a pupil, public)",
            lambda i: proxy_event(
                "POST", "/sessions/{session_id}/join", session_path, join_form(room, pupils[i])
            ),
            target=JOIN_TARGET,
        ),
        api_case(
            "GET /sessions/{id}/supervising (invigilator)",
            lambda _: proxy_event(
                "GET", "/sessions/{session_id}/supervising", session_path, headers=invigilator
            ),
        ),
        api_case(
            "GET /centers/{id}/sessions",
            lambda _: proxy_event("GET", "/centers/{center_id}/sessions", center, headers=admin),
        ),
        api_case(
            "GET /sessions/{id}",
            lambda _: proxy_event("GET", "/sessions/{session_id}", session_path, headers=admin),
        ),
        api_case(
            "POST /centers/{id}/sessions",
            lambda _: proxy_event(
                "POST", "/centers/{center_id}/sessions", center, new_session, headers=admin
            ),
            expected=201,
        ),
        api_case(
            "POST /sessions/{id}/finalize",
            lambda i: proxy_event(
                "POST",
                "/sessions/{session_id}/finalize",
                {"session_id": str(to_finalize[i][0])},
                to_finalize[i][1],
                headers=admin,
            ),
        ),
        api_case(
            "GET /sessions/{id}/attendance-sheet (PDF)",
            lambda _: proxy_event(
                "GET",
                "/sessions/{session_id}/attendance-sheet",
                session_path,
                headers={**admin, "Accept": "application/pdf"},
            ),
        ),
        Case(
            "scheduled sweep (functions.compliance.routes.sweep)",
            "functions.compliance.routes",
            "sweep",
            [cw_event("aws.events", "Scheduled Event", {}) for _ in range(runs + 1)],
            expected=None,
        ),
        Case(
            "upload verifier (functions.attachments.routes.verify_attachment)",
            "functions.attachments.routes",
            "verify_attachment",
            [
                cw_event(
                    "aws.s3",
                    "Object Created",
                    {"bucket": {"name": bucket}, "object": {"key": key, "size": len(png)}},
                )
                for key in uploads
            ],
            expected=None,
        ),
    ]


# --- the measurement ---------------------------------------------------------------------------


def _child_code(case: Case) -> str:
    return _FIRST_CALL.format(module=case.module, handler=case.handler, watched=WATCHED)


def _record(result: CaseResult, child: ChildRun, recorded: bool) -> None:
    status = child.extra["status"]
    if result.case.expected is not None and status != result.case.expected:
        result.unexpected.append(f"{status} {child.extra['body']}")
    elif result.case.expected is None and "error" in child.extra["body"].lower():
        result.unexpected.append(child.extra["body"])
    if recorded:
        result.init.append(child.timings["init"])
        result.first.append(child.timings["first"])
        result.aws.append(child.timings["aws"])
        result.aws_init.append(child.timings["aws_init"])
        result.requests = int(child.extra["requests"])
        result.loaded.update(child.extra["loaded"])


def measure(
    runs: int = RUNS, environment: dict[str, str] | None = None, only: str = ""
) -> FirstRequestReport:
    load_before = os.getloadavg()[:2]
    recorder = RequestRecorder()
    with quiet_output(), local_stack(recorder) as config, Client(_app()) as client:
        wiring.override(clock=utc_now)  # the children run on the real clock: so does the setup
        api = Api(client, recorder)
        api.login()
        found = cases(api, config.bucket_name, runs)
        env = {**os.environ, **LAMBDA_ENVIRONMENT, **(environment or {})}
        results = [CaseResult(case) for case in found if only.lower() in case.label.lower()]
        baseline: list[float] = []
        floor: list[float] = []
        # One unrecorded round first (bytecode caches written), then interleaved rounds.
        for round_ in range(runs + 1):
            child = run_child(BASELINE_IMPORT, env=env)
            least = run_child(FLOOR_IMPORT, env=env)
            if round_:
                baseline.append(child.timings["import"])
                floor.append(least.timings["import"])
            for result in results:
                event = json.dumps(result.case.events[round_])
                # Lambda's runtime names the function's handler: each function's module warms
                # up its own (functions/wiring.py).
                handler = {"_HANDLER": f"{result.case.module}.{result.case.handler}"}
                child = run_child(_child_code(result.case), event, {**env, **handler})
                _record(result, child, bool(round_))
    return FirstRequestReport(
        runs=runs,
        baseline=Timing(tuple(baseline)),
        floor=Timing(tuple(floor)),
        results=results,
        load_before=load_before,
        load_after=os.getloadavg()[:2],
        tracing="off" if env.get("POWERTOOLS_TRACE_DISABLED") == "true" else "on",
    )


def _app() -> Any:
    from app import app

    return app


def render(report: FirstRequestReport) -> str:
    base = report.baseline.median_ms
    rows = []
    for result in report.results:
        ratio = report.ratio(result)
        first_ratio = report.first_ratio(result)
        target = result.case.target
        flag = " (!)" if result.unexpected else ""
        rows.append(
            [
                result.case.label,
                f"{statistics.median(result.init) * 1000:.0f}",
                f"{statistics.median(result.first) * 1000:.0f}",
                f"{result.total.median_ms:.0f} ({report.total_ratio(result):.2f}x)",
                f"{result.requests} / {statistics.median(result.aws) * 1000:.0f}",
                f"{result.own.median_ms:.0f}",
                f"{result.own.p90_ms:.0f}",
                f"{ratio:.2f}x",
                f"{result.own_first.median_ms:.0f} ({first_ratio:.2f}x)",
                f"<= {target}x",
                verdict(ratio <= target) + flag,
                verdict(first_ratio <= target) + flag,
            ]
        )
        rows += [[f"  unexpected: {note[:70]}", *[""] * 11] for note in result.unexpected[:2]]
        rows.append([f"  loaded: {', '.join(sorted(result.loaded)) or '-'}", *[""] * 11])
    header = [
        "entry point",
        "init",
        "first",
        "total (/bare)",
        "AWS req / ms",
        "own",
        "own p90",
        "own/bare",
        "first own (/bare)",
        "target",
        "on demand",
        "init paid before",
    ]
    lines = [
        "First request of a fresh container, as Lambda makes it (moto server): a fresh",
        f"interpreter per run, median of {report.runs} (after one unrecorded round), interleaved",
        f"with `{BASELINE_LABEL}`: median {base:.0f} ms (p90 {report.baseline.p90_ms:.0f} ms).",
        f"X-Ray SDK tracing: {report.tracing}. 'init' = importing the handler's module (Lambda's",
        "init phase); 'first' = its first invocation; 'total' = both; 'AWS' = the HTTP exchanges",
        "with moto (moto's own work included: on Lambda, DynamoDB's round trips of a few ms",
        "replace them); 'own' = total - AWS, the container's own cost, judged against the",
        "targets; 'first own' = the first invocation alone without moto, what a request waits",
        "for when the init phase was paid before it (provisioned concurrency, SnapStart). The",
        "target is judged twice: 'on demand' on own/bare (a pupil waits for init and request),",
        "'init paid before' on first own/bare. All times in ms.",
        f"Floor: `{FLOOR_LABEL}`, same rounds:",
        f"median {report.floor.median_ms:.0f} ms = {report.floor.median_ms / base:.2f}x the bare"
        " import; no route reading DynamoDB can cost less on an on-demand cold start.",
        f"load average before {report.load_before[0]:.2f}/{report.load_before[1]:.2f},"
        f" after {report.load_after[0]:.2f}/{report.load_after[1]:.2f} (1 min/5 min)",
        "",
        table(header, rows, right={1, 2, 3, 4, 5, 6, 7, 8}),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.first_request")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--tracing", action="store_true", help="with the X-Ray SDK on")
    parser.add_argument("--profile", help="write the last run's cProfile to this file")
    parser.add_argument(
        "--only", default="", help="the entry points whose label contains this, e.g. 'join'"
    )
    options = parser.parse_args()
    started = time.perf_counter()
    tracing = {"POWERTOOLS_TRACE_DISABLED": "false"} if options.tracing else {}
    if options.profile:
        tracing["BENCH_PROFILE"] = os.path.abspath(options.profile)
    print(render(measure(options.runs, tracing, options.only)))
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
