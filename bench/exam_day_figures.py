"""Exam day: what the invigilator's live list and the pupils' entry cost in AWS requests, with
30 and 120 candidates in the room (the list must cost the same whatever their number)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from chalice.test import Client

from bench.harness import (
    CENTER_ID,
    RequestRecorder,
    RouteResult,
    Target,
    breakdown,
    exactly,
    local_stack,
    quiet_output,
)
from bench.roster_figures import Api
from bench.stats import table, verdict

RUNS = 10
TODAY = {  # the bench's pinned clock is 09:00 in Paris on 1 December 2026
    "address": "Collège Anne Frank",
    "room": "Salle 208",
    "date": "2026-12-01",
    "time": "09:00",
    "examiner": "Paul Eluard",
}
GET, QUERY = "dynamodb.GetItem", "dynamodb.Query"
UPDATE, TRANSACT = "dynamodb.UpdateItem", "dynamodb.TransactWriteItems"
LIST_TARGET = Target("1 GetItem + 1 Query", exactly({GET: 1, QUERY: 1}))


def _room(api: Api, size: int) -> dict[str, Any]:
    session = api.send("POST", f"/centers/{CENTER_ID}/sessions", TODAY).json_body
    pupils = api.send("GET", f"/sessions/{session['id']}/students?pageSize=100").json_body["items"]
    page = 2
    while len(pupils) < size:
        more = api.send("GET", f"/sessions/{session['id']}/students?pageSize=100&page={page}")
        if not more.json_body["items"]:
            raise RuntimeError(f"the demo roster has fewer than {size} pupils")
        pupils += more.json_body["items"]
        page += 1
    chosen = pupils[:size]
    api.send(
        "POST", f"/sessions/{session['id']}/candidates", {"studentIds": [p["id"] for p in chosen]}
    )
    login = api.send(
        "POST",
        "/invigilator/login",
        {"sessionId": session["id"], "supervisorPassword": session["supervisorPassword"]},
        public=True,
    )
    return {"session": session, "pupils": chosen, "token": login.json_body["invigilatorToken"]}


def measure(runs: int = RUNS) -> list[RouteResult]:
    recorder = RequestRecorder()
    results: list[RouteResult] = []
    with quiet_output(), local_stack(recorder) as _, Client(_app()) as client:
        api = Api(client, recorder)
        api.login()
        for size in (30, 120):
            room = _room(api, size)
            sid = room["session"]["id"]
            as_invigilator = {"Authorization": f"Bearer {room['token']}"}
            polled = RouteResult(f"live list, {size} candidates (invigilator)", target=LIST_TARGET)
            for _ in range(runs):
                api.timed(polled, "GET", f"/sessions/{sid}/supervising", headers=as_invigilator)
            results.append(polled)
        # One pupil confirmed, then entering.
        room = _room(api, 30)
        sid = room["session"]["id"]
        as_invigilator = {"Authorization": f"Bearer {room['token']}"}
        candidates = api.send("GET", f"/sessions/{sid}/candidates").json_body["items"]
        confirm = RouteResult("confirm a presence")
        enter = RouteResult("a confirmed pupil enters")
        for pupil in candidates[:runs]:
            api.timed(
                confirm,
                "POST",
                f"/sessions/{sid}/candidates/{pupil['id']}/authorize-to-start",
                {"authorized": True},
                headers=as_invigilator,
            )
            form = {
                "accessCode": room["session"]["accessCode"],
                "lastName": pupil["lastName"],
                "firstName": pupil["firstName"],
                "birthdate": pupil["birthdate"],
            }
            api.timed(enter, "POST", f"/sessions/{sid}/join", form, public=True)
        results += [confirm, enter]
    return results


def _app() -> Any:
    from app import app

    return app


def render(results: list[RouteResult]) -> str:
    rows = []
    for result in results:
        target = result.target.text if result.target else "—"
        rows.append(
            [
                result.label,
                breakdown(Counter(result.typical)),
                f"{result.timing.median_ms:.0f} ms",
                target,
                verdict(result.met) if result.target else ("" if not result.unexpected else "!"),
            ]
        )
        rows += [["", f"  unexpected: {note}", "", "", ""] for note in result.unexpected[:2]]
    header = ["exam day (in process, moto)", "AWS requests per call", "median", "target", ""]
    return "\n".join([f"Exam day ({RUNS} calls each)", table(header, rows, right={2})])


if __name__ == "__main__":
    print(render(measure()))
