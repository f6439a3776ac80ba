"""Every write to a session leaves an event, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, Api
from tests.integration.test_candidates_api import SESSION, enroll, import_csv, join, let_in


def events(api: Api, session_id: int, who: str = ANNE_FRANK_ADMIN) -> list[dict[str, Any]]:
    answer = api.as_user(who, "GET", f"/sessions/{session_id}/events?pageSize=100")
    assert answer.status_code == 200, answer.body
    items: list[dict[str, Any]] = answer.json_body["items"]
    return items


def test_the_trail_of_a_session_from_creation_to_a_completed_course(
    demo: Settings, api: Api
) -> None:
    import_csv(api)
    session = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    sid = session["id"]
    api.as_user(ANNE_FRANK_ADMIN, "PATCH", f"/sessions/{sid}", {"room": "Salle 12"})
    students = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/students").json_body["items"]
    by_name = {s["firstName"]: s["id"] for s in students}
    enrolled = enroll(api, sid, [by_name["Zoé"], by_name["Lucas"]]).json_body["candidates"]
    lucas = next(c for c in enrolled if c["firstName"] == "Lucas")
    zoe = next(c for c in enrolled if c["firstName"] == "Zoé")
    api.as_user(
        ANNE_FRANK_ADMIN,
        "PATCH",
        f"/sessions/{sid}/candidates/{zoe['id']}",
        {"extraTimePercentage": 33},
    )
    api.as_user(ANNE_FRANK_ADMIN, "DELETE", f"/sessions/{sid}/candidates/{lucas['id']}")
    let_in(api, session, "Zoé")
    joined = join(api, session).json_body
    api.request(
        "POST",
        f"/courses/{joined['certificationNumber']}/complete",
        headers={"Authorization": f"Bearer {joined['courseToken']}"},
    )

    trail = events(api, sid)
    assert [e["action"] for e in trail] == [
        "SESSION_CREATED",
        "SESSION_UPDATED",
        "CANDIDATES_ENROLLED",
        "EXTRA_TIME_SET",
        "CANDIDATE_REMOVED",
        "CANDIDATE_AUTHORIZED_TO_START",
        "CANDIDATE_JOINED",
        "COURSE_COMPLETED",
    ]
    created, updated, enrolled_event, extra, removed, confirmed, joined_event, completed = trail
    assert confirmed["changes"]["candidateId"] == zoe["id"]
    assert created["actor"]["label"] == ANNE_FRANK_ADMIN and created["actor"]["type"] == "USER"
    assert updated["changes"] == {"room": {"from": "Salle 208", "to": "Salle 12"}}
    assert enrolled_event["changes"]["added"] == 2
    assert extra["changes"]["extraTimePercentage"] == {"from": 0, "to": 33}
    assert removed["changes"]["candidateId"] == lucas["id"]
    assert joined_event["actor"]["type"] == "CANDIDATE"
    assert joined_event["changes"]["certificationNumber"] == joined["certificationNumber"]
    assert completed["changes"]["candidateId"] == zoe["id"]
    assert all(e["at"].endswith("Z") for e in trail)


def test_a_refused_change_leaves_no_event(demo: Settings, api: Api) -> None:
    sid = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body["id"]
    stale = api.as_user(
        ANNE_FRANK_ADMIN, "PATCH", f"/sessions/{sid}", {"room": "X"}, headers={"If-Match": "9"}
    )
    invalid = api.as_user(ANNE_FRANK_ADMIN, "PATCH", f"/sessions/{sid}", {"date": "bad"})
    assert (stale.status_code, invalid.status_code) == (412, 422)
    assert [e["action"] for e in events(api, sid)] == ["SESSION_CREATED"]


def test_another_school_cannot_read_the_trail(demo: Settings, api: Api) -> None:
    sid = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body["id"]
    answer = api.as_user(LECONTE_ADMIN, "GET", f"/sessions/{sid}/events")
    assert answer.status_code == 404 and answer.json_body["code"] == "SESSION_NOT_FOUND"
