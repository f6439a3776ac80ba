"""The invigilator's kit PDF (shared.adapters.pdf.invigilator_kit): render time, size, pages.

Measured in a fresh interpreter (the venv's python, cwd = project root), after a first render
(fonts registered, reportlab's lazy imports done) and one warm-up per kit. Two kits: a usual
one, and one with 255 characters (the form's limit) in the center name, site, room and
examiner, which takes two pages. Runnable alone:

    .venv/bin/python -m bench.kit_figures [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from typing import Any

from bench.pdf_figures import run_child
from bench.stats import Timing, table, verdict

TARGET_MS = 200.0
KITS = ("usual", "long texts")

# The child prints one JSON object on its last line.
RENDER_TIMES = """
import json, re, sys, time
from datetime import UTC, date, datetime, time as clock
from shared.domain.audit import Actor, Audit
from shared.domain.invigilator_kit import invigilator_kit
from shared.domain.people import Center
from shared.domain.session import SessionCodes, SessionDetails, new_session
from shared.adapters.pdf.invigilator_kit import render_invigilator_kit

LONG = ("Salle polyvalente du bâtiment B, deuxième étage " * 6)[:255]

def kit(long):
    center = LONG if long else "Collège Anne Frank"
    session = new_session(
        208,
        Center(id="c", name=center, timezone="Europe/Paris", external_id="0999001A"),
        SessionDetails(
            address=LONG if long else "Collège Anne Frank, 12 rue des Lilas",
            room=LONG if long else "Salle 208",
            date=date(2027, 1, 4),
            time=clock(9, 0),
            examiner=LONG if long else "Nguyễn Thị Ánh et Paul Martin",
        ),
        SessionCodes(access_code="BCDF23", supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("bench"), at=datetime(2026, 12, 1, tzinfo=UTC)),
    )
    return invigilator_kit(session, "https://certif-sco.example.fr", 27)

runs, names = json.loads(sys.argv[1])
render_invigilator_kit(kit(False))  # fonts registered, reportlab's lazy imports done
answer = {}
for name in names:
    data = kit(name != "usual")
    pdf = render_invigilator_kit(data)  # warm-up of this kit
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        render_invigilator_kit(data)
        samples.append(time.perf_counter() - started)
    pages = max(int(count) for count in re.findall(rb"/Count (\\d+)", pdf))
    answer[name] = {"samples": samples, "bytes": len(pdf), "pages": pages}
print(json.dumps(answer))
"""


@dataclass(frozen=True)
class KitFigures:
    renders: dict[str, dict[str, Any]]
    runs: int


def measure(runs: int = 15) -> KitFigures:
    return KitFigures(run_child(RENDER_TIMES, json.dumps([runs, list(KITS)])), runs)


def render(figures: KitFigures) -> str:
    rows = []
    for name, found in figures.renders.items():
        timing = Timing(tuple(found["samples"]))
        rows.append(
            [
                name,
                str(found["pages"]),
                f"{found['bytes'] / 1024:.0f}",
                f"{timing.median_ms:.1f}",
                f"{timing.p90_ms:.1f}",
                f"{timing.min_ms:.1f}",
                f"<= {TARGET_MS:.0f}",
                verdict(timing.median_ms <= TARGET_MS),
            ]
        )
    header = ["kit", "pages", "KiB", "median", "p90", "min", "target", "verdict"]
    return "\n".join(
        [
            "Invigilator's kit PDF (kit surveillant): render_invigilator_kit in one fresh",
            "interpreter, after a first render and one warm-up per kit; the long kit has 255",
            "characters in the center name, site, room and examiner;",
            f"median of {figures.runs} runs, ms ({os.cpu_count()} CPU(s), load average"
            f" {os.getloadavg()[0]:.2f}):",
            "",
            table(header, rows, right=set(range(1, len(header)))),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kit_figures", description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed renders per kit")
    options = parser.parse_args(argv)
    print(render(measure(options.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
