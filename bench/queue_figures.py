"""The processing queues (GET /admin/sessions) with 100, then 10 000 finalized sessions stored
across every center: AWS requests by operation, items read and time of page 1 of each queue,
of page 1 with and without `requiresAction`, and of a deep page reached by `nextCursor` and by
`page=N`. The cost of a page must not grow with the number stored (one Query, one
BatchGetItem of the counters), except `page=N` without a cursor, which reads the sessions
before it. Figures, no target verdict on time. Runnable alone: `python -m bench.queue_figures`."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from chalice.test import Client

from bench.finalization_figures import _login
from bench.harness import ROOT, RequestRecorder, breakdown, local_stack, quiet_output
from bench.roster_figures import Api
from bench.stats import table, verdict
from shared.adapters import aws
from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import write_all
from shared.adapters.dynamo.items import to_item
from shared.adapters.dynamo.queue_index import counted_in
from shared.adapters.dynamo.sessions import session_item
from shared.domain.audit import Actor, Audit
from shared.domain.finalization import mark_finalized, mark_processed
from shared.domain.people import Center
from shared.domain.processing import StaffMember, assign
from shared.domain.session import Session, SessionCodes, SessionDetails, new_session

SMALL = 100
LARGE = 10_000
PAGE_SIZE = 20
DEEP_PAGE = 40  # sessions 781–800 of their queue (or its last page, if shorter)
FIRST_ID = 100_000  # clear of the demo's sessions
STAFF = "staff@pix.test"
FINALIZED_FROM = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
CENTERS = [
    Center(id=f"c-bench-{n}", name=f"Collège {n}", timezone="Europe/Paris", external_id="")
    for n in range(20)
]
# A page's cost whatever the number stored: one Query and one BatchGetItem.
PAGE_TARGET = Counter({"dynamodb.Query": 1, "dynamodb.BatchGetItem": 1})


@dataclass
class QueueFigure:
    label: str
    stored: int
    requests: Counter[str] = field(default_factory=Counter)
    items_read: int = 0
    seconds: float = 0.0
    sessions: int = 0
    error: str = ""
    bounded: bool = True  # the page's cost should not depend on the number stored


class ItemsRead:
    """Items DynamoDB read for the app: ScannedCount of each Query, items of each
    BatchGetItem answer."""

    def __init__(self) -> None:
        self.items = 0

    def query(self, parsed: dict[str, Any], **_: Any) -> None:
        self.items += int(parsed.get("ScannedCount", 0))

    def batch(self, parsed: dict[str, Any], **_: Any) -> None:
        self.items += sum(len(found) for found in parsed.get("Responses", {}).values())


def a_finalized_session(number: int) -> Session:
    """Session `number` (0-based): 60 % FINALIZED, 25 % IN_PROCESS, 15 % PROCESSED; one in
    three requires action; finalized a minute after the previous one."""
    session = new_session(
        FIRST_ID + number,
        CENTERS[number % len(CENTERS)],
        SessionDetails(
            address="Site",
            room="Salle",
            date=date(2026, 5, 20) + timedelta(days=number % 10),
            time=clock_time(9),
            examiner="M. Test",
        ),
        SessionCodes(access_code="BCDF23", supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("bench"), at=FINALIZED_FROM - timedelta(days=30)),
    )
    at = FINALIZED_FROM + timedelta(minutes=number)
    finalized = mark_finalized(session, at, requires_action=number % 3 == 0)
    share = number % 20
    if share < 12:
        return finalized
    taken = assign(finalized, StaffMember(user_id="staff", name="Équipe Pix"))
    assert taken is not None
    return taken if share < 17 else mark_processed(taken, at + timedelta(days=1))


def store(table_name: str, start: int, stop: int, counted: Counter[tuple[int, str]]) -> None:
    """Sessions start…stop-1 as the adapter writes them (session_item: keys, queue keys),
    25 per BatchWriteItem; the queue counters rewritten with the totals so far."""
    sessions = [a_finalized_session(n) for n in range(start, stop)]
    for session in sessions:
        queue = counted_in(session)
        assert queue is not None
        counted[(session.id % keys.QUEUE_COUNT_SHARDS, queue)] += 1
    shards: dict[int, dict[str, Any]] = {}
    for (shard, queue), count in counted.items():
        shards.setdefault(shard, keys.queue_count(shard).fields())[queue] = count
    items = [session_item(s) for s in sessions] + [to_item(v) for v in shards.values()]
    write_all(aws.dynamodb(), table_name, puts=items)


class Measure:
    def __init__(self, api: Api, recorder: RequestRecorder, staff: dict[str, str]) -> None:
        self.api = api
        self.recorder = recorder
        self.staff = staff

    def call(self, figure: QueueFigure, path: str) -> dict[str, Any] | None:
        counter = ItemsRead()
        client = aws.dynamodb()
        client.meta.events.register("after-call.dynamodb.Query", counter.query)
        client.meta.events.register("after-call.dynamodb.BatchGetItem", counter.batch)
        try:
            with self.recorder.recording() as recording:
                started = time.perf_counter()
                answer = self.api.send("GET", path, headers=self.staff)
                figure.seconds = time.perf_counter() - started
        finally:
            client.meta.events.unregister("after-call.dynamodb.Query", counter.query)
            client.meta.events.unregister("after-call.dynamodb.BatchGetItem", counter.batch)
        figure.requests = Counter(recording.calls)
        figure.items_read = counter.items
        if answer.status_code != 200:
            figure.error = f"{answer.status_code} {answer.body[:200]!r}"
            return None
        body: dict[str, Any] = answer.json_body
        figure.sessions = len(body.get("items", []))
        return body

    def cursor_of_page(self, path: str, page: int) -> str | None:
        """The cursor that leads to `page`, by walking the pages before it (not recorded)."""
        cursor: str | None = None
        for _ in range(page - 1):
            answer = self.api.send(
                "GET", path + (f"&cursor={cursor}" if cursor else ""), headers=self.staff
            )
            cursor = answer.json_body.get("nextCursor") if answer.status_code == 200 else None
            if cursor is None:
                return None
        return cursor

    def figures(self, stored: int) -> list[QueueFigure]:
        base = f"/admin/sessions?pageSize={PAGE_SIZE}"
        views = [
            (f"page 1, status={status}", f"{base}&status={status}")
            for status in ("FINALIZED", "IN_PROCESS", "PROCESSED")
        ] + [
            ("page 1, FINALIZED, requiresAction=true", f"{base}&requiresAction=true"),
            ("page 1, FINALIZED, requiresAction=false", f"{base}&requiresAction=false"),
        ]
        found: list[QueueFigure] = []
        total = 0
        for label, path in views:
            figure = QueueFigure(label, stored)
            self.call(figure, path)  # warm-up, then the measure
            body = self.call(figure, path)
            if body is not None and total == 0:
                total = int(body.get("total", 0))  # the FINALIZED queue's
            found.append(figure)
        # The deepest page that exists, up to DEEP_PAGE.
        page = max(1, min(DEEP_PAGE, -(-total // PAGE_SIZE)))
        deep = QueueFigure(f"page {page} of FINALIZED by nextCursor", stored)
        cursor = self.cursor_of_page(f"{base}&status=FINALIZED", page)
        if cursor is None:
            deep.error = f"no cursor to page {page} ({stored} stored)"
        else:
            self.call(deep, f"{base}&status=FINALIZED&cursor={cursor}")
        found.append(deep)
        by_number = QueueFigure(f"page {page} of FINALIZED by page={page}", stored, bounded=False)
        self.call(by_number, f"{base}&status=FINALIZED&page={page}")
        found.append(by_number)
        return found


def measure() -> list[QueueFigure]:
    recorder = RequestRecorder()
    counted: Counter[tuple[int, str]] = Counter()
    figures: list[QueueFigure] = []
    with quiet_output(), local_stack(recorder, with_rosters=False) as config:
        from app import app

        with Client(app, project_dir=str(ROOT)) as client:
            api = Api(client, recorder)
            runner = Measure(api, recorder, _login(api, STAFF))
            store(config.table_name, 0, SMALL, counted)
            figures += runner.figures(SMALL)
            started = time.perf_counter()
            store(config.table_name, SMALL, LARGE, counted)
            stored_in = time.perf_counter() - started
            figures += runner.figures(LARGE)
    print(f"(stored {LARGE} sessions in {stored_in:.0f} s)")
    return figures


def render(figures: list[QueueFigure]) -> str:
    rows = []
    for figure in figures:
        total = sum(figure.requests.values())
        met = not figure.error and (not figure.bounded or figure.requests == PAGE_TARGET)
        rows.append(
            [
                figure.label,
                str(figure.stored),
                str(figure.sessions),
                str(figure.items_read),
                str(total),
                breakdown(figure.requests),
                f"{figure.seconds * 1000:.0f}",
                verdict(met) if figure.bounded else "(grows)",
            ]
        )
    lines = [
        f"The processing queues (GET /admin/sessions as Pix staff, pageSize={PAGE_SIZE}, moto",
        f"server mode): {SMALL}, then {LARGE} finalized sessions of {len(CENTERS)} centers"
        " (60 % FINALIZED, 25 % IN_PROCESS,",
        "15 % PROCESSED; one in three requires action), written as the adapter writes them.",
        "Target for every page but page=N: exactly 1 Query + 1 BatchGetItem (the counters),",
        "whatever the number stored. page=N without a cursor reads the sessions before it.",
        "",
        table(
            ["view", "stored", "sessions", "items read", "requests", "by operation", "ms", ""],
            rows,
            right={1, 2, 3, 4, 6},
        ),
    ]
    errors = [f"  {f.label} ({f.stored}): {f.error}" for f in figures if f.error]
    if errors:
        lines += ["", "Unexpected answers (figures missed):", *errors]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(measure()))
