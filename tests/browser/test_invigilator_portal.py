"""The invigilator's portal (#/surveillant): reached without a school account, its login and
the API's messages (wrong password, lockout), the live list and its actions (confirm,
withdraw, resume, end with a reason, report) at 1280 and 390 px, a refresh that keeps the
focus and the scroll position, the keyboard alone, and the way out (401, « Quitter »)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    ExamSession,
    Screenshots,
    WebStack,
    assert_no_axe_violations,
    confirm_and_join,
    confirm_presence,
    exam_session,
    full_name,
    horizontal_overflow,
    invigilator_login,
)

pytestmark = pytest.mark.e2e

EXPIRED = (
    "Votre accès à l'espace surveillant a expiré : reconnectez-vous avec le numéro de session "
    "et le mot de passe surveillant."
)


def supervised(stack: WebStack, session: ExamSession, pupil: dict[str, Any]) -> dict[str, Any]:
    """The pupil as the API has them now (the live list, read with a member's token)."""
    answer = stack.call("GET", f"/sessions/{session.id}/supervising", ANNE_FRANK_ADMIN)
    assert answer.status_code == 200, answer.text
    return next(c for c in answer.json()["candidates"] if c["candidateId"] == pupil["candidateId"])


def card_of(page: Any, pupil: dict[str, Any]) -> Any:
    return page.locator(f".pupil[data-candidate-id='{pupil['candidateId']}']")


def test_the_portal_is_reached_without_a_school_account_and_says_why_it_refuses(
    page: Any, web_stack: WebStack, screenshots: Screenshots
) -> None:
    session = exam_session(web_stack, 1)
    page.goto(f"{web_stack.web_url}/#/connexion")
    expect(
        page.get_by_role("contentinfo").get_by_role("link", name="Espace surveillant")
    ).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Espace surveillant").click()
    expect(page.get_by_role("heading", level=1, name="Espace surveillant")).to_be_visible()
    expect(page.get_by_label("Numéro de session")).to_be_visible()
    expect(page.get_by_label("Mot de passe")).to_be_visible()
    assert_no_axe_violations(page, "espace surveillant, connexion")
    screenshots.take(page, "invigilator-login")

    page.get_by_label("Numéro de session").fill("douze")
    page.get_by_label("Mot de passe").fill("n'importe")
    page.get_by_role("button", name="Accéder à la session").click()
    expect(page.locator("[data-error-for='sessionId']")).to_have_text(
        "Saisissez un nombre entier, par exemple 12."
    )

    page.get_by_label("Numéro de session").fill(str(session.id))
    page.get_by_label("Mot de passe").fill("C-FAUX00")
    page.get_by_role("button", name="Accéder à la session").click()
    expect(page.get_by_role("alert")).to_have_text("Numéro de session ou mot de passe incorrect.")
    expect(page.get_by_label("Mot de passe")).to_have_value("")
    assert page.evaluate("sessionStorage.getItem('certif.invigilator')") is None
    assert_no_axe_violations(page, "espace surveillant, mauvais mot de passe")


def test_ten_failures_lock_the_portal_and_say_how_long(page: Any, web_stack: WebStack) -> None:
    session = exam_session(web_stack, 1)
    for _ in range(10):
        answer = requests.post(
            f"{web_stack.api_url}/invigilator/login",
            json={"sessionId": session.id, "supervisorPassword": "C-FAUX00"},
            timeout=10,
        )
        assert answer.status_code == 401, answer.text
    page.goto(f"{web_stack.web_url}/#/surveillant")
    page.get_by_label("Numéro de session").fill(str(session.id))
    page.get_by_label("Mot de passe").fill(session.supervisor_password)
    page.get_by_role("button", name="Accéder à la session").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Trop de tentatives infructueuses pour cette session. Réessayez dans 15 minutes."
    )
    expect(page.get_by_role("heading", level=1, name="Espace surveillant")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('certif.invigilator')") is None


@pytest.mark.parametrize("width", [1280, 390])
def test_the_live_list_confirms_withdraws_resumes_ends_and_reports(
    page: Any, web_stack: WebStack, screenshots: Screenshots, width: int
) -> None:
    session = exam_session(web_stack, 4)
    waiting, withdrawn, resumed, reported = session.pupils
    confirm_presence(web_stack, session.id, withdrawn["candidateId"])
    confirm_and_join(web_stack, session, resumed)
    confirm_and_join(web_stack, session, reported)
    page.set_viewport_size({"width": width, "height": 800})
    invigilator_login(page, web_stack, session)
    expect(page.get_by_test_id("code-acces")).to_have_text(session.access_code)
    expect(card_of(page, waiting).locator(".status")).to_have_text("Présence à confirmer")
    expect(card_of(page, resumed).locator(".pupil__time")).to_have_text(re.compile(r"^1\d\d:\d\d$"))
    assert horizontal_overflow(page) == 0
    assert_no_axe_violations(page, f"liste de la salle à {width} px")
    screenshots.take(page, "invigilator-room" if width == 1280 else "invigilator-room-phone")
    if width == 1280:
        # The kit, with the invigilator's token.
        with page.expect_download() as downloading:
            page.get_by_role("button", name="Télécharger le kit surveillant").click()
        assert downloading.value.suggested_filename == f"kit-surveillant-session-{session.id}.pdf"

    # Confirm a presence: the pupil may now enter.
    page.get_by_role("button", name=f"Confirmer la présence de {full_name(waiting)}").click()
    expect(card_of(page, waiting).locator(".status")).to_have_text("Présence confirmée")
    assert supervised(web_stack, session, waiting)["authorizedToStart"] is True

    # Withdraw one before the pupil joins.
    page.get_by_role("button", name=f"Retirer la présence de {full_name(withdrawn)}").click()
    expect(card_of(page, withdrawn).locator(".status")).to_have_text("Présence à confirmer")
    assert supervised(web_stack, session, withdrawn)["authorizedToStart"] is False

    # Authorize a resume (STARTED only).
    expect(card_of(page, waiting).get_by_role("button", name=re.compile("reprise"))).to_be_hidden()
    page.get_by_role("button", name=f"Autoriser la reprise pour {full_name(resumed)}").click()
    expect(card_of(page, resumed).locator(".pupil__note")).to_have_text(
        "Reprise autorisée : l'élève peut revenir dans son test."
    )
    assert supervised(web_stack, session, resumed)["resumeAuthorized"] is True

    # End a test: the reason is required.
    page.get_by_role("button", name=f"Mettre fin au test de {full_name(resumed)}").click()
    dialog = page.get_by_role("dialog", name=f"Mettre fin au test de {full_name(resumed)} ?")
    expect(dialog.get_by_label("Raison")).to_be_focused()
    assert_no_axe_violations(page, f"fin du test à {width} px")
    assert horizontal_overflow(page) == 0
    dialog.get_by_role("button", name="Mettre fin au test").click()
    expect(dialog.locator("[data-error-for='reason']")).to_have_text(
        "Indiquez pourquoi vous mettez fin à ce test."
    )
    dialog.get_by_label("Raison").fill("Téléphone portable utilisé pendant le test.")
    dialog.get_by_role("button", name="Mettre fin au test").click()
    expect(dialog).to_have_count(0)
    expect(card_of(page, resumed).locator(".status")).to_have_text("Test arrêté")
    expect(card_of(page, resumed).locator(".pupil__note")).to_have_text(
        "Test arrêté par le surveillant : Téléphone portable utilisé pendant le test."
    )
    expect(card_of(page, resumed).locator("h2")).to_be_focused()
    ended = supervised(web_stack, session, resumed)
    assert ended["status"] == "ENDED_BY_SUPERVISOR"
    assert ended["endReason"] == "Téléphone portable utilisé pendant le test."

    # Report an incident with the finalization's dialog.
    page.get_by_role("button", name=f"Signaler un incident pour {full_name(reported)}").click()
    report = page.get_by_role("dialog", name="Signalement du candidat")
    report.get_by_label(re.compile("^A1 ")).check()
    report.get_by_label(re.compile("^Décrivez l'incident")).fill("L'ordinateur s'est éteint.")
    assert_no_axe_violations(page, f"signalement à {width} px")
    report.get_by_role("button", name="Valider").click()
    expect(report).to_have_count(0)
    expect(card_of(page, reported).locator(".pupil__reports")).to_contain_text(
        "Signalement enregistré : A1 — Problème technique"
    )
    expect(
        page.get_by_role("button", name=f"Signaler un incident pour {full_name(reported)}")
    ).to_be_focused()
    draft = web_stack.call("GET", f"/sessions/{session.id}/finalization", ANNE_FRANK_ADMIN).json()
    reports = next(c for c in draft["candidates"] if c["candidateId"] == reported["candidateId"])
    assert [r["description"] for r in reports["issueReports"]] == ["L'ordinateur s'est éteint."]
    assert horizontal_overflow(page) == 0


def test_the_list_refreshes_in_place_keeping_the_focus_and_the_scroll(
    page: Any, web_stack: WebStack
) -> None:
    session = exam_session(web_stack, 8)
    elsewhere, started, focused = session.pupils[0], session.pupils[1], session.pupils[6]
    confirm_and_join(web_stack, session, started)
    page.set_viewport_size({"width": 390, "height": 700})
    invigilator_login(page, web_stack, session)

    # The time left ticks every second, from theoreticalEndAt and the clock.
    time_left = card_of(page, started).locator(".pupil__time")
    before = time_left.inner_text()
    expect(time_left).not_to_have_text(before, timeout=3000)
    assert re.fullmatch(r"1\d\d:\d\d", time_left.inner_text())

    # Focus a button far down the page, then let another device change the list.
    button = page.get_by_role("button", name=f"Confirmer la présence de {full_name(focused)}")
    button.focus()
    button.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 40)")
    page.evaluate(
        "window.marked = {focus: document.activeElement, list: document.querySelector('.pupils')}"
    )
    assert page.evaluate("window.scrollY") > 0
    # Where the focused button is on the screen: a card above may change height (its
    # pupil's state changed), the browser then keeps what is in view in its place.
    where = "Math.round(document.activeElement.getBoundingClientRect().top)"
    top = page.evaluate(where)
    confirm_presence(web_stack, session.id, elsewhere["candidateId"])
    with page.expect_response(re.compile(r".*/supervising$"), timeout=10_000):
        pass
    expect(card_of(page, elsewhere).locator(".status")).to_have_text("Présence confirmée")
    assert page.evaluate("document.activeElement === window.marked.focus")
    assert page.evaluate("document.querySelector('.pupils') === window.marked.list")
    assert abs(page.evaluate(where) - top) <= 1  # sub-pixel rounding

    # « Actualiser » does the same on demand.
    confirm_presence(web_stack, session.id, elsewhere["candidateId"], authorized=False)
    page.get_by_role("button", name="Actualiser").click()
    expect(card_of(page, elsewhere).locator(".status")).to_have_text("Présence à confirmer")
    expect(page.get_by_role("button", name="Actualiser")).to_be_focused()
    assert page.evaluate("document.querySelector('.pupils') === window.marked.list")


def focused_name(page: Any) -> str:
    return str(
        page.evaluate(
            "(() => { const el = document.activeElement;"
            " return (el.getAttribute('aria-label') || el.textContent || '').trim(); })()"
        )
    )


def tab_to(page: Any, name: str, limit: int = 40) -> None:
    """Tab until the focus is on `name`, checking on the way that the focus is visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"no visible focus on {focused_name(page)}"
        if focused_name(page) == name:
            return
    raise AssertionError(f"{name} is not reached with Tab")


def test_the_keyboard_alone_runs_the_room(page: Any, web_stack: WebStack) -> None:
    session = exam_session(web_stack, 2)
    waiting, started = session.pupils
    confirm_and_join(web_stack, session, started)
    page.goto(f"{web_stack.web_url}/#/surveillant")
    expect(page.get_by_role("heading", level=1, name="Espace surveillant")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Numéro de session")).to_be_focused()
    page.keyboard.type(str(session.id))
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type(session.supervisor_password)
    page.keyboard.press("Enter")
    expect(page.locator(".pupil")).to_have_count(2)

    tab_to(page, f"Confirmer la présence de {full_name(waiting)}")
    page.keyboard.press("Enter")
    expect(card_of(page, waiting).locator(".status")).to_have_text("Présence confirmée")
    expect(card_of(page, waiting).locator("h2")).to_be_focused()

    # The dialog keeps the focus inside, Escape closes it and gives the focus back.
    tab_to(page, f"Mettre fin au test de {full_name(started)}")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Raison")).to_be_focused()
    for _ in range(6):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert focused_name(page) == f"Mettre fin au test de {full_name(started)}"

    page.keyboard.press("Enter")
    expect(dialog.get_by_label("Raison")).to_be_focused()
    page.keyboard.type("Malaise de l'élève.")
    page.keyboard.press("Tab")  # Annuler
    page.keyboard.press("Tab")  # Mettre fin au test
    assert focused_name(page) == "Mettre fin au test"
    page.keyboard.press("Enter")
    expect(card_of(page, started).locator(".status")).to_have_text("Test arrêté")
    expect(card_of(page, started).locator("h2")).to_be_focused()
    assert supervised(web_stack, session, started)["endReason"] == "Malaise de l'élève."


def test_an_expired_token_and_quitter_lead_back_to_the_login(
    page: Any, web_stack: WebStack
) -> None:
    session = exam_session(web_stack, 1)
    invigilator_login(page, web_stack, session)
    # The token no longer opens anything: the portal's login, never the school's.
    page.evaluate(
        "sessionStorage.setItem('certif.invigilator', JSON.stringify({...JSON.parse("
        "sessionStorage.getItem('certif.invigilator')), token: 'abimé'}))"
    )
    page.reload()
    expect(page.get_by_role("alert")).to_have_text(EXPIRED)
    expect(page.get_by_label("Mot de passe")).to_be_visible()
    assert page.url.endswith("#/surveillant")
    assert page.evaluate("sessionStorage.getItem('certif.invigilator')") is None

    # The same when the token expires while the list is shown (the next refresh).
    invigilator_login(page, web_stack, session)
    page.route(
        re.compile(r".*/supervising$"),
        lambda route: route.fulfill(
            status=401,
            content_type="application/json",
            body='{"code": "UNAUTHENTICATED", "message": "Jeton expiré."}',
        ),
    )
    page.get_by_role("button", name="Actualiser").click()
    expect(page.get_by_role("alert")).to_have_text(EXPIRED)
    assert page.evaluate("sessionStorage.getItem('certif.invigilator')") is None
    page.unroute(re.compile(r".*/supervising$"))

    invigilator_login(page, web_stack, session)
    page.get_by_role("button", name="Quitter").click()
    expect(page.get_by_text("Vous avez quitté l'espace surveillant.")).to_be_visible()
    expect(page.get_by_label("Numéro de session")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('certif.invigilator')") is None


def test_a_finalized_session_closes_the_portal(page: Any, web_stack: WebStack) -> None:
    session = exam_session(web_stack, 1)
    pupil = session.pupils[0]
    joined = confirm_and_join(web_stack, session, pupil)
    done = web_stack.call(
        "POST",
        f"/courses/{joined['certificationNumber']}/complete",
        headers={"Authorization": f"Bearer {joined['courseToken']}"},
    )
    assert done.status_code == 200, done.text
    invigilator_login(page, web_stack, session)
    finalized = web_stack.call(
        "POST",
        f"/sessions/{session.id}/finalize",
        ANNE_FRANK_ADMIN,
        headers={"Idempotency-Key": "finalisation-du-portail"},
        json={
            "examinerGlobalComment": "",
            "hasIncident": False,
            "hasJoiningIssue": False,
            "candidates": [
                {
                    "candidateId": pupil["candidateId"],
                    "hasSeenEndTestScreen": True,
                    "abortReason": None,
                }
            ],
        },
    )
    assert finalized.status_code == 200, finalized.text
    page.get_by_role("button", name="Actualiser").click()
    expect(page.get_by_role("alert")).to_have_text(
        "La session a été finalisée : l'espace surveillant de cette session est fermé."
    )
    assert page.evaluate("sessionStorage.getItem('certif.invigilator')") is None
