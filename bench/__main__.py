"""`python -m bench`: every measurement of the foundation, printed as tables beside targets.

Figures, not a test: a missed target is printed as NOT MET and the exit status stays 0.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime

from bench import (
    attestation_figures,
    cold_import,
    exam_day_figures,
    finalization_figures,
    first_request,
    kit_figures,
    package_figures,
    parse_figures,
    pdf_figures,
    queue_figures,
    requests_count,
    roster_figures,
    sweep_figures,
)

RULE = "=" * 100


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--repetitions", type=int, default=30, help="timed calls per route (default 30)"
    )
    parser.add_argument(
        "--sessions", type=int, default=50, help="sessions in the listed center (default 50)"
    )
    parser.add_argument(
        "--import-runs", type=int, default=10, help="fresh interpreters per import figure"
    )
    parser.add_argument(
        "--skip-import",
        action="store_true",
        help="skip the cold import, the first requests and the package's size",
    )
    parser.add_argument("--skip-routes", action="store_true", help="skip the routes")
    parser.add_argument(
        "--skip-roster", action="store_true", help="skip the roster and candidates section"
    )
    parser.add_argument("--skip-parse", action="store_true", help="skip reading rosters")
    parser.add_argument(
        "--skip-finalization", action="store_true", help="skip the finalization section"
    )
    parser.add_argument(
        "--skip-pdf",
        action="store_true",
        help="skip the PDFs (attendance sheet, kit, attestations)",
    )
    parser.add_argument(
        "--skip-exam-day", action="store_true", help="skip exam day (live list, entry)"
    )
    parser.add_argument(
        "--skip-sweep", action="store_true", help="skip the 48-hour sweep (10 000 sessions)"
    )
    parser.add_argument(
        "--skip-queues",
        action="store_true",
        help="skip the processing queues (GET /admin/sessions, 10 000 sessions)",
    )
    return parser.parse_args(argv)


def _guarded(section: str, figures: Callable[[], str]) -> str:
    """A section whose failure is reported as missed figures, the rest of the bench going on."""
    try:
        return figures()
    except Exception as error:  # a bench section must not take the others down
        detail = "".join(traceback.format_exception_only(error)).strip()
        return f"{section}: figures NOT MEASURED (NOT MET) — {detail}"


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    started = time.perf_counter()
    print(RULE)
    print("certif-sco benchmark (figures, not a test: missed targets are reported, not failed)")
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()},"
        f" {os.cpu_count()} CPU(s), {platform.platform()}"
    )
    print(f"{_load()} (other work on the machine inflates and scatters the figures)")
    # Import first: the subprocesses then do not compete with moto's server threads. Every
    # section is guarded: a failure prints its figures as NOT MEASURED, the others go on.
    sections: list[tuple[bool, str, Callable[[], str]]] = [
        (
            options.skip_import,
            "cold import",
            lambda: cold_import.render(cold_import.measure(options.import_runs)),
        ),
        (
            options.skip_import,
            "first request of a fresh container",
            lambda: first_request.render(first_request.measure(options.import_runs)),
        ),
        (options.skip_import, "deployment package", package_figures.render),
        (
            options.skip_routes,
            "routes",
            lambda: requests_count.render(
                requests_count.measure_routes(options.repetitions, options.sessions)
            ),
        ),
        (
            options.skip_parse,
            "reading rosters",
            lambda: parse_figures.render(parse_figures.measure()),
        ),
        (
            options.skip_roster,
            "roster and candidates",
            lambda: roster_figures.render(roster_figures.measure()),
        ),
        (
            options.skip_finalization,
            "finalization",
            lambda: finalization_figures.render(finalization_figures.measure()),
        ),
        (
            options.skip_exam_day,
            "exam day",
            lambda: exam_day_figures.render(exam_day_figures.measure()),
        ),
        (options.skip_pdf, "attendance sheet", pdf_figures.run_pdf_figures),
        (options.skip_pdf, "invigilator's kit", lambda: kit_figures.render(kit_figures.measure())),
        (
            options.skip_pdf,
            "class attestations",
            lambda: attestation_figures.render(attestation_figures.measure()),
        ),
        (
            options.skip_sweep,
            "48-hour sweep",
            lambda: sweep_figures.render(sweep_figures.measure()),
        ),
        (
            options.skip_queues,
            "processing queues",
            lambda: queue_figures.render(queue_figures.measure()),
        ),
    ]
    for skipped, name, figures in sections:
        if skipped:
            continue
        print(RULE)
        print(_guarded(name, figures))
        print(f"({_load()})", flush=True)
    print(RULE)
    print(f"done in {time.perf_counter() - started:.0f} s; {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
