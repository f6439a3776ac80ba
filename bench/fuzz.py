"""Generated fuzzing of the whole API with schemathesis, from docs/openapi.json, against a
running local stack: every operation, positive and negative data, with the checks
not-a-server-error, status-code, content-type and response-schema conformance, as a center
admin; then the staff's operations (processing, results, publication, the public check) as
Pix staff, whose routes answer a center admin 403 before reading the body. `make fuzz` runs
the large campaign (a fresh local stack, ≥ 5 000 requests as each); tests/e2e/test_fuzz.py
runs a bounded one, as a center admin, inside `make test`.

    python -m bench.fuzz [--max-examples 150] [--max-time 1500] [--seed 20261201]
        [--as admin|staff|both]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from devstack.demo import ANNE_FRANK, DEMO_PASSWORD, demo_admin, demo_staff

ROOT = Path(__file__).resolve().parent.parent
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
# The coverage phase also sends methods the API does not declare (TRACE…): `chalice local`'s
# development server answers those itself with a 500 that API Gateway never would.
PHASES = ("examples", "fuzzing", "stateful")
SEED = 20261201
ADMIN = (demo_admin(ANNE_FRANK.id).email, DEMO_PASSWORD)
STAFF = (demo_staff().email, DEMO_PASSWORD)
# What only Pix staff reach past the 403 (and the public check, which they share).
STAFF_PATHS = r"^/admin/|/publish$|^/certificates/"


@dataclass(frozen=True)
class Campaign:
    requests: int
    failures: int
    failure_titles: list[str]
    operations: int
    seconds: float
    output: str


def token(api_url: str, user: tuple[str, str] = ADMIN) -> str:
    answer = requests.post(
        f"{api_url}/auth/login", json={"email": user[0], "password": user[1]}, timeout=20
    )
    answer.raise_for_status()
    return str(answer.json()["idToken"])


def run(
    api_url: str,
    *,
    max_examples: int,
    max_time: int,
    seed: int = SEED,
    user: tuple[str, str] = ADMIN,
    paths: str | None = None,
) -> Campaign:
    """One campaign as `user`, over the operations whose path matches `paths` (all if None)."""
    schemathesis = Path(sys.executable).with_name("schemathesis")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [
            str(schemathesis),
            "run",
            f"{api_url}/openapi.json",
            "--url",
            api_url,
            "--checks",
            ",".join(CHECKS),
            "--phases",
            ",".join(PHASES),
            "--mode",
            "all",
            "--max-examples",
            str(max_examples),
            "--seed",
            str(seed),
            "--max-time",
            str(max_time),
            *(("--include-path-regex", paths) if paths else ()),
            "--header",
            f"Authorization: Bearer {token(api_url, user)}",
            "--workers",
            "2",
            "--no-color",
            "--report",
            "json",
            "--report-json-path",
            str(report),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        results: dict[str, Any] = json.loads(report.read_text()) if report.exists() else {}
    failures = results.get("failures", [])
    return Campaign(
        requests=int(results.get("test_cases", {}).get("generated", 0)),
        failures=sum(int(f.get("count", 1)) for f in failures),
        failure_titles=[
            f"{f.get('code')} {f.get('title')}: {', '.join(f.get('operations', [])[:5])}"
            for f in failures
        ],
        operations=int(results.get("operations", {}).get("tested", 0)),
        seconds=float(results.get("running_time", 0.0)),
        output=done.stdout[-4000:] + done.stderr[-2000:],
    )


def render(campaign: Campaign) -> str:
    lines = [
        f"schemathesis: {campaign.requests} requests over {campaign.operations} operations "
        f"in {campaign.seconds:.0f} s, {campaign.failures} failure(s)",
        *(f"  {title}" for title in campaign.failure_titles),
    ]
    return "\n".join(lines)


# Who each campaign logs in as: a label, the login, the operations' paths (all if None).
Who = tuple[str, tuple[str, str], str | None]
AS_ADMIN: Who = ("a center admin", ADMIN, None)
AS_STAFF: Who = ("Pix staff", STAFF, STAFF_PATHS)
AS: dict[str, list[Who]] = {
    "admin": [AS_ADMIN],
    "staff": [AS_STAFF],
    "both": [AS_ADMIN, AS_STAFF],
}


def campaigns(api_url: str, options: argparse.Namespace) -> bool:
    """Each campaign asked for, printed as it ends; True if none found anything."""
    clean = True
    for who, user, paths in AS[options.who]:
        campaign = run(
            api_url,
            max_examples=options.max_examples,
            max_time=options.max_time,
            seed=options.seed,
            user=user,
            paths=paths,
        )
        print(f"as {who}: {render(campaign)}", flush=True)
        clean = clean and campaign.failures == 0
    return clean


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__)
    parser.add_argument("--max-examples", type=int, default=150)
    parser.add_argument("--max-time", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--as", dest="who", choices=sorted(AS), default="both")
    parser.add_argument("--api-url", help="a running stack (default: start one)")
    options = parser.parse_args(argv)
    if options.api_url:
        return 0 if campaigns(options.api_url, options) else 1
    from bench.stack_process import running_stack

    with running_stack() as api_url:
        return 0 if campaigns(api_url, options) else 1


if __name__ == "__main__":
    sys.exit(main())
