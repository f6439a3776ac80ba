"""One Idempotency-Key per user action (web/js/idempotency.js): a retried report, enrolment or
upload — after an answer lost on the way, or replayed by the client after a refreshed token —
sends the same key, and the API creates one thing.

An answer is "lost" with Playwright's routing: the request really reaches the API
(`route.fetch()`), then the browser is told the network failed (`route.abort()`)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Locator, Page, Request, Route, expect

from tests.browser.conftest import ANNE_FRANK_ADMIN, WebStack, confirm_presence, login, today_in

pytestmark = pytest.mark.e2e

NETWORK_ERROR = "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez."


class LoseFirstAnswer:
    """A route handler: the first matching POST reaches the API but its answer is lost; the
    next ones go through. Every POST's Idempotency-Key is kept in `keys`."""

    def __init__(self) -> None:
        self.keys: list[str | None] = []

    def __call__(self, route: Route) -> None:
        request = route.request
        if request.method != "POST":
            route.continue_()
            return
        self.keys.append(request.header_value("idempotency-key"))
        if len(self.keys) == 1:
            answer = route.fetch()
            assert answer.status in (200, 201), answer.text()
            route.abort("failed")
        else:
            route.continue_()


def create_session(stack: WebStack) -> dict[str, Any]:
    answer = stack.call(
        "POST",
        "/centers/c-anne-frank/sessions",
        ANNE_FRANK_ADMIN,
        json={
            "address": "Collège Anne Frank",
            "room": "Salle des retries",
            "date": today_in("Europe/Paris").isoformat(),
            "time": "10:00",
            "examiner": "M. Idem Potent",
        },
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def pupils_of(stack: WebStack, session_id: int, division: str, count: int) -> list[dict[str, Any]]:
    answer = stack.call(
        "GET",
        f"/sessions/{session_id}/students?division={division}&pageSize={count}",
        ANNE_FRANK_ADMIN,
    )
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])[:count]


def session_with_a_started_candidate(stack: WebStack) -> tuple[dict[str, Any], dict[str, Any]]:
    """A session of today where one pupil has joined (status STARTED), let in by the
    invigilator first: it can be finalized."""
    session = create_session(stack)
    pupil = pupils_of(stack, session["id"], "3E1", 1)[0]
    enrolled = stack.call(
        "POST",
        f"/sessions/{session['id']}/candidates",
        ANNE_FRANK_ADMIN,
        json={"studentIds": [pupil["id"]]},
    )
    assert enrolled.status_code in (200, 201), enrolled.text
    candidates = stack.call("GET", f"/sessions/{session['id']}/candidates", ANNE_FRANK_ADMIN)
    confirm_presence(stack, session["id"], candidates.json()["items"][0]["id"])
    joined = stack.call(
        "POST",
        f"/sessions/{session['id']}/join",
        json={
            "accessCode": session["accessCode"],
            "lastName": pupil["lastName"],
            "firstName": pupil["firstName"],
            "birthdate": pupil["birthdate"],
        },
    )
    assert joined.status_code == 200, joined.text
    return session, pupil


def reports_of(stack: WebStack, session_id: int) -> list[dict[str, Any]]:
    draft = stack.call("GET", f"/sessions/{session_id}/finalization", ANNE_FRANK_ADMIN).json()
    return [report for c in draft["candidates"] for report in c["issueReports"]]


def add_a_c5_report(page: Page, name: str) -> Locator:
    page.get_by_role("button", name=f"Ajouter un signalement pour {name}").click()
    dialog = page.get_by_role("dialog", name="Signalement du candidat")
    dialog.get_by_label(re.compile("^C5 ")).check()
    dialog.get_by_role("button", name="Valider").click()
    return dialog


def test_an_issue_report_retried_after_a_lost_answer_is_created_once(
    page: Page, web_stack: WebStack
) -> None:
    session, pupil = session_with_a_started_candidate(web_stack)
    name = f"{pupil['lastName']} {pupil['firstName']}"
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session['id']}/finalisation")
    lose = LoseFirstAnswer()
    page.route(re.compile(r".*/sessions/\d+/candidates/[^/]+/issue-reports$"), lose)

    dialog = add_a_c5_report(page, name)
    # The report was created, but the browser never heard of it: the dialog says so.
    expect(dialog.get_by_role("alert")).to_have_text(NETWORK_ERROR)
    assert len(reports_of(web_stack, session["id"])) == 1

    # "Valider" again: the same action, the same key, the API's first answer.
    dialog.get_by_role("button", name="Valider").click()
    expect(dialog).to_have_count(0)
    step_one = page.locator("section", has=page.get_by_role("heading", name=re.compile("Étape 1")))
    expect(step_one.locator(".reports__item")).to_have_count(1)
    assert len(reports_of(web_stack, session["id"])) == 1
    assert len(lose.keys) == 2 and lose.keys[0] and lose.keys[0] == lose.keys[1], lose.keys

    # Another report is another action: a new key, a second report.
    add_a_c5_report(page, name)
    expect(step_one.locator(".reports__item")).to_have_count(2)
    assert len(lose.keys) == 3 and lose.keys[2] not in lose.keys[:2], lose.keys
    assert len(reports_of(web_stack, session["id"])) == 2


def test_the_replay_after_a_refreshed_token_sends_the_same_key(
    page: Page, web_stack: WebStack
) -> None:
    session, pupil = session_with_a_started_candidate(web_stack)
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session['id']}/finalisation")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Finaliser la session {session['id']}"
    )
    sent: list[tuple[str | None, str | None]] = []

    def keep(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/issue-reports"):
            sent.append(
                (request.header_value("idempotency-key"), request.header_value("authorization"))
            )

    page.on("request", keep)
    # The id token has expired: the first POST gets a 401, the client refreshes and replays it.
    page.evaluate("sessionStorage.setItem('certif.idToken', 'expiré.ou.falsifié')")
    dialog = add_a_c5_report(page, f"{pupil['lastName']} {pupil['firstName']}")
    expect(dialog).to_have_count(0)
    assert len(sent) == 2, sent
    (first_key, first_token), (second_key, second_token) = sent
    assert first_token == "Bearer expiré.ou.falsifié" and second_token != first_token
    assert first_key and first_key == second_key
    assert len(reports_of(web_stack, session["id"])) == 1


def test_an_enrolment_retried_after_a_lost_answer_is_made_once(
    page: Page, web_stack: WebStack
) -> None:
    session = create_session(web_stack)
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session['id']}/candidats/ajouter")
    page.get_by_label("3E2", exact=True).check()
    boxes = page.locator("tbody input[type=checkbox]:not(:disabled)")
    expect(boxes.first).to_be_visible()
    for index in range(2):
        boxes.nth(index).check()
    lose = LoseFirstAnswer()
    page.route(re.compile(r".*/sessions/\d+/candidates$"), lose)

    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(NETWORK_ERROR)
    page.get_by_role("button", name="Ajouter", exact=True).click()
    # The first answer, replayed: two added — not "0 candidat… (2 étaient déjà inscrits)".
    expect(page.get_by_text("2 candidats ont été ajoutés.", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Liste des candidats (2)")).to_be_visible()
    listed = web_stack.call("GET", f"/sessions/{session['id']}/candidates", ANNE_FRANK_ADMIN)
    assert len(listed.json()["items"]) == 2
    assert len(lose.keys) == 2 and lose.keys[0] and lose.keys[0] == lose.keys[1], lose.keys


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_document_sent_again_with_retry_is_one_document(page: Page, web_stack: WebStack) -> None:
    session, _ = session_with_a_started_candidate(web_stack)
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session['id']}/finalisation")
    lose = LoseFirstAnswer()
    page.route(re.compile(r".*/sessions/\d+/attachments$"), lose)

    page.get_by_label("Choisir des fichiers").set_input_files(
        files=[FilePayload(name="pv-fraude.png", mimeType="image/png", buffer=png_bytes())]
    )
    documents = page.locator("section", has=page.get_by_role("heading", name=re.compile("Étape 2")))
    expect(documents.get_by_text(NETWORK_ERROR)).to_be_visible()
    documents.get_by_role("button", name="Réessayer l'envoi de pv-fraude.png").click()
    expect(documents.get_by_role("button", name=re.compile("Réessayer"))).to_have_count(0)
    expect(documents.get_by_role("caption")).to_have_text("Documents transmis (1)")
    listed = web_stack.call("GET", f"/sessions/{session['id']}/attachments", ANNE_FRANK_ADMIN)
    assert [a["fileName"] for a in listed.json()["items"]] == ["pv-fraude.png"]
    assert len(lose.keys) == 2 and lose.keys[0] and lose.keys[0] == lose.keys[1], lose.keys
