"""The attendance sheet's PDF: render time by number of candidates, the one-time cost of
reportlab and the fonts, and the proof that `import app` leaves reportlab out.

Each figure is taken in a fresh interpreter (the venv's python, cwd = project root), so that
what one measurement loaded does not flatter the next. Runnable alone:

    .venv/bin/python -m bench.pdf_figures [--runs 15] [--cold-runs 5]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = (0, 40, 500)
# Targets: render time after the first call (fonts registered), median, in ms.
TARGETS_MS = {40: 60.0, 500: 400.0}

# The child prints one JSON object on its last line.
_SHEET = """
import json, re, sys, time
from datetime import date, time as clock
from shared.domain.attendance import AttendanceRow, AttendanceSheet

def sheet(count):
    rows = [
        AttendanceRow(
            last_name=f"NGUYỄN-LECŒUR {n:03d}",
            first_name="Thị Ánh",
            birthdate=date(2010, 1 + n % 12, 1 + n % 28),
            birth_city="Saint-Rémy-de-Provence",
            birth_department_code="13",
            birth_country="France",
            division=f"3E{1 + n % 4}",
            extra_time_percentage=33 if n % 10 == 0 else 0,
        )
        for n in range(1, count + 1)
    ]
    return AttendanceSheet(
        session_id=208, date=date(2021, 1, 4), start_time=clock(9, 0), end_time=clock(11, 0),
        center_name="Lycée Jean-Baptiste Lulli", address="Lycée Jean-Baptiste Lulli",
        room="Salle Pix", examiner="Paul Martin", rows=rows,
    )
"""

RENDER_TIMES = (
    _SHEET
    + """
from shared.adapters.pdf.attendance import render_attendance_sheet
runs, sizes = json.loads(sys.argv[1])
render_attendance_sheet(sheet(1))  # fonts registered, reportlab's lazy imports done
answer = {}
for size in sizes:
    data = sheet(size)
    pdf = render_attendance_sheet(data)  # warm-up of this size
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        render_attendance_sheet(data)
        samples.append(time.perf_counter() - started)
    pages = max(int(count) for count in re.findall(rb"/Count (\\d+)", pdf))
    answer[str(size)] = {"samples": samples, "bytes": len(pdf), "pages": pages}
print(json.dumps(answer))
"""
)

ONE_TIME_COSTS = (
    _SHEET
    + """
import app  # the container as it is before the sheet's first request
data = sheet(40)
timings = {}
started = time.perf_counter()
from shared.adapters.pdf import attendance
timings["import"] = time.perf_counter() - started
started = time.perf_counter()
from shared.adapters.pdf.fonts import register_fonts
register_fonts()
timings["fonts"] = time.perf_counter() - started
started = time.perf_counter()
attendance.render_attendance_sheet(data)
timings["first"] = time.perf_counter() - started
started = time.perf_counter()
attendance.render_attendance_sheet(data)
timings["second"] = time.perf_counter() - started
print(json.dumps(timings))
"""
)

APP_LEAVES_REPORTLAB_OUT = """
import json, sys
import app
loaded = {name: name in sys.modules for name in ("reportlab", "PIL", "shared.adapters.pdf")}
# What shared.bootstrap.render_attendance imports with the first PDF:
import shared.adapters.pdf.attendance
loaded["reportlab with the PDF module"] = "reportlab" in sys.modules
print(json.dumps(loaded))
"""


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run_child(code: str, *arguments: str) -> Any:
    """Run `code` in a fresh interpreter; its last line of output, parsed as JSON."""
    done = subprocess.run(
        [python(), "-c", code, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child interpreter failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _p90(samples: Sequence[float]) -> float:
    """Nearest-rank 90th percentile: a value that was actually measured."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell; every column but the first right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def _verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


@dataclass(frozen=True)
class PdfFigures:
    renders: dict[int, dict[str, Any]]
    one_time: list[dict[str, float]]
    loaded_by_app: dict[str, bool]
    runs: int


def measure(runs: int = 15, cold_runs: int = 5) -> PdfFigures:
    answer = run_child(RENDER_TIMES, json.dumps([runs, list(SIZES)]))
    renders = {int(size): found for size, found in answer.items()}
    one_time = [run_child(ONE_TIME_COSTS) for _ in range(cold_runs)]
    return PdfFigures(renders, one_time, run_child(APP_LEAVES_REPORTLAB_OUT), runs)


def render(figures: PdfFigures) -> str:
    rows = []
    for size, found in figures.renders.items():
        samples = found["samples"]
        median = statistics.median(samples)
        target = TARGETS_MS.get(size)
        rows.append(
            [
                f"{size} candidates",
                str(found["pages"]),
                f"{found['bytes'] / 1024:.0f}",
                _ms(median),
                _ms(_p90(samples)),
                _ms(min(samples)),
                f"<= {target:.0f}" if target else "-",
                _verdict(median * 1000 <= target) if target else "(info)",
            ]
        )

    def cold(name: str) -> float:
        return statistics.median(run[name] for run in figures.one_time)

    cold_rows = [
        ["import shared.adapters.pdf.attendance (reportlab, PIL)", _ms(cold("import"))],
        ["register the 4 DejaVu fonts", _ms(cold("fonts"))],
        ["first render, 40 candidates (fonts already registered)", _ms(cold("first"))],
        ["second render, 40 candidates", _ms(cold("second"))],
    ]
    app_clean = not any(
        figures.loaded_by_app[name] for name in ("reportlab", "PIL", "shared.adapters.pdf")
    )
    path_loads = figures.loaded_by_app["reportlab with the PDF module"]
    return "\n".join(
        [
            "Attendance sheet PDF (feuille d'émargement + PV d'incident): render_attendance_sheet",
            "in one fresh interpreter, after a first render and one warm-up per size; every",
            "candidate's birth city wraps in its cell (a heavier case than most classes);",
            f"median of {figures.runs} runs, ms ({os.cpu_count()} CPU(s), load average"
            f" {os.getloadavg()[0]:.2f}):",
            "",
            _table(["sheet", "pages", "KiB", "median", "p90", "min", "target", "verdict"], rows),
            "",
            "One-time costs of the sheet's first request in a container (fresh interpreter after",
            f"`import app`, median of {len(figures.one_time)} interpreters, ms):",
            "",
            _table(["one-time cost", "ms"], cold_rows),
            "",
            "`import app` in a fresh interpreter loads reportlab: "
            f"{figures.loaded_by_app['reportlab']}, PIL: {figures.loaded_by_app['PIL']},"
            f" shared.adapters.pdf: {figures.loaded_by_app['shared.adapters.pdf']}",
            f"  target: none of them   {_verdict(app_clean)}",
            "  (then the first PDF, through shared.bootstrap.render_attendance, loads reportlab:"
            f" {path_loads})",
        ]
    )


def run_pdf_figures(runs: int = 15, cold_runs: int = 5) -> str:
    """Every PDF figure, as printable text (a missed target reads NOT MET; nothing raises)."""
    return render(measure(runs, cold_runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf_figures", description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed renders per size")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh interpreters, one-time")
    options = parser.parse_args(argv)
    print(run_pdf_figures(options.runs, options.cold_runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
