"""Reading rosters, in process: large files accepted, hostile ones refused, each against the
time it may take (these targets were wall-clock assertions in the unit tests; here they are
figures: a slow machine reports NOT MET instead of failing a build)."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from bench.stats import Timing, table, verdict
from devstack.demo_roster import demo_siecle_xml
from shared.domain.errors import RuleViolation
from shared.domain.limits import MAX_ROSTER_STUDENTS
from shared.domain.roster import parse_roster

RUNS = 7
CSV_HEADER = "Nom de naissance;Prénom;Date de naissance;Classe"
FULL_HEADER = (
    "INE;Nom de naissance;Prénom;Date de naissance;Sexe;Classe;Commune de naissance;"
    "Code commune de naissance;Pays de naissance;Code pays de naissance"
)
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE BEE_ELEVES [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<BEE_ELEVES>&lol2;</BEE_ELEVES>"""


@dataclass(frozen=True)
class Case:
    label: str
    content: bytes
    media_type: str
    refused: bool
    target_ms: float


@dataclass(frozen=True)
class Figure:
    case: Case
    timing: Timing
    as_expected: bool


def _csv(header: str, rows: list[str]) -> bytes:
    return "\n".join([header, *rows]).encode("utf-8")


def _zip(name: str, body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, body)
    return buffer.getvalue()


def _lying_zip() -> bytes:
    """60 MB whose headers claim 1 000 bytes."""
    archive = bytearray(_zip("ElevesSansAdresses.xml", b"<" * (60 * 1024 * 1024)))
    struct.pack_into("<I", archive, archive.rfind(b"PK\x01\x02") + 24, 1000)
    struct.pack_into("<I", archive, 22, 1000)
    return bytes(archive)


def cases() -> list[Case]:
    full_rows = [
        f"{n:010d}A;NOM{n};Prénom{n};05/11/2010;{'MF'[n % 2]};3E{n % 5 + 1};Lyon;69123;;99100"
        for n in range(MAX_ROSTER_STUDENTS)
    ]
    siecle = demo_siecle_xml(
        "0999001A", seed=1, divisions=tuple(f"3E{n}" for n in range(1, 9)), pupils_per_division=250
    )
    return [
        Case(
            f"CSV, {MAX_ROSTER_STUDENTS} full rows: read",
            _csv(FULL_HEADER, full_rows),
            "text/csv",
            refused=False,
            target_ms=600,
        ),
        Case(
            "CSV, 50 000 lines: refused (TOO_MANY_STUDENTS)",
            _csv(CSV_HEADER, [f"NOM{n};Prénom;05/11/2010;3E1" for n in range(50_000)]),
            "text/csv",
            refused=True,
            target_ms=500,
        ),
        Case(
            f"SIECLE export, {siecle.count(b'<ELEVE ')} pupils: read",
            siecle,
            "application/xml",
            refused=False,
            target_ms=600,
        ),
        Case(
            "zip declaring 60 MB: refused unread",
            _zip("ElevesSansAdresses.xml", b"\x00" * (60 * 1024 * 1024)),
            "application/zip",
            refused=True,
            target_ms=500,
        ),
        Case(
            "zip lying about its sizes: refused",
            _lying_zip(),
            "application/zip",
            refused=True,
            target_ms=500,
        ),
        Case(
            "XML with entities (billion laughs): refused",
            BILLION_LAUGHS,
            "application/xml",
            refused=True,
            target_ms=500,
        ),
    ]


def _timed(call: Callable[[], bool]) -> tuple[float, bool]:
    started = time.perf_counter()
    outcome = call()
    return time.perf_counter() - started, outcome


def measure(runs: int = RUNS) -> list[Figure]:
    figures = []
    for case in cases():

        def parse(case: Case = case) -> bool:
            try:
                parse_roster(case.content, case.media_type)
            except RuleViolation:
                return case.refused
            return not case.refused

        samples = [_timed(parse) for _ in range(runs)]
        figures.append(
            Figure(
                case,
                Timing(tuple(seconds for seconds, _ in samples)),
                all(ok for _, ok in samples),
            )
        )
    return figures


def render(figures: list[Figure]) -> str:
    rows = [
        [
            figure.case.label,
            f"{len(figure.case.content) / 1e6:.2f} MB",
            f"{figure.timing.median_ms:.0f} ms",
            f"{figure.timing.p90_ms:.0f} ms",
            f"< {figure.case.target_ms:.0f} ms",
            verdict(figure.timing.median_ms < figure.case.target_ms and figure.as_expected),
        ]
        for figure in figures
    ]
    header = ["roster read in process", "size", "median", "p90", "target", ""]
    return "\n".join(
        [
            f"Reading rosters ({RUNS} runs each; the outcome must be the expected one too)",
            table(header, rows, right={1, 2, 3}),
        ]
    )


if __name__ == "__main__":
    print(render(measure()))
