"""The class attestations PDF (shared.adapters.pdf.attestations): render time for a class of
30 validated pupils (target < 1 s), size and pages; and the first render in a fresh
interpreter (reportlab imported, fonts registered), which the first request of a container
pays. Runnable alone:

    .venv/bin/python -m bench.attestation_figures [--runs 10]
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from typing import Any

from bench.pdf_figures import run_child
from bench.stats import Timing, table, verdict

PUPILS = 30
TARGET_MS = 1000.0

# The child prints one JSON object on its last line.
RENDER_TIMES = """
import json, re, sys, time
from datetime import UTC, date, datetime
from shared.domain.attestation import attestation_book
from shared.domain.results import (
    COMPETENCE_CODES, CertificationResult, CertifiedPupil, CompetenceLevel, ResultStatus,
)

runs, pupils = json.loads(sys.argv[1])
results = [
    CertificationResult(
        session_id=208,
        candidate_id=f"c-{n}",
        certification_number=100000 + n,
        status=ResultStatus.VALIDATED,
        pix_score=300 + 7 * n,
        competences=tuple(
            CompetenceLevel(code=code, level=(n + i) % 9) for i, code in enumerate(COMPETENCE_CODES)
        ),
        verification_code=f"P-ABCD{n:04d}".replace("0", "2").replace("1", "3"),
        saved_at=datetime(2027, 1, 10, tzinfo=UTC),
        saved_by="staff",
        center_id="c",
        session_date=date(2027, 1, 4),
        pupil=CertifiedPupil(
            last_name=f"NGUYỄN-LECŒUR {n:02d}",
            first_name="Thị Ánh",
            birthdate=date(2010, 1 + n % 12, 1 + n % 28),
            division="3E1",
        ),
    )
    for n in range(pupils)
]
book = attestation_book("Collège Anne Frank", "3E1", results, "https://certif-sco.example.fr")
started = time.perf_counter()
from shared.adapters.pdf.attestations import render_attestations
pdf = render_attestations(book)
first = time.perf_counter() - started
samples = []
for _ in range(runs):
    started = time.perf_counter()
    render_attestations(book)
    samples.append(time.perf_counter() - started)
pages = max(int(count) for count in re.findall(rb"/Count (\\d+)", pdf))
print(json.dumps({"first": first, "samples": samples, "bytes": len(pdf), "pages": pages}))
"""


@dataclass(frozen=True)
class AttestationFigures:
    found: dict[str, Any]
    runs: int


def measure(runs: int = 10) -> AttestationFigures:
    return AttestationFigures(run_child(RENDER_TIMES, json.dumps([runs, PUPILS])), runs)


def render(figures: AttestationFigures) -> str:
    found = figures.found
    timing = Timing(tuple(found["samples"]))
    header = ["pupils", "pages", "KiB", "first", "median", "p90", "target", "verdict"]
    row = [
        str(PUPILS),
        str(found["pages"]),
        f"{found['bytes'] / 1024:.0f}",
        f"{found['first'] * 1000:.0f}",
        f"{timing.median_ms:.0f}",
        f"{timing.p90_ms:.0f}",
        f"< {TARGET_MS:.0f}",
        verdict(timing.median_ms < TARGET_MS and found["first"] * 1000 < TARGET_MS),
    ]
    return "\n".join(
        [
            "Class attestations PDF: render_attestations for a class of validated pupils, in a",
            "fresh interpreter; `first` includes importing reportlab and registering the fonts",
            f"(a container's first request); median of {figures.runs} runs after it, ms",
            f"({os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}):",
            "",
            table(header, [row], right=set(range(len(header)))),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.attestation_figures", description=__doc__
    )
    parser.add_argument("--runs", type=int, default=10, help="timed renders after the first")
    options = parser.parse_args(argv)
    print(render(measure(options.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
