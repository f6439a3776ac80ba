"""The local stack stays honest and stops cleanly (#12, item 9): the password flows answer as
AWS does — the reset code e-mailed to the local mailbox (#13) —, moto keeps no copy of what it
served, and SIGTERM stops everything within seconds even after transactions failed their
conditions. The memory figures are in the bench
(`python -m bench.local_stack_figures`), not here.

The tests of this module run in order on one stack; the last one stops it.
"""

from __future__ import annotations

import re
import signal
import threading
import time
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from shared.domain.email import compose
from tests.e2e.test_local_stack import LocalStack, local_stack, port_is_free

__all__ = ["local_stack"]  # the fixture, started once for this module

pytestmark = pytest.mark.e2e
ADMIN = "admin@anne-frank.test"
STAFF = "staff@pix.test"
# The stack aims at 5 s (docs/local-stack.md); the test allows for a loaded machine.
STOP_LIMIT = 10.0
RESET_SUBJECT = compose("password-reset", (STAFF,), {"code": "000000"}).subject


def call(stack: LocalStack, method: str, path: str, token: str = "", **how: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    headers.update(how.pop("headers", {}))
    return requests.request(method, f"{stack.api_url}{path}", headers=headers, timeout=30, **how)


def mailbox(stack: LocalStack) -> list[dict[str, Any]]:
    answer = requests.get(f"http://127.0.0.1:{stack.web_port}/_local/mail.json", timeout=10)
    assert answer.status_code == 200, answer.text
    mails: list[dict[str, Any]] = answer.json()
    return mails


def mailed_code(stack: LocalStack, email: str, seen: int, timeout: float = 10.0) -> str:
    """The code of the newest reset e-mail to `email` among those after the first `seen`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mails = mailbox(stack)
        new = mails[: len(mails) - seen]
        for mail in new:
            if mail["to"] == [email] and mail["subject"] == RESET_SUBJECT:
                found = re.search(r"Votre code : (\d{6})", mail["text"])
                assert found, mail["text"]
                assert found.group(1) in mail["html"]
                return found.group(1)
        time.sleep(0.1)
    pytest.fail(f"no reset e-mail for {email}:\n{stack.log()[-2000:]}")


def test_the_reset_code_is_mailed_to_the_local_mailbox_and_checked(
    local_stack: LocalStack,
) -> None:
    stack = local_stack
    # Given the mailbox as it is
    seen = len(mailbox(stack))

    # When Pix staff forget their password
    sent = call(stack, "POST", "/auth/forgot-password", json={"email": STAFF})
    assert sent.status_code == 202, sent.text

    # Then the code arrives by e-mail in the local mailbox, and the console says where,
    # without the code
    code = mailed_code(stack, STAFF, seen)
    [said] = [line for line in stack.log().splitlines() if f"e-mailed to {STAFF}" in line]
    assert "/_local/mail" in said and code not in said
    # An unknown address gets nothing (and the API answers the same)
    count = len(mailbox(stack))
    nobody = call(stack, "POST", "/auth/forgot-password", json={"email": "x@nulle-part.test"})
    assert nobody.status_code == 202
    assert len(mailbox(stack)) == count
    chosen = "Nouveau-Staff-2026!"

    def reset(email: str, code: str) -> Any:
        body = {"email": email, "code": code, "newPassword": chosen}
        return call(stack, "POST", "/auth/reset-password", json=body)

    wrong = reset(STAFF, f"{(int(code) + 1) % 1_000_000:06d}")
    unknown = reset("inconnu@nulle-part.test", code)
    for refused in (wrong, unknown):
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "INVALID_RESET_CODE"
    assert reset(STAFF, code).status_code == 200
    assert stack.login(STAFF, chosen).status_code == 200


def test_a_stale_login_session_is_422(local_stack: LocalStack) -> None:
    answer = call(
        local_stack,
        "POST",
        "/auth/new-password",
        json={"email": ADMIN, "session": "AYABe" + "s" * 300, "newPassword": "Peu-Importe-2026"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "INVALID_LOGIN_SESSION"


def test_failed_transactions_leave_no_copies_behind(local_stack: LocalStack) -> None:
    """Two « Valider » at once: one wins, the other is refused (by its transaction's failed
    condition when the two overlap). moto keeps no copy of the table it took before each
    transaction, nor of the items it served: its dashboard, which lists every model object
    moto still tracks, lists none."""
    stack = local_stack
    admin = stack.token(ADMIN)
    today = datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    created = call(
        stack,
        "POST",
        "/centers/c-anne-frank/sessions",
        admin,
        json={
            "address": "Collège Anne Frank",
            "room": "Salle 9",
            "date": today,
            "time": "23:59",
            "examiner": "M. Test",
        },
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code == 201, created.text
    session = created.json()
    sid = session["id"]
    pupil = call(stack, "GET", f"/sessions/{sid}/students?pageSize=1", admin).json()["items"][0]
    call(stack, "POST", f"/sessions/{sid}/candidates", admin, json={"studentIds": [pupil["id"]]})
    candidate = call(stack, "GET", f"/sessions/{sid}/candidates", admin).json()["items"][0]
    invigilator = call(
        stack,
        "POST",
        "/invigilator/login",
        json={"sessionId": sid, "supervisorPassword": session["supervisorPassword"]},
    ).json()["invigilatorToken"]
    call(
        stack,
        "POST",
        f"/sessions/{sid}/candidates/{candidate['id']}/authorize-to-start",
        invigilator,
        json={"authorized": True},
    )
    form = {
        "accessCode": session["accessCode"],
        "lastName": candidate["lastName"],
        "firstName": candidate["firstName"],
        "birthdate": candidate["birthdate"],
    }
    assert call(stack, "POST", f"/sessions/{sid}/join", json=form).status_code == 200
    submission = {"candidates": [{"candidateId": candidate["id"], "abortReason": "TECHNICAL"}]}
    statuses: list[int] = []

    def finalize() -> None:
        answer = call(stack, "POST", f"/sessions/{sid}/finalize", admin, json=submission)
        statuses.append(answer.status_code)

    both = [threading.Thread(target=finalize) for _ in range(2)]
    for thread in both:
        thread.start()
    for thread in both:
        thread.join()
    assert sorted(statuses) == [200, 409], statuses

    held = requests.get(f"http://127.0.0.1:{stack.moto_port}/moto-api/data.json", timeout=30)
    assert held.status_code == 200
    dynamodb = held.json().get("dynamodb", {})
    assert dynamodb.get("Table", []) == [] and dynamodb.get("Item", []) == []


def test_sigterm_stops_everything_within_seconds(local_stack: LocalStack) -> None:
    stack = local_stack
    started = time.monotonic()
    stack.process.send_signal(signal.SIGTERM)
    try:
        status = stack.process.wait(STOP_LIMIT)
    except Exception:
        pytest.fail(f"still running {STOP_LIMIT:.0f} s after SIGTERM:\n{stack.log()[-3000:]}")
    elapsed = time.monotonic() - started
    assert status == 0, stack.log()
    assert elapsed < STOP_LIMIT
    assert stack.reader is not None
    stack.reader.join(5)
    assert "local stack stopped" in stack.log()
    assert "forced stop" not in stack.log()
    assert not stack.stack_file.exists()
    for port in (stack.api_port, stack.moto_port, stack.web_port):
        assert port_is_free(port), stack.log()
