"""`make run`'s demo data: each school has a realistic roster, imported like a user would."""

from __future__ import annotations

from devstack.demo import seed
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, PIX_STAFF, Api

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


def test_each_demo_school_has_a_session_awaiting_pix_and_one_with_results(
    stack: Settings, api: Api
) -> None:
    seed(stack)
    for center, who in (("c-anne-frank", ANNE_FRANK_ADMIN), ("c-leconte-de-lisle", LECONTE_ADMIN)):
        finalized = api.as_user(who, "GET", f"/centers/{center}/sessions?status=FINALIZED")
        [waiting] = finalized.json_body["items"]
        processed = api.as_user(who, "GET", f"/centers/{center}/sessions?status=PROCESSED")
        [published] = processed.json_body["items"]

        # Pix staff find the first in the queue « À traiter », requiring action: an impactful
        # report (E1, question 12) not resolved yet.
        queue = api.as_user(
            PIX_STAFF, "GET", "/admin/sessions?status=FINALIZED&requiresAction=true&pageSize=100"
        ).json_body
        assert waiting["id"] in [s["id"] for s in queue["items"]]
        view = api.as_user(PIX_STAFF, "GET", f"/admin/sessions/{waiting['id']}").json_body
        reports = [r for c in view["finalization"]["candidates"] for r in c["issueReports"]]
        assert [(r["code"], r["questionNumber"], r["isImpactful"]) for r in reports] == [
            ("E1", 12, True)
        ]
        assert reports[0]["resolvedAt"] is None
        assert view["results"] == []

        # The second is published: two pupils validated, one rejected, for one class.
        view = api.as_user(PIX_STAFF, "GET", f"/admin/sessions/{published['id']}").json_body
        assert view["status"] == "PROCESSED"
        assert sorted(r["status"] for r in view["results"]) == [
            "REJECTED",
            "VALIDATED",
            "VALIDATED",
        ]
        candidates = api.as_user(who, "GET", f"/sessions/{published['id']}/candidates").json_body
        [division] = {c["division"] for c in candidates["items"]}
        answer = api.as_user(
            who,
            "GET",
            f"/centers/{center}/results?division={division}",
            headers={"Accept": "text/csv"},
        )
        assert answer.status_code == 200, answer.body
        text = answer.body.decode("utf-8-sig")
        assert all(c["lastName"] in text for c in candidates["items"])
