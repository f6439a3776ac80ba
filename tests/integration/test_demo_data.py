"""`make run`'s demo data: each school has a realistic roster, imported like a user would."""

from __future__ import annotations

from devstack.demo import seed
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, Api

SESSION = {
    "address": "Site",
    "room": "Salle 1",
    "date": "2026-12-14",
    "time": "09:00",
    "examiner": "M. Surveillant",
}


def test_each_demo_school_has_a_roster_of_at_least_100_pupils_in_4_classes(
    stack: Settings, api: Api
) -> None:
    reports = seed(stack)
    for center, who in (("c-anne-frank", ANNE_FRANK_ADMIN), ("c-leconte-de-lisle", LECONTE_ADMIN)):
        report = reports[center]
        assert report.created >= 100 and report.errors == []
        assert report.skipped >= 2  # pupils who left, or without a class
        divisions = api.as_user(who, "GET", f"/centers/{center}/divisions").json_body["items"]
        assert len(divisions) >= 4
        session = api.as_user(who, "POST", f"/centers/{center}/sessions", SESSION).json_body
        page = api.as_user(who, "GET", f"/sessions/{session['id']}/students?pageSize=100").json_body
        assert page["total"] == report.created
        names = [f"{s['lastName']} {s['firstName']}" for s in page["items"]]
        assert any(c in "".join(names) for c in "éèëïœŒ")  # accented names
        assert (
            any("--" in n or "'" in n or " " in n.split(" ")[0] for n in names)
            or page["total"] > 100
        )
    anne_frank = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    everyone = []
    for number in (1, 2):
        everyone += api.as_user(
            ANNE_FRANK_ADMIN,
            "GET",
            f"/sessions/{anne_frank['id']}/students?pageSize=100&page={number}",
        ).json_body["items"]
    assert any(s["birthCountryCode"] not in (None, "100") for s in everyone)  # born abroad
    assert any("--" in s["lastName"] for s in everyone)  # compound names


def test_each_demo_school_has_a_session_to_finalize(stack: Settings, api: Api) -> None:
    seed(stack)
    for center, who in (("c-anne-frank", ANNE_FRANK_ADMIN), ("c-leconte-de-lisle", LECONTE_ADMIN)):
        listed = api.as_user(who, "GET", f"/centers/{center}/sessions?status=TO_FINALIZE").json_body
        assert listed["total"] == 1
        session = listed["items"][0]
        assert (session["candidatesCount"], session["startedCount"]) == (8, 6)
        draft = api.as_user(who, "GET", f"/sessions/{session['id']}/finalization").json_body
        statuses = sorted(c["status"] for c in draft["candidates"])
        assert statuses == ["COMPLETED"] * 3 + ["STARTED"] * 3
