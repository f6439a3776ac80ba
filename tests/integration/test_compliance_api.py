"""The 48-hour rule on moto: the scheduled sweep through Chalice's test client, SNS
notifications read from a subscribed queue, overlapping sweeps, the overdue lists."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from chalice.test import Client

from functions import wiring
from functions.compliance.handlers import run_sweep
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, NOW, PIX_STAFF, Api
from tests.integration.test_candidates_api import SESSION, enroll, import_csv, join, let_in
from tests.integration.test_ses_mail import sent_by_moto

# SESSION is 14/12/2026 12:00 in Paris: deadline 16/12 12:45 UTC, reminder 15/12 12:45 UTC.
DEADLINE = datetime(2026, 12, 16, 12, 45, tzinfo=UTC)
# Reads (and removes) the notifications received since it was last called.
Inbox = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def inbox(stack: Settings) -> Inbox:
    """A queue subscribed to the notifications topic, as an operator would subscribe one."""
    session = boto3.session.Session(region_name=stack.region)
    sqs = session.client("sqs", endpoint_url=stack.endpoint_url)
    sns = session.client("sns", endpoint_url=stack.endpoint_url)
    url = sqs.create_queue(QueueName="notifications-inbox")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(
        TopicArn=stack.topic_arn,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"RawMessageDelivery": "true"},
    )

    def read() -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        while True:
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
            batch = got.get("Messages", [])
            if not batch:
                return messages
            for message in batch:
                messages.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    return read


@pytest.fixture
def started_session(demo: Settings, api: Api) -> dict[str, Any]:
    import_csv(api)
    session: dict[str, Any] = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    students = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/students"
    ).json_body["items"]
    enroll(api, session["id"], [next(s["id"] for s in students if s["firstName"] == "Zoé")])
    let_in(api, session, "Zoé")
    assert join(api, session).status_code == 200
    wiring.override(clock=lambda: NOW)
    return session


def scheduled_sweep(api: Api, at: datetime, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Invoke the `sweep` function the way EventBridge's schedule does."""
    from app import app

    wiring.override(clock=lambda: at)
    client = Client(app)
    event = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=["rule/sweep"]
    )
    payload: dict[str, Any] = client.lambda_.invoke("sweep", event).payload
    return payload


def test_the_sweep_reminds_then_flags_once(
    started_session: dict[str, Any],
    api: Api,
    inbox: Inbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sid = started_session["id"]
    assert scheduled_sweep(api, DEADLINE - timedelta(hours=25), monkeypatch)["examined"] == 0
    reminded = scheduled_sweep(api, DEADLINE - timedelta(hours=23, minutes=50), monkeypatch)
    assert reminded["reminded"] == [sid] and reminded["flagged"] == []
    (reminder,) = inbox()
    assert reminder["kind"] == "FINALIZATION_REMINDER" and reminder["sessionId"] == sid
    assert reminder["centerName"] == "Collège Anne Frank"

    flagged = scheduled_sweep(api, DEADLINE + timedelta(minutes=1), monkeypatch)
    again = scheduled_sweep(api, DEADLINE + timedelta(minutes=16), monkeypatch)
    assert flagged["flagged"] == [sid] and again["flagged"] == [] and again["examined"] == 0
    (notification,) = inbox()
    assert notification["kind"] == "FINALIZATION_OVERDUE"
    assert notification["deadline"] == "2026-12-16T12:45:00Z"
    assert "Collège Anne Frank" in notification["message"] and str(sid) in notification["message"]

    session = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}").json_body
    assert session["finalizationOverdue"] is True
    listed = api.as_user(
        ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/sessions?status=OVERDUE"
    ).json_body
    assert [s["id"] for s in listed["items"]] == [sid]


def test_overlapping_sweeps_notify_once(
    started_session: dict[str, Any], api: Api, inbox: Any
) -> None:
    at = DEADLINE + timedelta(minutes=3)
    reports: list[dict[str, Any]] = []
    barrier = threading.Barrier(4)

    def sweep() -> None:
        barrier.wait()
        reports.append(run_sweep(at=at))

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r["flagged"]) for r in reports) == [0, 0, 0, 1]
    assert [m["kind"] for m in inbox()] == ["FINALIZATION_OVERDUE"]


def test_finalizing_before_the_deadline_takes_the_session_out_of_the_rule(
    started_session: dict[str, Any], api: Api, inbox: Any
) -> None:
    sid = started_session["id"]
    candidate = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/candidates").json_body[
        "items"
    ][0]
    body = {"candidates": [{"candidateId": candidate["id"], "abortReason": "TECHNICAL"}]}
    assert (
        api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{sid}/finalize", body).status_code == 200
    )
    assert run_sweep(at=DEADLINE + timedelta(days=2))["examined"] == 0
    assert inbox() == []


def test_finalizing_after_the_deadline_clears_the_overdue_list(
    started_session: dict[str, Any], api: Api
) -> None:
    sid = started_session["id"]
    run_sweep(at=DEADLINE + timedelta(hours=1))
    overdue = api.as_user(PIX_STAFF, "GET", "/admin/overdue-sessions").json_body
    assert [s["id"] for s in overdue["items"]] == [sid]
    candidate = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/candidates").json_body[
        "items"
    ][0]
    body = {"candidates": [{"candidateId": candidate["id"], "abortReason": "CANDIDATE"}]}
    assert (
        api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{sid}/finalize", body).status_code == 200
    )
    assert api.as_user(PIX_STAFF, "GET", "/admin/overdue-sessions").json_body["items"] == []
    # The flag stays on the session: it was finalized late.
    assert (
        api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}").json_body["finalizationOverdue"]
        is True
    )


def test_extra_time_moves_the_deadline(
    started_session: dict[str, Any], api: Api, inbox: Any
) -> None:
    sid = started_session["id"]
    candidate = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/candidates").json_body[
        "items"
    ][0]
    api.as_user(
        ANNE_FRANK_ADMIN,
        "PATCH",
        f"/sessions/{sid}/candidates/{candidate['id']}",
        {"extraTimePercentage": 50},
    )
    # 105 min × 1.5 = 157 min 30 s: the deadline moves 52 min 30 s later.
    assert run_sweep(at=DEADLINE + timedelta(minutes=30))["flagged"] == []
    assert run_sweep(at=DEADLINE + timedelta(minutes=53))["flagged"] == [sid]
    # The sweep at D + 30 min found the reminder due (the new deadline was still ahead).
    kinds = [m["kind"] for m in inbox()]
    assert kinds == ["FINALIZATION_REMINDER", "FINALIZATION_OVERDUE"]


def test_extra_time_set_on_an_overdue_session_sends_no_notice_again(
    started_session: dict[str, Any], api: Api, inbox: Any
) -> None:
    """Issue 15: a new extra time cleared the overdue flag and the notices went out twice."""
    # Given a started session reminded, then flagged overdue
    sid = started_session["id"]
    assert run_sweep(at=DEADLINE - timedelta(hours=24))["reminded"] == [sid]
    assert run_sweep(at=DEADLINE)["flagged"] == [sid]
    candidate = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/candidates").json_body[
        "items"
    ][0]

    # When a candidate's extra time moves its deadline later
    changed = api.as_user(
        ANNE_FRANK_ADMIN,
        "PATCH",
        f"/sessions/{sid}/candidates/{candidate['id']}",
        {"extraTimePercentage": 50},
    )
    assert changed.status_code == 200

    # Then it stays overdue, in Pix's list, and the later sweeps send nothing
    session = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}").json_body
    assert session["finalizationOverdue"] is True
    overdue = api.as_user(PIX_STAFF, "GET", "/admin/overdue-sessions").json_body
    assert [s["id"] for s in overdue["items"]] == [sid]
    for hours in (1, 2, 24):
        report = run_sweep(at=DEADLINE + timedelta(hours=hours))
        assert (report["reminded"], report["flagged"]) == ([], [])
    kinds = [m["kind"] for m in inbox()]
    assert kinds == ["FINALIZATION_REMINDER", "FINALIZATION_OVERDUE"]


def test_the_admin_list_is_for_pix_staff_oldest_deadline_first(demo: Settings, api: Api) -> None:
    later = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", {**SESSION, "time": "15:00"}
    ).json_body
    earlier = api.as_user(
        LECONTE_ADMIN, "POST", "/centers/c-leconte-de-lisle/sessions", SESSION
    ).json_body
    run_sweep(at=DEADLINE + timedelta(days=1))
    overdue = api.as_user(PIX_STAFF, "GET", "/admin/overdue-sessions").json_body
    # 12:00 in La Réunion is earlier than 15:00 in Paris.
    assert [s["id"] for s in overdue["items"]] == [earlier["id"], later["id"]]
    assert overdue["total"] == 2
    refused = api.as_user(ANNE_FRANK_ADMIN, "GET", "/admin/overdue-sessions")
    assert refused.status_code == 403 and refused.json_body["code"] == "PIX_ADMIN_REQUIRED"


def test_the_local_stack_sweeps_on_its_own(
    demo: Settings, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devstack.sweeper import Sweeper

    session = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    wiring.override(clock=lambda: DEADLINE + timedelta(hours=1))
    sweeper = Sweeper(period_seconds=0.05)
    sweeper.start()
    try:
        for _ in range(100):
            state = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}").json_body
            if state["finalizationOverdue"]:
                break
            threading.Event().wait(0.05)
    finally:
        sweeper.stop()
    assert state["finalizationOverdue"] is True


def test_the_centers_admins_receive_the_notices_by_email(
    started_session: dict[str, Any], stack: Settings, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Collège Anne Frank's team: an ADMIN and a MEMBER (the demo accounts)
    sid = started_session["id"]
    wiring.override(web_address="https://certif.example.test")

    # When the sweep reminds, then flags the session
    scheduled_sweep(api, DEADLINE - timedelta(hours=23, minutes=50), monkeypatch)
    flagged = scheduled_sweep(api, DEADLINE + timedelta(minutes=1), monkeypatch)

    # Then the admin, and only the admin, got both e-mails through SES, in French
    assert flagged["emails_sent"] == 1
    mails = [(m["To"], m["Subject"]) for m in sent_by_moto(stack)]
    assert [to for to, _ in mails] == [ANNE_FRANK_ADMIN, ANNE_FRANK_ADMIN]
    assert all(str(sid) in subject for _, subject in mails)
    for mail in sent_by_moto(stack):
        text = mail.get_body(preferencelist=("plain",))
        assert text is not None
        assert f"https://certif.example.test/#/sessions/{sid}" in text.get_content()
