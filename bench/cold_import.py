"""Cold import of the app against its bare dependencies, and the one-time costs deferred out
of it (first Tracer, first token verification), each measured in a fresh interpreter."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.stats import Timing, table, verdict

ROOT = Path(__file__).resolve().parent.parent
BASELINE_MODULES = ("boto3", "chalice", "pydantic", "aws_lambda_powertools")
TARGET_RATIO = 1.3
# Modules the app must NOT load at import time (they are paid for on first use).
DEFERRED_MODULES = ("aws_xray_sdk", "jwt", "cryptography")

# The child prints one JSON object: {name: seconds} of its timed blocks, plus `extra` facts.
_CHILD = """
import json, sys, time
timings = {{}}
extra = {{}}
{setup}
print(json.dumps({{"timings": timings, "extra": extra}}))
"""


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


@dataclass(frozen=True)
class ChildRun:
    timings: dict[str, float]
    extra: dict[str, Any]
    wall: float


def run_child(code: str, stdin: str = "", env: dict[str, str] | None = None) -> ChildRun:
    """Run `code` in a fresh interpreter (the venv's python, cwd = project root), in `env`
    (this process's environment by default)."""
    started = time.perf_counter()
    done = subprocess.run(
        [python(), "-c", _CHILD.format(setup=code)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"child interpreter failed:\n{done.stderr}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return ChildRun(timings=answer["timings"], extra=answer["extra"], wall=wall)


def _timed_import(modules: str, then: str = "") -> str:
    """Time `import <modules>` (and the statements `then`) in the child."""
    return (
        "t0 = time.perf_counter()\n"
        f"import {modules}\n"
        f"{then}"
        "timings['import'] = time.perf_counter() - t0\n"
        f"extra['deferred_loaded'] = [m for m in {DEFERRED_MODULES!r} if m in sys.modules]\n"
    )


APP_IMPORT = _timed_import("app")
BASELINE_IMPORT = _timed_import(", ".join(BASELINE_MODULES))
BASELINE_LABEL = "import " + ", ".join(BASELINE_MODULES)
# Information only: the same plus one pydantic model, i.e. what any use of BaseModel costs
# (a bare `import pydantic` is lazy and loads none of the model machinery).
BASELINE_WITH_MODELS_IMPORT = _timed_import(
    ", ".join(BASELINE_MODULES),
    then="from pydantic import BaseModel\nclass Probe(BaseModel):\n    name: str\n",
)


FIRST_TRACER = """
import app
from shared.observability import tracer
extra['xray_loaded_before'] = 'aws_xray_sdk' in sys.modules
t0 = time.perf_counter()
tracer()
timings['first'] = time.perf_counter() - t0
t0 = time.perf_counter()
tracer()
timings['second'] = time.perf_counter() - t0
"""

FIRST_HANDLERS = """
import app
from functions.api import resolve

def load_all():
    for methods in app.app.routes.values():
        for entry in methods.values():
            info = entry.view_function.certif_route
            resolve(info.handler, info.public)

t0 = time.perf_counter()
load_all()
timings['first'] = time.perf_counter() - t0
t0 = time.perf_counter()
load_all()
timings['second'] = time.perf_counter() - t0
"""

FIRST_VERIFICATION = """
import app
from shared.adapters.cognito_tokens import CognitoTokenVerifier
data = json.loads(sys.stdin.read())
verifier = CognitoTokenVerifier(
    issuer=data['issuer'],
    audience=data['audience'],
    jwks_url='https://keys.invalid/jwks.json',
    fetch=lambda url: data['jwks'],
)
extra['jwt_loaded_before'] = 'jwt' in sys.modules
t0 = time.perf_counter()
identity = verifier.verify(data['token'])
timings['first'] = time.perf_counter() - t0
t0 = time.perf_counter()
verifier.verify(data['token'])
timings['second'] = time.perf_counter() - t0
extra['user'] = identity.user_id
"""


def signed_token() -> dict[str, Any]:
    """An RS256 ID token and the JWKS that verifies it, made here so the child imports nothing
    of PyJWT or cryptography before the timed verification (its keys are 'fetched' in memory,
    with no HTTP)."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="bench-key", alg="RS256", use="sig")
    issuer = "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_bench"
    audience = "bench-client"
    now = int(time.time())
    claims = {
        "sub": "bench-user",
        "email": "bench@example.test",
        "iss": issuer,
        "aud": audience,
        "token_use": "id",
        "iat": now,
        "exp": now + 3600,
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "bench-key"})
    return {"issuer": issuer, "audience": audience, "token": token, "jwks": {"keys": [jwk]}}


PROJECT_PACKAGES = ("app", "functions", "shared")


@dataclass(frozen=True)
class ImportBreakdown:
    """Where `import app` spends its time once the bare dependencies are already imported
    (`python -X importtime`, median over runs of each module's own time, in ms)."""

    total_ms: float
    by_package_ms: dict[str, float]
    top_project_modules_ms: list[tuple[str, float]]


def _importtime_after_baseline() -> dict[str, float]:
    """Self time (ms) of each module that `import app` loads beyond the bare dependencies."""
    code = f"import {', '.join(BASELINE_MODULES)}; import app"
    done = subprocess.run(
        [python(), "-X", "importtime", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    own: dict[str, float] = {}
    after_baseline = False
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        self_us, _, name = (part for part in line.removeprefix("import time:").split("|"))
        if not self_us.strip().isdigit():
            continue  # the header line
        if after_baseline:
            own[name.strip()] = int(self_us) / 1000
        elif name == f" {BASELINE_MODULES[-1]}":  # the last top-level line of the baseline
            after_baseline = True
    return own


def breakdown(runs: int = 5) -> ImportBreakdown:
    samples = [_importtime_after_baseline() for _ in range(runs)]
    modules = {name for sample in samples for name in sample}
    median = {name: statistics.median(s.get(name, 0.0) for s in samples) for name in modules}
    packages: dict[str, float] = {}
    for name, ms in median.items():
        package = name.split(".")[0]
        package = "the project (app, functions, shared)" if package in PROJECT_PACKAGES else package
        packages[package] = packages.get(package, 0.0) + ms
    project = sorted(
        ((n, ms) for n, ms in median.items() if n.split(".")[0] in PROJECT_PACKAGES),
        key=lambda item: -item[1],
    )
    return ImportBreakdown(
        total_ms=statistics.median(sum(sample.values()) for sample in samples),
        by_package_ms=dict(sorted(packages.items(), key=lambda item: -item[1])),
        top_project_modules_ms=project[:6],
    )


@dataclass(frozen=True)
class ImportReport:
    runs: int
    app: Timing
    baseline: Timing
    baseline_models: Timing
    app_wall: Timing
    baseline_wall: Timing
    baseline_models_wall: Timing
    deferred_loaded_by_app: list[str]
    tracer_first: Timing
    tracer_second: Timing
    verify_first: Timing
    verify_second: Timing
    handlers_first: Timing
    handlers_second: Timing
    breakdown: ImportBreakdown

    @property
    def ratio(self) -> float:
        return self.app.median_ms / self.baseline.median_ms


def measure(runs: int = 10) -> ImportReport:
    series: dict[str, list[ChildRun]] = {
        APP_IMPORT: [],
        BASELINE_IMPORT: [],
        BASELINE_WITH_MODELS_IMPORT: [],
    }
    for code in series:  # one unrecorded run of each: bytecode caches exist before timing
        run_child(code)
    for _ in range(runs):  # interleaved, so that drift of the machine hits each alike
        for code, children in series.items():
            children.append(run_child(code))
    app = series[APP_IMPORT]
    baseline = series[BASELINE_IMPORT]
    with_models = series[BASELINE_WITH_MODELS_IMPORT]

    tracer = [run_child(FIRST_TRACER) for _ in range(runs)]
    handlers = [run_child(FIRST_HANDLERS) for _ in range(runs)]
    token = json.dumps(signed_token())
    verify = [run_child(FIRST_VERIFICATION, stdin=token) for _ in range(runs)]

    loaded = sorted({name for child in app for name in child.extra["deferred_loaded"]})
    loaded += [
        f"{name} (before first use)"
        for name, runs_of, flag in (
            ("aws_xray_sdk", tracer, "xray_loaded_before"),
            ("jwt", verify, "jwt_loaded_before"),
        )
        if any(child.extra[flag] for child in runs_of)
    ]

    def timing(children: list[ChildRun], name: str) -> Timing:
        return Timing(tuple(child.timings[name] for child in children))

    def wall(children: list[ChildRun]) -> Timing:
        return Timing(tuple(child.wall for child in children))

    return ImportReport(
        runs=runs,
        app=timing(app, "import"),
        baseline=timing(baseline, "import"),
        baseline_models=timing(with_models, "import"),
        app_wall=wall(app),
        baseline_wall=wall(baseline),
        baseline_models_wall=wall(with_models),
        deferred_loaded_by_app=loaded,
        tracer_first=timing(tracer, "first"),
        tracer_second=timing(tracer, "second"),
        verify_first=timing(verify, "first"),
        verify_second=timing(verify, "second"),
        handlers_first=timing(handlers, "first"),
        handlers_second=timing(handlers, "second"),
        breakdown=breakdown(max(3, runs // 2)),
    )


def _ms(value: float) -> str:
    return f"{value:.1f}"


def _import_row(label: str, imported: Timing, process: Timing) -> list[str]:
    return [
        label,
        _ms(imported.median_ms),
        _ms(imported.p90_ms),
        _ms(imported.min_ms),
        _ms(process.median_ms),
    ]


def render(report: ImportReport) -> str:
    rows = [
        _import_row("import app", report.app, report.app_wall),
        _import_row(BASELINE_LABEL, report.baseline, report.baseline_wall),
        _import_row(
            "  same + a pydantic BaseModel (info)",
            report.baseline_models,
            report.baseline_models_wall,
        ),
    ]
    met = report.ratio <= TARGET_RATIO
    deferred_rows = [
        [
            "every route's handler module (pydantic models, boto3, adapters)",
            _ms(report.handlers_first.median_ms),
            _ms(report.handlers_first.p90_ms),
            _ms(report.handlers_second.median_ms),
        ],
        [
            "first Tracer() (X-Ray SDK; only with ApiSdkTracing=on)",
            _ms(report.tracer_first.median_ms),
            _ms(report.tracer_first.p90_ms),
            _ms(report.tracer_second.median_ms),
        ],
        [
            "first token verification (PyJWT + cryptography import, RS256)",
            _ms(report.verify_first.median_ms),
            _ms(report.verify_first.p90_ms),
            _ms(report.verify_second.median_ms),
        ],
    ]
    loaded = ", ".join(report.deferred_loaded_by_app) or "none"
    everything = report.app.median_ms + report.handlers_first.median_ms
    everything_ratio = everything / report.baseline.median_ms
    min_ratio = report.app.min_ms / report.baseline.min_ms
    models_ratio = report.app.median_ms / report.baseline_models.median_ms
    lines = [
        f"Cold import: a fresh interpreter per run ({python()}, cwd={ROOT});",
        f"{report.runs} interleaved runs of each after one unrecorded run of each (bytecode",
        "cached). 'import' = the import statement alone; 'process' = the whole subprocess,",
        "interpreter start-up included. All times in ms.",
        "",
        table(
            ["what", "import median", "import p90", "import min", "process median"],
            rows,
            right={1, 2, 3, 4},
        ),
        "",
        f"ratio app / bare dependencies (import medians): {report.ratio:.2f}x"
        f"   target <= {TARGET_RATIO}x   {verdict(met)}",
        f"  (info) same ratio on the fastest runs: {min_ratio:.2f}x;"
        f" against the baseline with a BaseModel: {models_ratio:.2f}x",
        "  (a bare `import pydantic` is lazy: BaseModel's machinery loads on first use)",
        f"  (info) import app + every handler loaded: {everything:.1f} ms,"
        f" {everything_ratio:.2f}x the bare import — handlers load with their route's first"
        " request",
        f"deferred modules loaded by `import app`: {loaded}"
        f"   target: none   {verdict(not report.deferred_loaded_by_app)}",
        "",
        *_render_breakdown(report.breakdown),
        "",
        "One-time costs deferred out of import (paid by the first request of a container),",
        f"each in a fresh interpreter after `import app`, median of {report.runs}:",
        "",
        table(
            ["deferred cost", "first median", "first p90", "second call"],
            deferred_rows,
            right={1, 2, 3},
        ),
    ]
    return "\n".join(lines)


def _render_breakdown(found: ImportBreakdown) -> list[str]:
    shown = [(name, ms) for name, ms in found.by_package_ms.items() if ms >= 1.0]
    rest = sum(ms for name, ms in found.by_package_ms.items() if ms < 1.0)
    rows = [[name, _ms(ms)] for name, ms in shown] + [["other packages (< 1 ms each)", _ms(rest)]]
    return [
        "Where `import app` spends its time beyond the bare dependencies: own time of each",
        "module loaded after them (-X importtime), by package, median of runs;",
        f"{found.total_ms:.1f} ms in all (-X importtime adds overhead: read the shares):",
        "",
        table(["package", "ms"], rows, right={1}),
        "",
        "Heaviest modules of the project (own time: class bodies, i.e. pydantic schema building,",
        "are counted here):",
        "",
        table(["module", "ms"], [[n, _ms(ms)] for n, ms in found.top_project_modules_ms], {1}),
    ]
