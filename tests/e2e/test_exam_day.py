"""A whole exam day over HTTP against the local stack (`python -m devstack run`): the kit, the
invigilator's login, presence, a pupil's entry and resume, a test ended, the finalization."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.e2e.test_local_stack import LocalStack, local_stack

__all__ = ["local_stack"]  # the fixture, started once for this module

pytestmark = pytest.mark.e2e
ADMIN = "admin@anne-frank.test"


def call(stack: LocalStack, method: str, path: str, token: str = "", **how: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    headers.update(how.pop("headers", {}))
    return requests.request(method, f"{stack.api_url}{path}", headers=headers, timeout=20, **how)


def test_a_whole_exam_day(local_stack: LocalStack) -> None:
    stack = local_stack
    admin = stack.token(ADMIN)
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    session = call(
        stack,
        "POST",
        "/centers/c-anne-frank/sessions",
        admin,
        json={
            "address": "Collège Anne Frank",
            "room": "Salle 12",
            "date": today,
            "time": "23:59",
            "examiner": "M. Test",
        },
    ).json()
    sid = session["id"]
    pupils = call(stack, "GET", f"/sessions/{sid}/students?pageSize=2", admin).json()["items"]
    enrolled = call(
        stack,
        "POST",
        f"/sessions/{sid}/candidates",
        admin,
        json={"studentIds": [p["id"] for p in pupils]},
    ).json()["candidates"]
    first, second = enrolled

    # The school prints the kit for the invigilator.
    kit = call(
        stack,
        "GET",
        f"/sessions/{sid}/invigilator-kit",
        admin,
        headers={"Accept": "application/pdf"},
    )
    assert kit.status_code == 200 and kit.content.startswith(b"%PDF-")

    # The invigilator logs in with the session number and the password of the kit.
    logged = call(
        stack,
        "POST",
        "/invigilator/login",
        json={"sessionId": sid, "supervisorPassword": session["supervisorPassword"]},
    )
    assert logged.status_code == 200, logged.text
    invigilator = logged.json()["invigilatorToken"]

    def form(pupil: dict[str, Any]) -> dict[str, str]:
        return {
            "accessCode": session["accessCode"],
            "lastName": pupil["lastName"],
            "firstName": pupil["firstName"],
            "birthdate": pupil["birthdate"],
        }

    def decide(pupil: dict[str, Any], action: str, body: dict[str, Any]) -> Any:
        path = f"/sessions/{sid}/candidates/{pupil['id']}/{action}"
        return call(stack, "POST", path, invigilator, json=body)

    def join(pupil: dict[str, Any]) -> Any:
        return call(stack, "POST", f"/sessions/{sid}/join", json=form(pupil))

    # A pupil waits until the invigilator confirms their presence.
    assert join(first).json()["code"] == "CANDIDATE_NOT_AUTHORIZED_TO_START"
    assert decide(first, "authorize-to-start", {"authorized": True}).status_code == 200
    entered = join(first)
    assert entered.status_code == 200, entered.text
    number = entered.json()["certificationNumber"]

    # Their computer restarts: they come back only once the invigilator allows it.
    assert join(first).json()["code"] == "CANDIDATE_NOT_AUTHORIZED_TO_RESUME"
    assert decide(first, "authorize-to-resume", {}).status_code == 200
    again = join(first)
    assert again.json()["certificationNumber"] == number

    # The other pupil enters, and the invigilator ends their test.
    decide(second, "authorize-to-start", {"authorized": True})
    theirs = join(second).json()
    assert decide(second, "end-by-supervisor", {"reason": "Malaise"}).status_code == 200
    ended = call(
        stack,
        "POST",
        f"/courses/{theirs['certificationNumber']}/complete",
        theirs["courseToken"],
    )
    assert ended.status_code == 409
    done = call(stack, "POST", f"/courses/{number}/complete", again.json()["courseToken"])
    assert done.status_code == 200

    live = call(stack, "GET", f"/sessions/{sid}/supervising", invigilator).json()
    assert sorted(c["status"] for c in live["candidates"]) == ["COMPLETED", "ENDED_BY_SUPERVISOR"]

    # The school finalizes: the ended test needs no abort reason.
    finalized = call(stack, "POST", f"/sessions/{sid}/finalize", admin, json={})
    assert finalized.status_code == 200, finalized.text
    assert call(stack, "GET", f"/sessions/{sid}/supervising", invigilator).status_code == 401
