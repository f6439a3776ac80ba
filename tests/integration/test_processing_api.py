"""Processing by Pix staff through the API on moto (docs/processing.md): the queues, a
session's full view, assign, jury comment, resolution, publication and its rules, unpublish,
unfinalize; the roles (403 PIX_ADMIN_REQUIRED, staff 404 on the school's routes)."""

from __future__ import annotations

from typing import Any

import boto3

from functions import wiring
from shared.adapters.dynamo import keys
from shared.adapters.dynamo.items import to_item
from shared.domain.results import CertificationResult, ResultStatus
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, NOW, PIX_STAFF, Api
from tests.integration.test_finalization_api import started, submission
from tests.integration.test_ses_mail import sent_by_moto

__all__ = ["started"]  # the fixture, imported


def finalized(api: Api, started: dict[str, Any], **changes: Any) -> int:
    """The started session with an impactful report (A1) on Lucas, finalized."""
    sid: int = started["session"]["id"]
    lucas = started["candidates"]["Lucas"]
    report = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{sid}/candidates/{lucas}/issue-reports",
        {"category": "TECHNICAL_PROBLEM", "description": "L'ordinateur s'est éteint."},
    )
    assert report.status_code == 201 and report.json_body["isImpactful"] is True
    answer = api.as_user(
        ANNE_FRANK_ADMIN, "POST", f"/sessions/{sid}/finalize", submission(started, **changes)
    )
    assert answer.status_code == 200, answer.body
    return sid


def store_results(stack: Settings, sid: int, started: dict[str, Any]) -> None:
    """Results for both candidates who joined (entering them is the results routes' job)."""
    client = boto3.client("dynamodb")
    for number, candidate_id in enumerate(started["candidates"].values(), start=1):
        if candidate_id == started["candidates"].get("Yasmine"):
            continue
        result = CertificationResult(
            session_id=sid,
            candidate_id=candidate_id,
            certification_number=number,
            status=ResultStatus.VALIDATED,
            pix_score=400,
            saved_at=NOW,
            saved_by="staff",
        )
        values = keys.result(sid, candidate_id).fields() | result.model_dump(mode="json")
        client.put_item(TableName=stack.table_name, Item=to_item(values))


def staff(api: Api, method: str, path: str, body: Any = None) -> Any:
    return api.as_user(PIX_STAFF, method, path, body)


def test_the_whole_processing(started: dict[str, Any], api: Api, stack: Settings) -> None:
    sid = finalized(api, started)

    # The queue: the session, requiring action (a comment and an unresolved A1)
    queue = staff(api, "GET", "/admin/sessions?status=FINALIZED&requiresAction=true")
    assert queue.status_code == 200, queue.body
    [item] = queue.json_body["items"]
    assert (item["id"], item["centerName"], item["requiresAction"]) == (
        sid,
        "Collège Anne Frank",
        True,
    )
    assert item["assignedTo"] is None and item["finalizedAt"]
    assert queue.json_body["total"] == 1 and queue.json_body["counts"]["FINALIZED"] == 1
    none = staff(api, "GET", "/admin/sessions?status=FINALIZED&requiresAction=false").json_body
    assert none["items"] == [] and none["total"] == 0

    # Its full view (the staff screens' search by number)
    view = staff(api, "GET", f"/admin/sessions/{sid}").json_body
    assert view["status"] == "FINALIZED"
    assert view["finalization"]["examinerGlobalComment"].startswith("Coupure réseau")
    lucas = next(
        c
        for c in view["finalization"]["candidates"]
        if c["candidateId"] == started["candidates"]["Lucas"]
    )
    [report] = lucas["issueReports"]
    assert (report["isImpactful"], report["resolution"]) == (True, None)
    assert view["results"] == [] and view["events"][-1]["action"] == "SESSION_FINALIZED"

    # Assign: IN_PROCESS for staff, still "FINALIZED" for the school
    taken = staff(api, "POST", f"/admin/sessions/{sid}/assign")
    assert taken.status_code == 200, taken.body
    assert taken.json_body["status"] == "IN_PROCESS" and taken.json_body["assignedTo"]
    assert taken.json_body["assignedToName"]
    again = staff(api, "POST", f"/admin/sessions/{sid}/assign")
    assert again.json_body["version"] == taken.json_body["version"]  # nothing written
    school = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}").json_body
    assert school["status"] == "FINALIZED"
    listed = api.as_user(
        ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/sessions?status=FINALIZED"
    ).json_body
    assert [s["id"] for s in listed["items"]] == [sid]
    in_process = staff(api, "GET", "/admin/sessions?status=IN_PROCESS").json_body
    assert [s["id"] for s in in_process["items"]] == [sid]
    assert in_process["counts"]["FINALIZED"] == 0 and in_process["counts"]["IN_PROCESS"] == 1

    # Jury comment: 500 characters at most
    too_long = staff(api, "PUT", f"/admin/sessions/{sid}/jury-comment", {"comment": "x" * 501})
    assert too_long.status_code == 422 and too_long.json_body["code"] == "COMMENT_TOO_LONG"
    commented = staff(api, "PUT", f"/admin/sessions/{sid}/jury-comment", {"comment": "Vu."})
    assert commented.status_code == 200 and commented.json_body["juryComment"] == "Vu."

    # Publication refused: no results, an impactful report unresolved
    refused = staff(api, "POST", f"/sessions/{sid}/publish")
    assert refused.status_code == 409 and refused.json_body["code"] == "SESSION_NOT_PUBLISHABLE"
    assert {d["code"] for d in refused.json_body["details"]} == {
        "RESULT_MISSING",
        "ISSUE_REPORT_UNRESOLVED",
    }

    # Resolve the report: blank refused, then resolved
    path = f"/admin/issue-reports/{report['id']}"
    blank = staff(api, "PATCH", path, {"resolution": "  "})
    assert blank.status_code == 422 and blank.json_body["details"][0]["field"] == "resolution"
    resolved = staff(api, "PATCH", path, {"resolution": "Temps rendu au candidat."})
    assert resolved.status_code == 200, resolved.body
    assert resolved.json_body["resolution"] == "Temps rendu au candidat."
    assert resolved.json_body["resolvedAt"]
    # Still requires action: the examiner's comment
    assert staff(api, "GET", f"/admin/sessions/{sid}").json_body["requiresAction"] is True

    # Results entered, then published: the center's admin is e-mailed
    wiring.override(web_address="https://certif.example.test")
    store_results(stack, sid, started)
    published = staff(api, "POST", f"/sessions/{sid}/publish")
    assert published.status_code == 200, published.body
    assert published.json_body["status"] == "PROCESSED"
    mails = [m for m in sent_by_moto(stack) if "Résultats de la session" in str(m["Subject"])]
    assert [m["To"] for m in mails] == [ANNE_FRANK_ADMIN]
    assert staff(api, "POST", f"/admin/sessions/{sid}/unfinalize").status_code == 409

    # Unpublish: back to IN_PROCESS; then unfinalize: back to the school, draft kept
    back = staff(api, "POST", f"/admin/sessions/{sid}/unpublish")
    assert back.status_code == 200 and back.json_body["status"] == "IN_PROCESS"
    assert staff(api, "POST", f"/admin/sessions/{sid}/unpublish").status_code == 409
    reopened = staff(api, "POST", f"/admin/sessions/{sid}/unfinalize")
    assert reopened.status_code == 200, reopened.body
    assert reopened.json_body["status"] == "CREATED"
    # 48 hours from the unfinalization (the clock shows 2026-12-14T11:05Z)
    assert reopened.json_body["finalizationDeadline"] == "2026-12-16T11:05:00Z"
    draft = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/finalization").json_body
    assert draft["examinerGlobalComment"].startswith("Coupure réseau")
    assert staff(api, "GET", "/admin/sessions?status=IN_PROCESS").json_body["total"] == 0
    assert staff(api, "POST", f"/admin/sessions/{sid}/assign").json_body["code"] == (
        "SESSION_NOT_FINALIZED"
    )
    events = staff(api, "GET", f"/admin/sessions/{sid}").json_body["events"]
    assert [e["action"] for e in events][-6:] == [
        "SESSION_ASSIGNED",
        "JURY_COMMENT_SET",
        "ISSUE_REPORT_RESOLVED",
        "SESSION_PUBLISHED",
        "SESSION_UNPUBLISHED",
        "SESSION_UNFINALIZED",
    ]
    assigned = next(e for e in events if e["action"] == "SESSION_ASSIGNED")
    assert assigned["actor"]["label"] == taken.json_body["assignedToName"]


def test_staff_routes_are_refused_to_the_schools(started: dict[str, Any], api: Api) -> None:
    sid = finalized(api, started)
    for method, path, body in (
        ("GET", "/admin/sessions", None),
        ("GET", f"/admin/sessions/{sid}", None),
        ("POST", f"/admin/sessions/{sid}/assign", None),
        ("PUT", f"/admin/sessions/{sid}/jury-comment", {"comment": "x"}),
        ("PATCH", "/admin/issue-reports/whatever", {"resolution": "x"}),
        ("POST", f"/admin/sessions/{sid}/unfinalize", None),
        ("POST", f"/admin/sessions/{sid}/unpublish", None),
        ("POST", f"/sessions/{sid}/publish", None),
        ("GET", "/admin/overdue-sessions", None),
    ):
        answer = api.as_user(ANNE_FRANK_ADMIN, method, path, body)
        assert answer.status_code == 403, (method, path, answer.body)
        assert answer.json_body["code"] == "PIX_ADMIN_REQUIRED"


def test_staff_who_are_not_members_get_404_on_the_schools_routes(
    started: dict[str, Any], api: Api
) -> None:
    sid = started["session"]["id"]
    for path in (
        "/centers/c-anne-frank",
        "/centers/c-anne-frank/sessions",
        f"/sessions/{sid}",
        f"/sessions/{sid}/events",
        f"/sessions/{sid}/finalization",
        f"/sessions/{sid}/attachments",
    ):
        assert api.as_user(PIX_STAFF, "GET", path).status_code == 404, path


def test_bad_input_is_refused_clearly(started: dict[str, Any], api: Api) -> None:
    sid = finalized(api, started)
    unknown = staff(api, "PUT", f"/admin/sessions/{sid}/jury-comment", {"comment": "x", "y": 1})
    assert unknown.status_code == 422 and unknown.json_body["code"] == "UNKNOWN_FIELD"
    typed = staff(api, "PUT", f"/admin/sessions/{sid}/jury-comment", {"comment": 3})
    assert typed.status_code == 400 and typed.json_body["code"] == "INVALID_TYPE"
    for query in ("status=NOPE", "requiresAction=yes", "cursor=%%%", "pageSize=101"):
        answer = staff(api, "GET", f"/admin/sessions?{query}")
        assert answer.status_code == 400, query
    assert staff(api, "GET", "/admin/sessions/abc").status_code == 404
    assert staff(api, "GET", "/admin/sessions/999999").status_code == 404
    missing = staff(api, "PATCH", "/admin/issue-reports/nope", {"resolution": "x"})
    assert missing.status_code == 404 and missing.json_body["code"] == "ISSUE_REPORT_NOT_FOUND"
    # An open session cannot be taken, commented or sent back
    open_id = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/sessions",
        {"address": "A", "room": "B", "date": "2026-12-20", "time": "10:00", "examiner": "C"},
    ).json_body["id"]
    for method, path, body in (
        ("POST", f"/admin/sessions/{open_id}/assign", None),
        ("PUT", f"/admin/sessions/{open_id}/jury-comment", {"comment": "x"}),
        ("POST", f"/admin/sessions/{open_id}/unfinalize", None),
        ("POST", f"/sessions/{open_id}/publish", None),
    ):
        answer = staff(api, method, path, body)
        assert answer.status_code == 409, (path, answer.body)
        assert answer.json_body["code"] == "SESSION_NOT_FINALIZED"
