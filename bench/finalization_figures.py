"""Finalization: reading the draft, saving it, issue reports, "Valider" (finalize), a replay
with the same Idempotency-Key, and publication by Pix staff, on sessions of 30 candidates who
joined (20 COMPLETED, 10 STARTED). AWS requests by operation and in-process times, through
Chalice's test client, on a fresh moto stack seeded with the demo data (rosters included)."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from chalice.test import Client

from bench.harness import (
    CENTER_ID,
    NOW,
    ROOT,
    RequestRecorder,
    RouteResult,
    Target,
    breakdown,
    local_stack,
    quiet_output,
)
from bench.roster_figures import Api
from bench.stats import table, verdict
from devstack.demo import ANNE_FRANK, DEMO_PASSWORD
from shared.adapters import aws
from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import query_all

CANDIDATES = 30
COMPLETED = 20  # the other 10 stay STARTED: the submission gives them an abort reason
READ_RUNS = 20
DRAFT_RUNS = 5
REPORT_RUNS = 3
FINALIZE_RUNS = 5  # one fresh session per run
STAFF = "staff@pix.test"
KEY = {"Idempotency-Key": "bench-finalize-1"}

TRANSACT = "dynamodb.TransactWriteItems"
OTHER_WRITES = frozenset(
    f"dynamodb.{name}" for name in ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem")
)
WRITES = OTHER_WRITES | {TRANSACT}


def _one_transaction(counts: Counter[str]) -> bool:
    return counts[TRANSACT] == 1 and not set(counts) & OTHER_WRITES


FINALIZE_TARGET = Target(
    "one transaction plus the reads it needs: exactly 1 TransactWriteItems and no PutItem,"
    " UpdateItem, DeleteItem or BatchWriteItem",
    _one_transaction,
)


def reads(counts: Counter[str]) -> Counter[str]:
    return Counter({name: n for name, n in counts.items() if name not in WRITES})


def writes(counts: Counter[str]) -> Counter[str]:
    return Counter({name: n for name, n in counts.items() if name in WRITES})


# --- what each DynamoDB request did -------------------------------------------------------------


class Outcomes:
    """While watching: each DynamoDB request, what it touched and how it ended, e.g.
    'GetItem SESSION: OK', 'Query CANDIDATE#: OK', 'TransactWriteItems (4 items): OK',
    'PutItem IDEMPOTENCY: ConditionalCheckFailedException'. Hooks on the app's client."""

    def __init__(self) -> None:
        self._seen: list[str] | None = None
        self._pending = ""

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-parameter-build.dynamodb", self._before)
        client.meta.events.register("after-call.dynamodb", self._after_call)

    def _before(self, params: dict[str, Any], model: Any = None, **_: Any) -> None:
        # Must return None: the params are left unchanged.
        name = getattr(model, "name", "?")
        if name == "GetItem":
            what = params.get("Key", {}).get("sk", {}).get("S", "")
        elif name == "Query":
            values = params.get("ExpressionAttributeValues", {})
            what = values.get(":prefix", {}).get("S") or params.get("IndexName", "pk")
        elif name == "TransactWriteItems":
            what = f"({len(params.get('TransactItems', []))} items)"
        else:
            what = params.get("Item", params.get("Key", {})).get("pk", {}).get("S", "")
        self._pending = f"{name} {what}".strip()

    def _after_call(self, parsed: Any = None, **_: Any) -> None:
        if self._seen is not None:
            error = parsed.get("Error", {}).get("Code") if isinstance(parsed, dict) else None
            self._seen.append(f"{self._pending}: {error or 'OK'}")

    @contextlib.contextmanager
    def watching(self) -> Iterator[list[str]]:
        seen: list[str] = []
        self._seen = seen
        try:
            yield seen
        finally:
            self._seen = None


# --- building a session where candidates joined -------------------------------------------------


@dataclass(frozen=True)
class Started:
    id: int
    completed: list[str]  # candidate ids
    aborted: list[str]  # candidate ids, still STARTED


def _checked(response: Any, expected: int, what: str) -> Any:
    if response.status_code != expected:
        raise RuntimeError(f"cannot {what}: {response.status_code} {response.body[:300]!r}")
    return response.json_body


def _new_session(api: Api, index: int) -> dict[str, Any]:
    form = {
        "address": ANNE_FRANK.name,
        "room": f"Salle {300 + index}",
        # Today: pupils may enter (the bench's clock is 09:00 in Paris).
        "date": NOW.date().isoformat(),
        "time": "12:00",
        "examiner": "Paul Eluard",
    }
    session: dict[str, Any] = _checked(
        api.send("POST", f"/centers/{CENTER_ID}/sessions", form), 201, "create a session"
    )
    return session


def _pupils(api: Api, session_id: int) -> list[dict[str, Any]]:
    answer = _checked(
        api.send("GET", f"/sessions/{session_id}/students?pageSize={CANDIDATES}"),
        200,
        "list the pupils",
    )
    pupils: list[dict[str, Any]] = answer["items"][:CANDIDATES]
    if len(pupils) < CANDIDATES:
        raise RuntimeError(f"the demo roster has {len(pupils)} pupils, {CANDIDATES} needed")
    return pupils


def _start(api: Api, session: dict[str, Any], pupils: list[dict[str, Any]]) -> Started:
    """Enrol the pupils, every one joins, the first COMPLETED finish their test. Unrecorded."""
    sid = session["id"]
    ids = [pupil["id"] for pupil in pupils]
    enrolled = _checked(
        api.send("POST", f"/sessions/{sid}/candidates", {"studentIds": ids}), 201, "enrol"
    )
    for candidate in enrolled["candidates"]:  # the invigilator confirms each presence
        path = f"/sessions/{sid}/candidates/{candidate['id']}/authorize-to-start"
        _checked(api.send("POST", path, {"authorized": True}), 200, "confirm a presence")
    completed: list[str] = []
    aborted: list[str] = []
    for index, pupil in enumerate(pupils):
        form = {
            "accessCode": session["accessCode"],
            "lastName": pupil["lastName"],
            "firstName": pupil["firstName"],
            "birthdate": pupil["birthdate"],
        }
        joined = _checked(api.send("POST", f"/sessions/{sid}/join", form, public=True), 200, "join")
        if index < COMPLETED:
            course = f"Bearer {joined['courseToken']}"
            _checked(
                api.send(
                    "POST",
                    f"/courses/{joined['certificationNumber']}/complete",
                    public=True,
                    headers={"Authorization": course},
                ),
                200,
                "complete a course",
            )
            completed.append(joined["candidateId"])
        else:
            aborted.append(joined["candidateId"])
    return Started(sid, completed, aborted)


def submission(started: Started) -> dict[str, Any]:
    """A valid "Valider" (and draft) body: every COMPLETED candidate saw the end screen, every
    STARTED one has an abort reason."""
    return {
        "examinerGlobalComment": "Coupure réseau de 5 minutes à 12 h 30.",
        "hasIncident": True,
        "hasJoiningIssue": False,
        "candidates": [
            {"candidateId": cid, "hasSeenEndTestScreen": True, "abortReason": None}
            for cid in started.completed
        ]
        + [
            {
                "candidateId": cid,
                "hasSeenEndTestScreen": False,
                "abortReason": "TECHNICAL" if index % 2 else "CANDIDATE",
            }
            for index, cid in enumerate(started.aborted)
        ],
    }


REPORTS = (
    {"category": "TECHNICAL_PROBLEM", "description": "L'ordinateur s'est éteint à 12 h 40."},
    {"category": "IN_CHALLENGE", "subcategory": "LINK_NOT_WORKING", "questionNumber": 12},
    {"category": "FRAUD"},
    {"category": "LATE_OR_LEAVING", "subcategory": "LEFT_EXAM_ROOM", "description": "Malaise."},
)


# --- the measurements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Replay:
    """The finalize sent again with the same Idempotency-Key."""

    first_status: int
    status: int
    same_answer: bool
    table_unchanged: bool
    counts: Counter[str]
    outcomes: list[str]

    @property
    def met(self) -> bool:
        return (
            self.status == self.first_status == 200
            and self.same_answer
            and self.table_unchanged
            and not self.writes_done
        )

    @property
    def writes_done(self) -> list[str]:
        """The write requests that succeeded (a refused conditional write wrote nothing)."""
        return [
            outcome
            for outcome in self.outcomes
            if f"dynamodb.{outcome.split()[0]}" in WRITES and outcome.endswith(": OK")
        ]


@dataclass
class FinalizationReport:
    results: list[RouteResult]
    replay: Replay
    outcomes: dict[str, list[str]] = field(default_factory=dict)


def _login(api: Api, email: str) -> dict[str, str]:
    answer = api.send(
        "POST", "/auth/login", {"email": email, "password": DEMO_PASSWORD}, public=True
    )
    return {"Authorization": f"Bearer {_checked(answer, 200, f'log in as {email}')['idToken']}"}


def _partition(table_name: str, pk: str) -> list[dict[str, Any]]:
    """Read outside any recording: not counted."""
    return query_all(
        aws.dynamodb(),
        {
            "TableName": table_name,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
            "ConsistentRead": True,
        },
    )


def measure() -> FinalizationReport:
    recorder = RequestRecorder()
    outcomes = Outcomes()
    with quiet_output(), local_stack(recorder) as config:
        from app import app

        outcomes.attach(aws.dynamodb())
        with Client(app, project_dir=str(ROOT)) as client:
            api = Api(client, recorder)
            api.login()
            first = _new_session(api, 0)
            pupils = _pupils(api, first["id"])
            main = _start(api, first, pupils)
            others = [_start(api, _new_session(api, n), pupils) for n in range(1, FINALIZE_RUNS)]
            keyed = _start(api, _new_session(api, FINALIZE_RUNS), pupils)
            # Every session is built: the recorded calls start here.
            bench = _Calls(api, outcomes)
            results = [
                bench.issue_reports(main),
                bench.drafts(main),
                bench.reads(main),
                bench.finalizations([main, *others]),
            ]
            keyed_results, replay = bench.keyed_finalization(config.table_name, keyed)
            results += [*keyed_results, bench.publications(keyed, [main, *others])]
    return FinalizationReport(results, replay, bench.seen)


class _Calls:
    """The recorded calls, each watched by `Outcomes`; the last call's outcomes by label."""

    def __init__(self, api: Api, outcomes: Outcomes) -> None:
        self.api = api
        self.outcomes = outcomes
        self.seen: dict[str, list[str]] = {}

    def timed(
        self, result: RouteResult, method: str, path: str, body: Any = None, **how: Any
    ) -> Any:
        with self.outcomes.watching() as calls:
            response = self.api.timed(result, method, path, body, **how)
        self.seen[result.label] = calls
        return response

    def issue_reports(self, started: Started) -> RouteResult:
        result = RouteResult(
            "POST /sessions/{id}/candidates/{cid}/issue-reports",
            f"{REPORT_RUNS} reports on STARTED candidates, without Idempotency-Key",
            expected_status=201,
        )
        paths = [f"/sessions/{started.id}/candidates/{c}/issue-reports" for c in started.aborted]
        # Warm-up with a key: loads the handler module and Powertools' idempotency.
        self.api.warm_up(
            result, 201, "POST", paths[0], REPORTS[0], headers={"Idempotency-Key": "r"}
        )
        for index in range(REPORT_RUNS):
            self.timed(result, "POST", paths[1 + index], REPORTS[1 + index])
        return result

    def drafts(self, started: Started) -> RouteResult:
        result = RouteResult(
            "PUT /sessions/{id}/finalization",
            f"the draft saved again {DRAFT_RUNS} times: {CANDIDATES} candidates, comment, options",
        )
        path = f"/sessions/{started.id}/finalization"
        self.api.warm_up(result, 200, "PUT", path, submission(started))
        for _ in range(DRAFT_RUNS):
            self.timed(result, "PUT", path, submission(started))
        return result

    def reads(self, started: Started) -> RouteResult:
        result = RouteResult(
            "GET /sessions/{id}/finalization",
            f"{CANDIDATES} joined, {1 + REPORT_RUNS} issue reports, a saved draft, no document",
        )
        path = f"/sessions/{started.id}/finalization"
        self.api.warm_up(result, 200, "GET", path)
        for _ in range(READ_RUNS):
            self.timed(result, "GET", path)
        return result

    def finalizations(self, sessions: list[Started]) -> RouteResult:
        result = RouteResult(
            "POST /sessions/{id}/finalize",
            f"a fresh session of {CANDIDATES} joined ({COMPLETED} COMPLETED,"
            f" {CANDIDATES - COMPLETED} STARTED with an abort reason) per run,"
            " without Idempotency-Key",
            FINALIZE_TARGET,
        )
        # Warm-up: refused (422 ABORT_REASON_REQUIRED) after the reads, nothing written.
        self.api.warm_up(result, 422, "POST", f"/sessions/{sessions[-1].id}/finalize", {})
        for started in sessions:
            self.timed(result, "POST", f"/sessions/{started.id}/finalize", submission(started))
        return result

    def keyed_finalization(
        self, table_name: str, started: Started
    ) -> tuple[list[RouteResult], Replay]:
        first = RouteResult(
            "  the same with an Idempotency-Key",
            "one more fresh session: Powertools' record comes on top (no target)",
        )
        path = f"/sessions/{started.id}/finalize"
        answer = self.timed(first, "POST", path, submission(started), headers=KEY)
        again = RouteResult("  replayed, the same key and body", "the first answer again")
        partitions = (keys.session_pk(started.id), keys.IDEMPOTENCY_PK)
        before = [_partition(table_name, pk) for pk in partitions]
        replayed = self.timed(again, "POST", path, submission(started), headers=KEY)
        after = [_partition(table_name, pk) for pk in partitions]
        replay = Replay(
            first_status=answer.status_code,
            status=replayed.status_code,
            same_answer=replayed.json_body == answer.json_body,
            table_unchanged=before == after,
            counts=again.counts[0],
            outcomes=self.seen[again.label],
        )
        return [first, again], replay

    def publications(self, warm_up: Started, sessions: list[Started]) -> RouteResult:
        staff = _login(self.api, STAFF)
        result = RouteResult(
            "POST /sessions/{id}/publish",
            f"as {STAFF}, {len(sessions)} finalized sessions, without Idempotency-Key",
        )
        self.api.warm_up(result, 200, "POST", f"/sessions/{warm_up.id}/publish", headers=staff)
        for started in sessions:
            self.timed(result, "POST", f"/sessions/{started.id}/publish", headers=staff)
        return result


# --- rendering ---------------------------------------------------------------------------------


def _row(result: RouteResult) -> list[str]:
    typical = result.typical
    requests = str(sum(typical.values())) + (" (varied)" if result.varied else "")
    return [
        result.label,
        str(len(result.counts)),
        requests,
        breakdown(typical),
        f"{result.timing.median_ms:.1f}",
        f"{result.timing.p90_ms:.1f}",
        f"{result.aws_timing.median_ms:.1f}",
        f"{result.outside_aws_timing.median_ms:.1f}",
    ]


def _outcomes(calls: list[str]) -> str:
    counted = Counter(calls)
    return ", ".join(f"{n} x {call}" if n > 1 else call for call, n in counted.items())


def render(report: FinalizationReport) -> str:
    header = [
        "call",
        "runs",
        "AWS requests",
        "breakdown (service.Operation)",
        "median ms",
        "p90 ms",
        "in AWS calls",
        "outside",
    ]
    lines = [
        "Finalization: a fresh moto stack (server mode, as above) with the demo data, rosters",
        f"included. {FINALIZE_RUNS + 1} sessions are created through the API, each with"
        f" {CANDIDATES} pupils enrolled; all of",
        f"them join (POST /sessions/{{id}}/join) and {COMPLETED} complete their test"
        " (POST /courses/{n}/complete):",
        f"{COMPLETED} COMPLETED, {CANDIDATES - COMPLETED} STARTED. Building them is not"
        " recorded. The same pinned clock, test",
        "client and request counting as the routes; one unrecorded warm-up per kind of call (an",
        "issue report sent with an Idempotency-Key, which also loads Powertools' idempotency; a",
        "draft; a read; a finalize refused with 422; a publication), none for the finalize with",
        "a key and its replay. 'requests of the last call' names what each request touched (the",
        "sort key read, the Query's prefix, the items of a transaction) and how it ended.",
        "",
        table(header, [_row(r) for r in report.results], right={1, 2, 4, 5, 6, 7}),
        "",
        "Notes:",
    ]
    for result in report.results:
        label = result.label.strip()
        if result.note:
            lines.append(f"  {label}: {result.note}")
        if result.label in report.outcomes:
            lines.append(
                f"    requests of the last call: {_outcomes(report.outcomes[result.label])}"
            )
        if result.varied:
            seen = sorted({breakdown(c) for c in result.counts})
            lines.append(f"  {label}: the requests varied between calls: {seen}")
        if result.unexpected:
            lines.append(
                f"  {label}: {len(result.unexpected)} unexpected answer(s)"
                f" (expected {result.expected_status}): {result.unexpected[0]}"
            )
    read = next(r for r in report.results if r.label.startswith("GET"))
    final = next(r for r in report.results if r.target is FINALIZE_TARGET)
    replay = report.replay
    lines += [
        "",
        "Figures and targets:",
        "",
        f"  {read.label} (no target; the figure asked for)",
        f"    measured: {breakdown(read.typical)}, median {read.timing.median_ms:.1f} ms",
        "",
        f"  {final.label}",
        f"    target:   {FINALIZE_TARGET.text}",
        f"    measured: writes {breakdown(writes(final.typical))};"
        f" reads {breakdown(reads(final.typical))}",
        f"    {verdict(final.met)} on {final.met_in}/{len(final.counts)} calls;"
        f" median {final.timing.median_ms:.1f} ms",
        "",
        "  the finalize replayed with the same Idempotency-Key",
        "    target:   no write: the first answer again, nothing changed in the session's item",
        "              collection nor in the idempotency records",
        f"    requests: {breakdown(replay.counts)}",
        f"    outcomes: {_outcomes(replay.outcomes) or 'none'}; writes that succeeded:"
        f" {len(replay.writes_done)}",
        f"    answer {replay.status} (first {replay.first_status}), the same body:"
        f" {replay.same_answer}; table unchanged: {replay.table_unchanged}",
        f"    {verdict(replay.met)}",
    ]
    return "\n".join(lines)
