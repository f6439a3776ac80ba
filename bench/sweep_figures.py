"""The 48-hour sweep with 10 000 stored sessions of which 10 are due: items read, AWS
requests and time of one sweep (targets: ≤ 20 items, ≤ 5 requests), then of a sweep with
nothing due. Runnable alone: `python -m bench.sweep_figures`."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from bench.harness import RequestRecorder, breakdown, local_stack, quiet_output
from bench.stats import table, verdict
from functions.compliance.handlers import run_sweep
from shared.adapters import aws
from shared.adapters.dynamo.batch import write_all
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain.audit import Actor, Audit
from shared.domain.people import Center
from shared.domain.session import SessionCodes, SessionDetails, SessionStatus, new_session

STORED = 10_000
DUE = 10
SWEEP_AT = datetime(2026, 12, 20, 10, 0, tzinfo=UTC)
MAX_ITEMS = 20
MAX_REQUESTS = 5


@dataclass(frozen=True)
class SweepFigure:
    label: str
    requests: Counter[str]
    items_read: int
    seconds: float
    flagged: int


BENCH_CENTER = Center(
    id="c-bench", name="Collège du banc d'essai", timezone="Europe/Paris", external_id="0999999Z"
)


class ItemCounter:
    """Items DynamoDB read for the Queries of one sweep (ScannedCount)."""

    def __init__(self) -> None:
        self.items = 0

    def __call__(self, parsed: dict[str, Any], **_: Any) -> None:
        self.items += int(parsed.get("ScannedCount", 0))


def _store_sessions(table: str) -> None:
    """10 000 sessions of one school: 10 whose deadline has passed, the others later (or
    finalized, out of the index). Written straight to the table, as the adapter writes them."""
    items = []
    for number in range(1, STORED + 1):
        if number <= DUE:
            day = date(2026, 12, 10)  # deadline 12/12: overdue at SWEEP_AT
        else:
            day = date(2027, 1, 4) + timedelta(days=number % 150)
        session = new_session(
            number,
            Center(
                id="c-bench",
                name="Collège du banc d'essai",
                timezone="Europe/Paris",
                external_id="",
            ),
            SessionDetails(
                address="Site", room="Salle", date=day, time=clock_time(9), examiner="M. Test"
            ),
            SessionCodes(access_code="BCDF23", supervisor_password="C-7K2MX"),
            Audit(actor=Actor.system("bench"), at=SWEEP_AT - timedelta(days=30)),
        )
        if number > DUE and number % 7 == 0:
            session = session.model_copy(update={"status": SessionStatus.FINALIZED})
        items.append(DynamoSessions._item(session))
    write_all(aws.dynamodb(), table, puts=items)


def _sweep(recorder: RequestRecorder, label: str) -> SweepFigure:
    counter = ItemCounter()
    client = aws.dynamodb()
    client.meta.events.register("after-call.dynamodb.Query", counter)
    try:
        with recorder.recording() as recording:
            started = time.perf_counter()
            report = run_sweep("bench", at=SWEEP_AT)
            elapsed = time.perf_counter() - started
    finally:
        client.meta.events.unregister("after-call.dynamodb.Query", counter)
    return SweepFigure(
        label, Counter(recording.calls), counter.items, elapsed, len(report["flagged"])
    )


def measure() -> list[SweepFigure]:
    recorder = RequestRecorder()
    with quiet_output(), local_stack(recorder, with_rosters=False) as config:
        started = time.perf_counter()
        _store_sessions(config.table_name)
        stored_in = time.perf_counter() - started
        first = _sweep(recorder, f"sweep, {DUE} due of {STORED} stored")
        second = _sweep(recorder, "next sweep, nothing due")
    print(f"(stored {STORED} sessions in {stored_in:.0f} s)")
    return [first, second]


def render(figures: list[SweepFigure]) -> str:
    rows = []
    for figure in figures:
        total = sum(figure.requests.values())
        met = figure.items_read <= MAX_ITEMS and total <= MAX_REQUESTS
        rows.append(
            [
                figure.label,
                str(figure.flagged),
                str(figure.items_read),
                str(total),
                breakdown(figure.requests),
                f"{figure.seconds * 1000:.0f}",
                verdict(met),
            ]
        )
    lines = [
        "The 48-hour sweep (moto server mode): one Query on the sparse index gsi2 reads the due",
        "sessions only; their verdicts go in one transaction, their notifications in one SNS",
        f"PublishBatch. Targets: <= {MAX_ITEMS} items read and <= {MAX_REQUESTS} requests.",
        "",
        table(
            ["sweep", "flagged", "items read", "requests", "by operation", "ms", "verdict"],
            rows,
            right={1, 2, 3, 5},
        ),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(measure()))
