"""After finalization, the whole path through the API on moto: the school finalizes, Pix staff
find the session in their queue, take it, resolve its impactful report, enter the results,
publish; the school downloads its class results and attestations; anyone checks a
verification code; staff unpublish and the results disappear again."""

from __future__ import annotations

import csv
import io
from typing import Any

from functions import wiring
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, PIX_STAFF, Api
from tests.integration.test_finalization_api import started, submission
from tests.integration.test_ses_mail import sent_by_moto

__all__ = ["started"]

# Binary answers are served to the clients that accept them (API Gateway's binary types).
CSV = {"Accept": "text/csv"}

COMPETENCES = [
    f"{domain}.{n}"
    for domain, count in ((1, 3), (2, 4), (3, 4), (4, 3), (5, 2))
    for n in range(1, count + 1)
]


def finalized(api: Api, started: dict[str, Any]) -> tuple[int, str]:
    """Lucas's computer died (A1, impactful); the examiner left a comment."""
    sid = started["session"]["id"]
    lucas = started["candidates"]["Lucas"]
    report = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{sid}/candidates/{lucas}/issue-reports",
        {"category": "TECHNICAL_PROBLEM", "description": "L'ordinateur s'est éteint à 12 h 40."},
    )
    assert report.status_code == 201, report.body
    done = api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{sid}/finalize", submission(started))
    assert done.status_code == 200, done.body
    return sid, report.json_body["id"]


def numbers(api: Api, sid: int) -> dict[str, int]:
    draft = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/finalization").json_body
    return {c["firstName"]: c["certificationNumber"] for c in draft["candidates"]}


def results_csv(by_name: dict[str, int]) -> bytes:
    levels = ";".join(["3"] * 16)
    zero = ";".join(["0"] * 16)
    lines = [
        "Numéro de certification;Statut;Score;" + ";".join(COMPETENCES),
        f"{by_name['Zoé']};VALIDATED;412;{levels}",
        f"{by_name['Lucas']};REJECTED;35;{zero}",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_from_finalization_to_a_checked_certificate_and_back(
    started: dict[str, Any], api: Api, stack: Settings
) -> None:
    # Given a finalized session with an impactful report
    sid, report_id = finalized(api, started)
    by_name = numbers(api, sid)

    # Staff find it in the queue of sessions to process, flagged as requiring action
    queue = api.as_user(PIX_STAFF, "GET", "/admin/sessions?status=FINALIZED")
    assert queue.status_code == 200, queue.body
    mine = next(item for item in queue.json_body["items"] if item["id"] == sid)
    assert mine["requiresAction"] is True
    assert mine["centerName"] and mine["finalizedAt"].endswith("Z")
    # …a school cannot
    refused = api.as_user(ANNE_FRANK_ADMIN, "GET", "/admin/sessions?status=FINALIZED")
    assert refused.status_code == 403 and refused.json_body["code"] == "PIX_ADMIN_REQUIRED"

    # Staff take it: IN_PROCESS for them, still "FINALIZED" for the school
    taken = api.as_user(PIX_STAFF, "POST", f"/admin/sessions/{sid}/assign")
    assert taken.status_code == 200, taken.body
    assert taken.json_body["status"] == "IN_PROCESS"
    school_view = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}").json_body
    assert school_view["status"] == "FINALIZED"

    # Publishing now is refused: no results, an unresolved impactful report
    early = api.as_user(PIX_STAFF, "POST", f"/sessions/{sid}/publish")
    assert early.status_code == 409 and early.json_body["code"] == "SESSION_NOT_PUBLISHABLE"
    assert len(early.json_body["details"]) >= 3  # Zoé's and Lucas's results, the report

    # Staff resolve the report and import the results as a Windows-1252 CSV
    resolved = api.as_user(
        PIX_STAFF,
        "PATCH",
        f"/admin/issue-reports/{report_id}",
        {"resolution": "Temps rendu au candidat, épreuve neutralisée."},
    )
    assert resolved.status_code == 200, resolved.body
    assert resolved.json_body["resolvedAt"]
    saved = api.as_user(
        PIX_STAFF,
        "PUT",
        f"/admin/sessions/{sid}/results",
        raw=results_csv(by_name),
        headers={"Content-Type": "text/csv"},
    )
    assert saved.status_code == 200, saved.body
    assert saved.json_body["saved"] == 2 and saved.json_body["errors"] == []

    # Publication: PROCESSED, and the school's administrators get an e-mail with the link
    wiring.override(web_address="https://certif.example.test")
    before = len(sent_by_moto(stack))
    published = api.as_user(PIX_STAFF, "POST", f"/sessions/{sid}/publish")
    assert published.status_code == 200, published.body
    assert published.json_body["status"] == "PROCESSED"
    mails = sent_by_moto(stack)[before:]
    assert any("admin@anne-frank.test" in str(m["To"]) for m in mails)

    # The school downloads Zoé's class results and attestations
    sheet = api.as_user(
        ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/results?division=3E1", headers=CSV
    )
    assert sheet.status_code == 200, sheet.body
    assert sheet.headers["Content-Type"].startswith("text/csv")
    body = bytes(sheet.body) if not isinstance(sheet.body, str) else sheet.body.encode()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Nom", "Prénom", "Date de naissance", "Classe"]
    assert [r[1] for r in rows[1:]] == ["Zoé"]
    pdf = api.as_user(
        ANNE_FRANK_ADMIN,
        "GET",
        "/centers/c-anne-frank/attestations?division=3E1",
        headers={"Accept": "application/pdf"},
    )
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    # …another school does not see them
    other = api.as_user(
        LECONTE_ADMIN, "GET", "/centers/c-anne-frank/results?division=3E1", headers=CSV
    )
    assert other.status_code == 404

    # Anyone checks Zoé's verification code, without signing in
    full = api.as_user(PIX_STAFF, "GET", f"/admin/sessions/{sid}").json_body
    codes = {r["certificationNumber"]: r.get("verificationCode") for r in full["results"]}
    code = codes[by_name["Zoé"]]
    assert code and code.startswith("P-") and len(code) == 10
    assert codes[by_name["Lucas"]] is None
    checked = api.request("GET", f"/certificates/{code}")
    assert checked.status_code == 200, checked.body
    assert checked.json_body["firstName"] == "Zoé" and checked.json_body["pixScore"] == 412

    # Results cannot change once published
    late = api.as_user(
        PIX_STAFF,
        "PUT",
        f"/admin/sessions/{sid}/results",
        raw=results_csv(by_name),
        headers={"Content-Type": "text/csv"},
    )
    assert late.status_code == 409

    # Unpublish: back in process, and nobody sees the results any more
    back = api.as_user(PIX_STAFF, "POST", f"/admin/sessions/{sid}/unpublish")
    assert back.status_code == 200 and back.json_body["status"] == "IN_PROCESS"
    assert api.request("GET", f"/certificates/{code}").status_code == 404
    gone = api.as_user(
        ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/results?division=3E1", headers=CSV
    )
    assert gone.status_code == 404 and gone.json_body["code"] == "NO_RESULTS_FOR_DIVISION"

    # The whole processing is in the session's audit trail, under the staff member's name
    trail = api.as_user(PIX_STAFF, "GET", f"/admin/sessions/{sid}").json_body["events"]
    by_staff = [e["action"] for e in trail if e["actor"]["label"] == "Camille Pix"]
    assert by_staff == [
        "SESSION_ASSIGNED",
        "ISSUE_REPORT_RESOLVED",
        "RESULTS_SAVED",
        "SESSION_PUBLISHED",
        "SESSION_UNPUBLISHED",
    ]
