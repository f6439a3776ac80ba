"""The finalization through the API on moto: draft, reports, validation exactly once,
idempotent replays, publication."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from functions import wiring
from functions.finalization.schemas import FinalizationBody
from shared.domain import errors
from shared.domain.people import Identity
from shared.services import finalization as finalization_service
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, PIX_STAFF, Api
from tests.integration.test_attachments_api import PDF, ask, upload, verify
from tests.integration.test_candidates_api import SESSION, enroll, import_csv, join, let_in


@pytest.fixture
def started(demo: Settings, api: Api) -> dict[str, Any]:
    """A session where Zoé finished her test and Lucas did not; Yasmine never came."""
    import_csv(api)
    session = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    students = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/students"
    ).json_body["items"]
    ids = {s["firstName"]: s["id"] for s in students}
    enrolled = enroll(api, session["id"], [ids["Zoé"], ids["Lucas"], ids["Yasmine"]]).json_body[
        "candidates"
    ]
    by_name = {c["firstName"]: c["id"] for c in enrolled}
    let_in(api, session, "Zoé", "Lucas")
    zoe = join(api, session).json_body
    join(api, session, lastName="Martin", firstName="Lucas", birthdate="2010-03-12")
    done = api.request(
        "POST",
        f"/courses/{zoe['certificationNumber']}/complete",
        headers={"Authorization": f"Bearer {zoe['courseToken']}"},
    )
    assert done.status_code == 200
    return {"session": session, "candidates": by_name}


def submission(started: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body = {
        "examinerGlobalComment": "Coupure réseau de 5 minutes à 12 h 30.",
        "hasIncident": True,
        "hasJoiningIssue": False,
        "candidates": [
            {
                "candidateId": started["candidates"]["Zoé"],
                "hasSeenEndTestScreen": True,
                "abortReason": None,
            },
            {
                "candidateId": started["candidates"]["Lucas"],
                "hasSeenEndTestScreen": False,
                "abortReason": "TECHNICAL",
            },
        ],
    }
    body.update(overrides)
    return body


def test_the_whole_finalization(started: dict[str, Any], api: Api, stack: Settings) -> None:
    sid = started["session"]["id"]
    lucas = started["candidates"]["Lucas"]

    draft = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/finalization").json_body
    # Only those who joined (not Yasmine), by last name: LECŒUR, MARTIN.
    assert [c["firstName"] for c in draft["candidates"]] == ["Zoé", "Lucas"]
    assert {c["status"] for c in draft["candidates"]} == {"STARTED", "COMPLETED"}
    assert draft["examinerGlobalComment"] == "" and draft["hasIncident"] is False

    report = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{sid}/candidates/{lucas}/issue-reports",
        {"category": "TECHNICAL_PROBLEM", "description": "L'ordinateur s'est éteint à 12 h 40."},
    )
    assert report.status_code == 201, report.body
    assert report.json_body["code"] == "A1"
    wrong = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{sid}/candidates/{lucas}/issue-reports",
        {"category": "IN_CHALLENGE", "subcategory": "LINK_NOT_WORKING"},
    )
    assert wrong.status_code == 422 and wrong.json_body["details"][0]["field"] == "questionNumber"
    extra = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{sid}/candidates/{lucas}/issue-reports",
        {"category": "FRAUD"},
    ).json_body
    assert (
        api.as_user(
            ANNE_FRANK_ADMIN, "DELETE", f"/sessions/{sid}/issue-reports/{extra['id']}"
        ).status_code
        == 204
    )

    # Step 2: a document, uploaded through the real presigned POST, then verified.
    grant = ask(
        api, sid, file_name="PV de fraude.pdf", content_type="application/pdf", size=len(PDF)
    )
    assert grant.status_code == 201, grant.body
    upload(grant.json_body, PDF, "PV de fraude.pdf")
    verify(api, stack, grant.json_body["upload"]["fields"]["key"])

    saved = api.as_user(
        ANNE_FRANK_ADMIN, "PUT", f"/sessions/{sid}/finalization", submission(started)
    )
    assert saved.status_code == 200, saved.body
    again = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/finalization").json_body
    assert again["examinerGlobalComment"] == "Coupure réseau de 5 minutes à 12 h 30."
    lucas_row = next(c for c in again["candidates"] if c["candidateId"] == lucas)
    assert lucas_row["abortReason"] == "TECHNICAL"
    assert [r["category"] for r in lucas_row["issueReports"]] == ["TECHNICAL_PROBLEM"]
    (document,) = again["attachments"]
    assert (document["fileName"], document["status"]) == ("PV de fraude.pdf", "AVAILABLE")
    assert document["downloadUrl"]

    final = api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{sid}/finalize", submission(started))
    assert final.status_code == 200, final.body
    assert (
        final.json_body["status"] == "FINALIZED"
        and final.json_body["finalizedAt"] == "2026-12-14T11:05:00Z"
    )

    # After finalization nothing of the session changes, and pupils can no longer join.
    for method, path, body in (
        ("PATCH", f"/sessions/{sid}", {"room": "X"}),
        ("PUT", f"/sessions/{sid}/finalization", submission(started)),
        ("POST", f"/sessions/{sid}/candidates/{lucas}/issue-reports", {"category": "FRAUD"}),
        ("DELETE", f"/sessions/{sid}/issue-reports/{report.json_body['id']}", None),
        ("POST", f"/sessions/{sid}/candidates", {"studentIds": ["x"]}),
        ("PATCH", f"/sessions/{sid}/candidates/{lucas}", {"extraTimePercentage": 10}),
        ("POST", f"/sessions/{sid}/finalize", submission(started)),
        (
            "POST",
            f"/sessions/{sid}/attachments",
            {"fileName": "a.png", "contentType": "image/png", "size": 10},
        ),
        ("DELETE", f"/sessions/{sid}/attachments/{document['attachmentId']}", None),
    ):
        refused = api.as_user(ANNE_FRANK_ADMIN, method, path, body)
        assert refused.status_code == 409, (method, path, refused.body)
    assert join(api, started["session"]).status_code == 409

    assert api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{sid}/publish").status_code == 403
    # Publishable once the A1 report is resolved and the results are in (test_processing_api)
    from tests.integration.test_processing_api import store_results

    resolved = api.as_user(
        PIX_STAFF,
        "PATCH",
        f"/admin/issue-reports/{report.json_body['id']}",
        {"resolution": "Vu avec le centre."},
    )
    assert resolved.status_code == 200, resolved.body
    store_results(stack, sid, started)
    published = api.as_user(PIX_STAFF, "POST", f"/sessions/{sid}/publish")
    assert published.status_code == 200 and published.json_body["status"] == "PROCESSED"
    listed = api.as_user(
        ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/sessions?status=PROCESSED"
    ).json_body
    assert [s["id"] for s in listed["items"]] == [sid]
    actions = [
        e["action"]
        for e in api.as_user(
            ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/events?pageSize=100"
        ).json_body["items"]
    ]
    assert actions[-9:] == [
        "ISSUE_REPORT_ADDED",
        "ISSUE_REPORT_ADDED",
        "ISSUE_REPORT_DELETED",
        "ATTACHMENT_ADDED",
        "ATTACHMENT_VERIFIED",
        "FINALIZATION_DRAFT_SAVED",
        "SESSION_FINALIZED",
        "ISSUE_REPORT_RESOLVED",
        "SESSION_PUBLISHED",
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"candidates": []}, "ABORT_REASON_REQUIRED"),
        ({"examinerGlobalComment": "x" * 501}, "COMMENT_TOO_LONG"),
        ({"examinerGlobalComment": " ", "hasIncident": True}, "COMMENT_REQUIRED"),
    ],
)
def test_finalize_rules(
    started: dict[str, Any], api: Api, change: dict[str, Any], code: str
) -> None:
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{started['session']['id']}/finalize",
        submission(started, **change),
    )
    assert answer.status_code == 422 and answer.json_body["code"] == code


def test_an_incident_without_a_comment_is_refused_on_validation_only(
    started: dict[str, Any], api: Api
) -> None:
    sid = started["session"]["id"]
    body = submission(started, examinerGlobalComment="", hasIncident=True)
    saved = api.as_user(ANNE_FRANK_ADMIN, "PUT", f"/sessions/{sid}/finalization", body)
    assert saved.status_code == 200
    refused = api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{sid}/finalize", body)
    assert refused.status_code == 422
    assert refused.json_body["code"] == "COMMENT_REQUIRED"
    assert refused.json_body["message"].startswith("Vous avez signalé un incident")
    assert [(d["field"], d["code"]) for d in refused.json_body["details"]] == [
        ("examinerGlobalComment", "REQUIRED")
    ]
    session = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}").json_body
    assert session["status"] == "CREATED"


def test_a_completed_candidate_cannot_have_an_abort_reason(
    started: dict[str, Any], api: Api
) -> None:
    body = submission(started)
    body["candidates"][0]["abortReason"] = "CANDIDATE"
    answer = api.as_user(
        ANNE_FRANK_ADMIN, "POST", f"/sessions/{started['session']['id']}/finalize", body
    )
    assert answer.status_code == 422 and answer.json_body["code"] == "ABORT_REASON_ON_COMPLETED"


def test_a_session_nobody_joined_cannot_be_finalized(demo: Settings, api: Api) -> None:
    session = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    answer = api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{session['id']}/finalize", {})
    assert answer.status_code == 422 and answer.json_body["code"] == "SESSION_NOT_STARTED"


def test_an_idempotent_replay_returns_the_first_answer(started: dict[str, Any], api: Api) -> None:
    path = f"/sessions/{started['session']['id']}/finalize"
    first = api.as_user(
        ANNE_FRANK_ADMIN, "POST", path, submission(started), headers={"Idempotency-Key": "k-1"}
    )
    replay = api.as_user(
        ANNE_FRANK_ADMIN, "POST", path, submission(started), headers={"Idempotency-Key": "k-1"}
    )
    assert first.status_code == replay.status_code == 200
    assert replay.json_body == first.json_body
    other_key = api.as_user(
        ANNE_FRANK_ADMIN, "POST", path, submission(started), headers={"Idempotency-Key": "k-2"}
    )
    assert other_key.status_code == 409
    reused = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        path,
        submission(started, hasIncident=False),
        headers={"Idempotency-Key": "k-1"},
    )
    assert reused.status_code == 422 and reused.json_body["code"] == "IDEMPOTENCY_KEY_REUSED"
    events = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{started['session']['id']}/events?pageSize=100"
    ).json_body
    assert [e["action"] for e in events["items"]].count("SESSION_FINALIZED") == 1


def test_an_idempotent_creation_creates_once(demo: Settings, api: Api) -> None:
    headers = {"Idempotency-Key": "create-208"}
    first = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION, headers=headers
    )
    replay = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION, headers=headers
    )
    assert first.status_code == replay.status_code == 201
    assert replay.json_body == first.json_body
    assert (
        api.as_user(ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/sessions").json_body["total"]
        == 1
    )
    # Another user's identical key is another request.
    other = api.as_user(
        LECONTE_ADMIN, "POST", "/centers/c-leconte-de-lisle/sessions", SESSION, headers=headers
    )
    assert other.status_code == 201 and other.json_body["id"] != first.json_body["id"]


def test_twenty_concurrent_validations_succeed_once(started: dict[str, Any], api: Api) -> None:
    me = api.as_user(ANNE_FRANK_ADMIN, "GET", "/me").json_body["user"]
    admin = Identity(user_id=me["id"], email=ANNE_FRANK_ADMIN)
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(20)

    def validate() -> None:
        barrier.wait()
        try:
            finalization_service.finalize(
                wiring.deps(),
                admin,
                started["session"]["id"],
                FinalizationBody.model_validate(submission(started)),
            )
            outcome = "ok"
        except errors.DomainError as error:
            outcome = error.code
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=validate) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["SESSION_ALREADY_FINALIZED"] * 19 + ["ok"]
    events = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{started['session']['id']}/events?pageSize=100"
    ).json_body
    assert [e["action"] for e in events["items"]].count("SESSION_FINALIZED") == 1


def test_another_school_sees_no_finalization(started: dict[str, Any], api: Api) -> None:
    sid = started["session"]["id"]
    for method, path, body in (
        ("GET", f"/sessions/{sid}/finalization", None),
        ("PUT", f"/sessions/{sid}/finalization", {}),
        ("POST", f"/sessions/{sid}/finalize", {}),
        (
            "POST",
            f"/sessions/{sid}/candidates/{started['candidates']['Lucas']}/issue-reports",
            {"category": "FRAUD"},
        ),
    ):
        answer = api.as_user(LECONTE_ADMIN, method, path, body)
        assert answer.status_code == 404, (method, path)
