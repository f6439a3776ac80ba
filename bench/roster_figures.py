"""Roster and candidates: importing a 2 000-pupil SIECLE file, enrolling 500 pupils, a page of
a session's pupils, joining and extra time; then a class leaves (marked, purged 30 days later)
and a pupil's data are exported and erased. AWS requests by operation and in-process times,
through Chalice's test client, on a fresh moto stack with the demo centers and users and no
demo roster (the import is the first of the school)."""

from __future__ import annotations

import csv
import gc
import io
import json
import math
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from chalice.test import Client

from bench.harness import (
    ADMIN,
    CENTER_ID,
    JSON,
    NOW,
    ROOT,
    RequestRecorder,
    RouteResult,
    Target,
    breakdown,
    exactly,
    local_stack,
    quiet_output,
)
from bench.stats import Timing, table, verdict
from devstack.demo import ANNE_FRANK, DEMO_PASSWORD
from devstack.demo_roster import LEFT_PUPILS, PUPILS_WITHOUT_DIVISION, demo_siecle_xml
from functions import wiring
from shared.adapters import aws
from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import READ_BATCH, WRITE_BATCH, collection_request, query_all
from shared.domain.retention import LEFT_PUPIL_GRACE
from shared.domain.roster.parse import parse_roster

UAI = ANNE_FRANK.external_id or "0999001A"
DIVISIONS = tuple(f"3E{n}" for n in range(1, 9))
PUPILS_PER_DIVISION = 250
ENROLLED = 500
PARSE_RUNS = 5
REIMPORTS = 3
ENROLMENTS = 3  # fresh sessions, the same 500 pupils in each
PAGE_RUNS = 20
FEW_RUNS = 5  # joins and extra time
XML = {"Content-Type": "application/xml"}
CSV = {"Content-Type": "text/csv"}
IMPORT = f"/centers/{CENTER_ID}/students/import"
PAGE = "?page=2&pageSize=50"

GET, QUERY, PUT = "dynamodb.GetItem", "dynamodb.Query", "dynamodb.PutItem"
BATCH_WRITE, BATCH_GET = "dynamodb.BatchWriteItem", "dynamodb.BatchGetItem"
UPDATE, TRANSACT = "dynamodb.UpdateItem", "dynamodb.TransactWriteItems"
DELETE = "dynamodb.DeleteItem"


# --- targets ----------------------------------------------------------------------------------


# Every import holds the center's import lease (#12): a PutItem to take it, a DeleteItem to
# give it back, on top of what the import itself reads and writes.
LEASE = {PUT: 1, DELETE: 1}


def _import_counts(counts: Counter[str], writes: int, extra: dict[str, int]) -> bool:
    """The membership GetItem, the roster Query (1 page per MB), the lease, `writes`
    BatchWriteItem, and `extra` exactly (the divisions' PutItem, the sessions' Query...)."""
    expected = Counter({GET: 1, **LEASE, BATCH_WRITE: writes}) + Counter(extra)
    expected[QUERY] += 1
    roster_pages = counts[QUERY] - expected[QUERY]
    return roster_pages >= 0 and counts - Counter({QUERY: roster_pages}) == +expected


def import_target(pupils: int) -> Target:
    batches = math.ceil(pupils / WRITE_BATCH)
    return Target(
        f"1 membership GetItem + the roster Query (1 page per MB) + the lease (1 PutItem,"
        f" 1 DeleteItem) + ceil({pupils}/{WRITE_BATCH}) = {batches} BatchWriteItem + 1 PutItem"
        " (divisions)",
        lambda counts: _import_counts(counts, batches, {PUT: 1}),
    )


REIMPORT_TARGET = Target(
    "nothing written but the lease: the membership GetItem + the roster Query + 1 PutItem and"
    " 1 DeleteItem (the lease)",
    lambda counts: _import_counts(counts, 0, {}),
)


def leavers_target(left: int) -> Target:
    batches = math.ceil(left / WRITE_BATCH)
    return Target(
        f"the same file's requests + ceil({left}/{WRITE_BATCH}) = {batches} BatchWriteItem"
        " (the marks) + the divisions' PutItem; no session read",
        lambda counts: _import_counts(counts, batches, {PUT: 1}),
    )


def purge_target(left: int) -> Target:
    batches = math.ceil(left / WRITE_BATCH)
    return Target(
        f"the same file's requests + the sessions' Query + 1 TransactWriteItems (the event) +"
        f" ceil({left}/{WRITE_BATCH}) = {batches} BatchWriteItem (the deletions) + the"
        " divisions' PutItem",
        lambda counts: _import_counts(counts, batches, {PUT: 1, QUERY: 1, TRANSACT: 1}),
    )


ERASE_TARGET = Target(
    "6: membership GetItem + the import lease (PutItem, DeleteItem) + pupil BatchGetItem"
    " + sessions Query + 1 TransactWriteItems",
    exactly({GET: 1, PUT: 1, DELETE: 1, BATCH_GET: 1, QUERY: 1, TRANSACT: 1}),
)


def enrol_target(pupils: int) -> Target:
    writes, reads = math.ceil(pupils / WRITE_BATCH), math.ceil(pupils / READ_BATCH)

    def check(counts: Counter[str]) -> bool:
        return (
            counts[BATCH_WRITE] <= writes
            and counts[GET] <= 2
            and counts[BATCH_GET] <= reads
            and counts[UPDATE] + counts[TRANSACT] == 1
            and set(counts) <= {BATCH_WRITE, GET, BATCH_GET, QUERY, UPDATE, TRANSACT}
        )

    return Target(
        f"<= {writes} BatchWriteItem plus the reads it needs (<= 2 GetItem: session and"
        f" membership; <= {reads} BatchGetItem: the pupils; the Query of the answer's list)"
        " + 1 commit write (UpdateItem, or TransactWriteItems if it carries more)",
        check,
    )


REENROL_TARGET = Target(
    "nothing written: 0 BatchWriteItem, no commit write (only the reads)",
    lambda counts: set(counts) <= {GET, BATCH_GET, QUERY},
)


PAGE_TARGET = Target(
    "1 Query + the membership GetItem; the session's GetItem comes on top (it tells the"
    " center): 1 Query + 2 GetItem",
    exactly({QUERY: 1, GET: 2}),
)


# --- calling the API ---------------------------------------------------------------------------


class Api:
    """Chalice's test client, the admin's token, and recorded calls."""

    def __init__(self, client: Client, recorder: RequestRecorder) -> None:
        self.client = client
        self.recorder = recorder
        self.auth: dict[str, str] = {}

    def login(self) -> None:
        answer = self.send("POST", "/auth/login", {"email": ADMIN, "password": DEMO_PASSWORD})
        if answer.status_code != 200:
            raise RuntimeError(f"cannot log in as {ADMIN}: {answer.status_code} {answer.body!r}")
        self.auth = {"Authorization": f"Bearer {answer.json_body['idToken']}"}

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        public: bool = False,
    ) -> Any:
        payload = raw if raw is not None else json.dumps(body).encode() if body is not None else b""
        sent = {**JSON, **({} if public else self.auth), **(headers or {})}
        return self.client.http.request(method, path, headers=sent, body=payload)

    def warm_up(
        self,
        result: RouteResult,
        expected: int,
        method: str,
        path: str,
        body: Any = None,
        **how: Any,
    ) -> Any:
        """One unrecorded call; an unexpected answer is reported with `result`."""
        response = self.send(method, path, body, **how)
        if response.status_code != expected:
            result.unexpected.append(f"warm-up {response.status_code} {response.body[:200]!r}")
        return response

    def timed(
        self, result: RouteResult, method: str, path: str, body: Any = None, **how: Any
    ) -> Any:
        """One recorded call, added to `result`. The objects alive before it are frozen first:
        moto keeps every item as Python objects in this process (and leaks copies on each GSI
        Query), so a full collection over that heap (up to ~1 s by the end of the run) would
        otherwise land inside whichever call triggers it; the collector still sees everything
        the call itself allocates."""
        gc.freeze()
        with self.recorder.recording() as recording:
            started = time.perf_counter()
            response = self.send(method, path, body, **how)
            elapsed = time.perf_counter() - started
        if response.status_code != result.expected_status:
            result.unexpected.append(f"{response.status_code} {response.body[:200]!r}")
        result.add(elapsed, recording)
        return response


# --- the measurements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Collection:
    """A collection that a route reads with one Query, sized by DynamoDB's rules (a Query page
    stops at 1 MB)."""

    what: str
    items: int
    size: int


@dataclass(frozen=True)
class RosterReport:
    file_bytes: int
    pupils: int
    parse: Timing
    results: list[RouteResult]
    collections: list[Collection]


def item_size(item: dict[str, Any]) -> int:
    """An item's size as DynamoDB counts it: attribute names + values (numbers approximated)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict[str, Any]) -> int:
    ((kind, raw),) = value.items()
    if kind in {"SS", "NS", "BS"}:
        return sum(_value_size({kind[0]: element}) for element in raw)
    if kind == "L":
        return 3 + sum(1 + _value_size(element) for element in raw)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + _value_size(v) for k, v in raw.items())
    if kind == "N":
        return (len(raw.lstrip("-").replace(".", "")) + 1) // 2 + 1
    return len(raw.encode()) if kind == "S" else len(raw) if kind == "B" else 1


def collection(table: str, what: str, stored: keys.Collection) -> Collection:
    """Read outside any recording: not counted."""
    items = query_all(aws.dynamodb(), collection_request(table, stored))
    return Collection(what, len(items), sum(item_size(item) for item in items))


def siecle_file() -> bytes:
    return demo_siecle_xml(
        UAI, seed=2026, divisions=DIVISIONS, pupils_per_division=PUPILS_PER_DIVISION
    )


def measure() -> RosterReport:
    content = siecle_file()
    samples: list[float] = []
    for _ in range(PARSE_RUNS):
        started = time.perf_counter()
        parsed = parse_roster(content, "application/xml")
        samples.append(time.perf_counter() - started)
    pupils = len(parsed.students)
    recorder = RequestRecorder()
    with quiet_output(), local_stack(recorder, with_rosters=False) as config:
        from app import app

        with Client(app, project_dir=str(ROOT)) as client:
            api = Api(client, recorder)
            api.login()
            results = _imports(api, content, pupils)
            roster = collection(config.table_name, "the roster", keys.roster(CENTER_ID))
            more, session_id = _candidates(api)
            enrolled = collection(
                config.table_name,
                f"a session's {ENROLLED} candidates",
                keys.candidates_of(session_id),
            )
            leaving = _leavers(api)
            data = _personal_data(api)
    return RosterReport(
        len(content),
        pupils,
        Timing(tuple(samples)),
        [*results, *more, *leaving, *data],
        [roster, enrolled],
    )


def _imports(api: Api, content: bytes, pupils: int) -> list[RouteResult]:
    # Unrecorded warm-up: another school's export is refused (422) after the membership read
    # and the parse, writing nothing: the handler module, the parsers and the JWKS are loaded.
    other = demo_siecle_xml("0999999Z", seed=1, divisions=DIVISIONS[:1], pupils_per_division=2)
    first = RouteResult("POST /centers/{id}/students/import", target=import_target(pupils))
    api.warm_up(first, 422, "POST", IMPORT, raw=other, headers=XML)
    first.note = "first import: " + _report(
        api.timed(first, "POST", IMPORT, raw=content, headers=XML)
    )
    again = RouteResult("  the same file again", target=REIMPORT_TARGET)
    for _ in range(REIMPORTS):
        answer = api.timed(again, "POST", IMPORT, raw=content, headers=XML)
    again.note = "each time: " + _report(answer)
    return [first, again]


def _report(response: Any) -> str:
    if response.status_code != 200:
        return f"answer {response.status_code}"
    body = response.json_body
    counts = ", ".join(
        f"{body[k]} {k}" for k in ("created", "updated", "unchanged", "skipped", "absent", "purged")
    )
    return f"{counts}, {len(body['errors'])} line errors"


def _roster(api: Api) -> list[dict[str, Any]]:
    """The whole roster, page by page (unrecorded)."""
    pupils: list[dict[str, Any]] = []
    page = 1
    while True:
        answer = api.send("GET", f"/centers/{CENTER_ID}/students?pageSize=100&page={page}")
        pupils += answer.json_body["items"]
        if len(pupils) >= answer.json_body["total"]:
            return pupils
        page += 1


def _csv(pupils: list[dict[str, Any]]) -> bytes:
    """The roster as a CSV with every field, so that nobody listed in it changes."""
    columns = {
        "Nom de naissance": "lastName",
        "Prénom": "firstName",
        "Date de naissance": "birthdate",
        "Classe": "division",
        "INE": "nationalStudentId",
        "Sexe": "sex",
        "Commune de naissance": "birthCity",
        "Code commune de naissance": "birthCityCode",
        "Pays de naissance": "birthCountry",
        "Code pays de naissance": "birthCountryCode",
    }
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    for pupil in pupils:
        writer.writerow([pupil[field] or "" for field in columns.values()])
    return text.getvalue().encode("utf-8")


def _leavers(api: Api) -> list[RouteResult]:
    """The last class leaves (its pupils are candidates of no session): the school's file
    without it marks them, and the same file 30 days later purges them."""
    pupils = _roster(api)
    staying = [p for p in pupils if p["division"] != DIVISIONS[-1]]
    content, left = _csv(staying), len(pupils) - len(staying)
    same = RouteResult("  the same roster as a CSV (warm-up, unrecorded)")
    api.warm_up(same, 200, "POST", IMPORT, raw=_csv(pupils), headers=CSV)
    marked = RouteResult(
        f"  a class leaves: the file without its {left} pupils", target=leavers_target(left)
    )
    marked.note = "marked: " + _report(api.timed(marked, "POST", IMPORT, raw=content, headers=CSV))
    wiring.override(clock=lambda: NOW + LEFT_PUPIL_GRACE)
    try:
        purged = RouteResult(
            f"  the same file {LEFT_PUPIL_GRACE.days} days later", target=purge_target(left)
        )
        answer = api.timed(purged, "POST", IMPORT, raw=content, headers=CSV)
    finally:
        wiring.override(clock=lambda: NOW)
    purged.note = "purged: " + _report(answer)
    return [marked, purged]


def _personal_data(api: Api) -> list[RouteResult]:
    """A pupil enrolled in every session of the center (all open) is exported; pupils of no
    session are erased."""
    pupils = _roster(api)
    sessions = api.send("GET", f"/centers/{CENTER_ID}/sessions?pageSize=100").json_body
    enrolled = pupils[0]
    export = RouteResult(
        "GET /centers/{id}/students/{sid}/export",
        f"a pupil enrolled in {sessions['total']} sessions (the center's all), each read",
    )
    path = f"/centers/{CENTER_ID}/students/{enrolled['id']}/export"
    api.warm_up(export, 200, "GET", path)
    for _ in range(FEW_RUNS):
        api.timed(export, "GET", path)
    erase = RouteResult(
        "DELETE /centers/{id}/students/{sid}",
        f"pupils of no session, {sessions['total']} open sessions checked",
        ERASE_TARGET,
        expected_status=204,
    )
    free = pupils[-(FEW_RUNS + 1) :]
    api.warm_up(erase, 204, "DELETE", f"/centers/{CENTER_ID}/students/{free[0]['id']}")
    for pupil in free[1:]:
        api.timed(erase, "DELETE", f"/centers/{CENTER_ID}/students/{pupil['id']}")
    return [export, erase]


def _candidates(api: Api) -> tuple[list[RouteResult], int]:
    sessions = [_new_session(api, index) for index in range(ENROLMENTS)]
    session_id = sessions[0]["id"]
    pupils: list[dict[str, Any]] = []
    for page in range(1, math.ceil(ENROLLED / 100) + 1):
        answer = api.send("GET", f"/sessions/{session_id}/students?pageSize=100&page={page}")
        pupils += answer.json_body["items"]
    ids = [pupil["id"] for pupil in pupils[:ENROLLED]]

    enrol = RouteResult(
        f"POST /sessions/{{id}}/candidates ({ENROLLED} new)",
        target=enrol_target(ENROLLED),
        expected_status=201,
        note=f"{ENROLMENTS} fresh sessions, the same {ENROLLED} pupils in each",
    )
    answers = [
        api.timed(enrol, "POST", f"/sessions/{s['id']}/candidates", {"studentIds": ids})
        for s in sessions
    ]
    again = RouteResult(f"  the same {ENROLLED} again", target=REENROL_TARGET, expected_status=201)
    for session in sessions:
        answer = api.timed(
            again, "POST", f"/sessions/{session['id']}/candidates", {"studentIds": ids}
        )
    enrol.note += "; answer: " + _enrolment(answers[0])
    again.note = "answer: " + _enrolment(answer)

    pages = [
        _page(api, session_id, "", "no filter: the whole roster"),
        _page(api, session_id, "&division=3E1", "1 class"),
        _page(api, session_id, "&division=3E1&division=3E2", "2 classes"),
    ]
    joins = _joins(api, sessions[0], pupils[: 1 + FEW_RUNS])
    joined = {pupil["id"] for pupil in pupils[: 1 + FEW_RUNS]}
    waiting = [c for c in answers[0].json_body["candidates"] if c["studentId"] not in joined]
    return [enrol, again, *pages, *joins, _extra_time(api, session_id, waiting)], session_id


def _new_session(api: Api, index: int) -> dict[str, Any]:
    form = {
        "address": ANNE_FRANK.name,
        "room": f"Salle {200 + index}",
        # Today: pupils may enter (the bench's clock is 09:00 in Paris).
        "date": NOW.date().isoformat(),
        "time": "12:00",
        "examiner": "Paul Eluard",
    }
    answer = api.send("POST", f"/centers/{CENTER_ID}/sessions", form)
    if answer.status_code != 201:
        raise RuntimeError(f"cannot create a session: {answer.status_code} {answer.body!r}")
    session: dict[str, Any] = answer.json_body
    return session


def _enrolment(response: Any) -> str:
    if response.status_code != 201:
        return f"answer {response.status_code}"
    body = response.json_body
    return (
        f"{body['added']} added, {body['alreadyEnrolled']} already enrolled,"
        f" {len(body['candidates'])} candidates listed"
    )


def _page(api: Api, session_id: int, query: str, note: str) -> RouteResult:
    path = f"/sessions/{session_id}/students{PAGE}{query}"
    result = RouteResult(f"GET /sessions/{{id}}/students{PAGE}{query}", note, PAGE_TARGET)
    api.warm_up(result, 200, "GET", path)
    for _ in range(PAGE_RUNS):
        api.timed(result, "GET", path)
    return result


def _joins(api: Api, session: dict[str, Any], pupils: list[dict[str, Any]]) -> list[RouteResult]:
    def form(pupil: dict[str, Any]) -> dict[str, str]:
        return {
            "accessCode": session["accessCode"],
            "lastName": pupil["lastName"],
            "firstName": pupil["firstName"],
            "birthdate": pupil["birthdate"],
        }

    path = f"/sessions/{session['id']}/join"
    _confirm_presence(api, session["id"], pupils)
    warm_up, *measured = pupils
    first = RouteResult(
        "POST /sessions/{id}/join (first time)", f"{len(measured)} pupils, {ENROLLED} enrolled"
    )
    # Warm-up: the course-token key's one Secrets Manager read, the PyJWT import.
    api.warm_up(first, 200, "POST", path, form(warm_up), public=True)
    again = RouteResult(
        "  the same pupil again",
        "refused until the invigilator allows a resume (403), nothing written",
        expected_status=403,
    )
    for pupil in measured:
        api.timed(first, "POST", path, form(pupil), public=True)
    for pupil in measured:
        api.timed(again, "POST", path, form(pupil), public=True)
    return [first, again]


def _confirm_presence(api: Api, session_id: int, pupils: list[dict[str, Any]]) -> None:
    """What the invigilator does before pupils may enter (unrecorded)."""
    listed = api.send("GET", f"/sessions/{session_id}/candidates").json_body["items"]
    by_student = {c["studentId"]: c["id"] for c in listed}
    for pupil in pupils:
        path = f"/sessions/{session_id}/candidates/{by_student[pupil['id']]}/authorize-to-start"
        api.send("POST", path, {"authorized": True})


def _extra_time(api: Api, session_id: int, candidates: list[dict[str, Any]]) -> RouteResult:
    result = RouteResult(
        "PATCH /sessions/{id}/candidates/{cid}",
        f"extra time 33 %, {FEW_RUNS} candidates who have not joined, {ENROLLED} in the session",
    )
    body = {"extraTimePercentage": 33}
    paths = [f"/sessions/{session_id}/candidates/{c['id']}" for c in candidates[: 1 + FEW_RUNS]]
    api.warm_up(result, 200, "PATCH", paths[0], body)
    for path in paths[1:]:
        api.timed(result, "PATCH", path, body)
    return result


# --- rendering ---------------------------------------------------------------------------------


def _row(result: RouteResult) -> list[str]:
    typical = result.typical
    requests = str(sum(typical.values())) + (" (varied)" if result.varied else "")
    items = sorted(set(result.batch_items))
    return [
        result.label,
        str(len(result.counts)),
        requests,
        breakdown(typical),
        "/".join(str(n) for n in items) if items else "-",
        f"{result.timing.median_ms:.1f}",
        f"{result.timing.p90_ms:.1f}",
        f"{result.aws_timing.median_ms:.1f}",
        f"{result.parse_timing.median_ms:.1f}",
        f"{result.outside_aws_timing.median_ms:.1f}",
    ]


def render(report: RosterReport) -> str:
    header = [
        "call",
        "runs",
        "AWS requests",
        "breakdown (service.Operation)",
        "batch items",
        "median ms",
        "p90 ms",
        "in AWS calls",
        "of which parsing",
        "outside",
    ]
    skipped = LEFT_PUPILS + PUPILS_WITHOUT_DIVISION
    lines = [
        "Roster and candidates: a fresh moto stack (server mode, as above) with the demo centers",
        "and users and no demo roster, so the import below is the school's first; the same pinned",
        "clock, test client and request counting as the routes. Each kind of call gets one",
        "unrecorded warm-up (another school's file refused with 422, a page, a join, an extra",
        "time), except the first import and the enrolments: each of those is one real call.",
        "'batch items' = items sent in the call's BatchWriteItem requests; 'of which parsing' =",
        "botocore parsing the responses, a share of 'in AWS calls' that Lambda pays too.",
        "",
        f"SIECLE file: demo_siecle_xml(UAI {UAI}), {len(DIVISIONS)} divisions x"
        f" {PUPILS_PER_DIVISION} = {report.pupils} pupils read (+{skipped} the import skips),"
        f" {report.file_bytes / 1e6:.2f} MB ISO-8859-15",
        f"parse_roster alone (the same bytes, no AWS): median {report.parse.median_ms:.1f} ms,"
        f" min {report.parse.min_ms:.1f} ms over {len(report.parse.samples)} runs",
        *(
            f"{c.what} in DynamoDB: {c.items} items, {c.size / 1e6:.2f} MB"
            f" (≈ {c.size / max(c.items, 1):.0f} B each): one Query page (1 MB) holds"
            f" ≈ {1e6 * c.items / max(c.size, 1):.0f}"
            for c in report.collections
        ),
        "",
        table(header, [_row(r) for r in report.results], right={1, 2, 4, 5, 6, 7, 8, 9}),
        "",
        "Notes:",
    ]
    for result in report.results:
        if result.note:
            lines.append(f"  {result.label.strip()}: {result.note}")
        if result.varied:
            seen = sorted({breakdown(c) for c in result.counts})
            lines.append(f"  {result.label.strip()}: the requests varied between calls: {seen}")
        if result.unexpected:
            lines.append(
                f"  {result.label.strip()}: {len(result.unexpected)} unexpected answer(s)"
                f" (expected {result.expected_status}): {result.unexpected[0]}"
            )
    lines += ["", "Targets (AWS requests per call, checked on every recorded call):"]
    for result in report.results:
        if result.target is None:
            continue
        lines += [
            "",
            f"  {result.label.strip()}",
            f"    target:   {result.target.text}",
            f"    measured: {breakdown(result.typical)}",
            f"    {verdict(result.met)} on {result.met_in}/{len(result.counts)} calls",
        ]
    return "\n".join(lines)
