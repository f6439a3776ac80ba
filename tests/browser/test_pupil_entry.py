"""The pupils' entry (#/candidat): every answer of the API in the pupil's words (« tu »), and
the day as it happens, in two browsers at once — the pupil waits for the invigilator, the
invigilator confirms on the live list, the pupil presses « Réessayer » and gets in, then
« J'ai terminé » — at 1280 and 390 px, the pupil's side by keyboard alone."""

from __future__ import annotations

import re
from typing import Any

import pytest
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
    join_by_api,
    tomorrow_in,
)

pytestmark = pytest.mark.e2e

WAITING = "Attends que ton surveillant confirme ta présence"


def fill_form(page: Any, session: ExamSession, pupil: dict[str, Any], **changes: str) -> None:
    values = {
        "Numéro de session": str(session.id),
        "Code d'accès": session.access_code,
        "Nom de naissance": pupil["lastName"],
        "Prénom": pupil["firstName"],
        "Date de naissance": pupil["birthdate"],
        **changes,
    }
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def join(page: Any, session: ExamSession, pupil: dict[str, Any], **changes: str) -> None:
    fill_form(page, session, pupil, **changes)
    page.get_by_role("button", name="Rejoindre la session").click()


def answer_title(page: Any) -> Any:
    return page.locator(".join__title")


def test_each_answer_is_said_in_the_pupils_words(
    page: Any, web_stack: WebStack, screenshots: Screenshots
) -> None:
    session = exam_session(web_stack, 4)
    waiting, started, completed, resumed = session.pupils
    confirm_and_join(web_stack, session, started)
    joined = confirm_and_join(web_stack, session, completed)
    web_stack.call(
        "POST",
        f"/courses/{joined['certificationNumber']}/complete",
        headers={"Authorization": f"Bearer {joined['courseToken']}"},
    )
    confirm_and_join(web_stack, session, resumed)

    page.goto(f"{web_stack.web_url}/#/connexion")
    page.get_by_role("main").get_by_role(
        "link", name="Rejoindre une session de certification"
    ).click()
    expect(
        page.get_by_role("heading", level=1, name="Rejoindre une session de certification")
    ).to_be_visible()
    for label in (
        "Numéro de session",
        "Code d'accès",
        "Nom de naissance",
        "Prénom",
        "Date de naissance",
    ):
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    assert_no_axe_violations(page, "entrée des élèves")
    screenshots.take(page, "pupil-join")

    # Nothing typed: each field says what it needs.
    page.get_by_role("button", name="Rejoindre la session").click()
    expect(page.locator("[data-error-for='sessionId']")).to_have_text(
        "Indique le numéro de session."
    )
    page.get_by_label("Numéro de session").fill(str(session.id))
    page.get_by_role("button", name="Rejoindre la session").click()
    expect(page.locator("[data-error-for='accessCode']")).to_have_text(
        "Indique le code d'accès de la session."
    )
    expect(page.locator("[data-error-for='lastName']")).to_have_text(
        "Indique ton nom de naissance."
    )
    expect(page.locator("[data-error-for='firstName']")).to_have_text("Indique ton prénom.")
    expect(page.locator("[data-error-for='birthdate']")).to_have_text(
        "Indique ta date de naissance."
    )

    join(page, session, waiting, **{"Code d'accès": "ZZZZ22"})
    expect(answer_title(page)).to_have_text("Le numéro de session ou le code d'accès n'est pas bon")
    join(page, session, waiting, **{"Prénom": "Personne"})
    expect(answer_title(page)).to_have_text(
        "Nous ne te trouvons pas dans la liste de cette session"
    )

    join(page, session, waiting)
    expect(answer_title(page)).to_have_text(WAITING)
    expect(answer_title(page)).to_be_focused()
    expect(page.get_by_role("button", name="Réessayer")).to_be_visible()
    assert_no_axe_violations(page, "attente du surveillant")
    screenshots.take(page, "pupil-waiting")

    join(page, session, started)
    expect(answer_title(page)).to_have_text("Demande à ton surveillant d'autoriser la reprise")
    expect(page.get_by_role("button", name="Réessayer")).to_be_visible()

    join(page, session, completed)
    expect(answer_title(page)).to_have_text("Ton test est déjà terminé")
    expect(page.get_by_role("button", name="Réessayer")).to_have_count(0)

    # A resume the invigilator authorized: « Réessayer » gets the pupil back in.
    join(page, session, resumed)
    expect(answer_title(page)).to_have_text("Demande à ton surveillant d'autoriser la reprise")
    web_stack.call(
        "POST",
        f"/sessions/{session.id}/candidates/{resumed['candidateId']}/authorize-to-resume",
        ANNE_FRANK_ADMIN,
        json={},
    )
    page.get_by_role("button", name="Réessayer").click()
    expect(page.get_by_role("heading", level=1, name="Ton test de certification")).to_be_visible()


def test_a_session_not_open_closed_or_locked_is_explained(page: Any, web_stack: WebStack) -> None:
    later = exam_session(web_stack, 1, day=tomorrow_in("Europe/Paris"))
    page.goto(f"{web_stack.web_url}/#/candidat")
    join(page, later, later.pupils[0])
    expect(answer_title(page)).to_have_text("Cette session n'a pas encore commencé")
    day = tomorrow_in("Europe/Paris").strftime("%d/%m/%Y")
    expect(page.locator(".join__outcome")).to_contain_text(f"Elle a lieu le {day}")

    # 24 hours after the first pupil started, the entry closes: the test cannot wait a day,
    # the API's answer is played instead.
    session = exam_session(web_stack, 1)
    page.route(
        re.compile(r".*/sessions/\d+/join$"),
        lambda route: route.fulfill(
            status=409,
            content_type="application/json",
            body='{"code": "SESSION_ENTRY_CLOSED", "message": "Entrée fermée."}',
        ),
    )
    join(page, session, session.pupils[0])
    expect(answer_title(page)).to_have_text("Tu ne peux plus entrer dans cette session")
    page.unroute(re.compile(r".*/sessions/\d+/join$"))

    # Ten wrong codes within 15 minutes: the session makes everyone wait (but the pupils
    # already let in by the invigilator).
    for _ in range(10):
        wrong = join_by_api(
            web_stack,
            ExamSession(session.id, "ZZZZ22", session.supervisor_password, session.pupils),
            session.pupils[0],
        )
        assert wrong.status_code == 404, wrong.text
    join(page, session, session.pupils[0])
    expect(answer_title(page)).to_have_text("Trop d'essais pour cette session")
    expect(page.locator(".join__outcome")).to_contain_text("Attends 15 minutes avant de réessayer")


def tab_and_type(page: Any, text: str) -> None:
    page.keyboard.press("Tab")
    page.keyboard.type(text)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pupil_waits_the_invigilator_confirms_the_pupil_gets_in_and_finishes(
    page: Any, other_page: Any, web_stack: WebStack, screenshots: Screenshots, width: int
) -> None:
    session = exam_session(web_stack, 2)
    pupil = session.pupils[1]
    pupil_page, invigilator = page, other_page
    for each in (pupil_page, invigilator):
        each.set_viewport_size({"width": width, "height": 800})
    invigilator_login(invigilator, web_stack, session)

    # The pupil, by keyboard alone: fields in order, Enter.
    pupil_page.goto(f"{web_stack.web_url}/#/candidat")
    expect(pupil_page.get_by_role("heading", level=1)).to_be_focused()
    tab_and_type(pupil_page, str(session.id))
    tab_and_type(pupil_page, session.access_code.lower())
    tab_and_type(pupil_page, pupil["lastName"])
    tab_and_type(pupil_page, pupil["firstName"])
    pupil_page.keyboard.press("Tab")
    expect(pupil_page.get_by_label("Date de naissance")).to_be_focused()
    # The date's segments follow the browser's own language (headless Chromium: mm/dd/yyyy):
    # the value is set, the focus stays on the field.
    pupil_page.get_by_label("Date de naissance").fill(pupil["birthdate"])
    pupil_page.keyboard.press("Enter")
    expect(answer_title(pupil_page)).to_have_text(WAITING)
    assert horizontal_overflow(pupil_page) == 0
    # Trying again while nothing changed: the same answer (and no failed attempt counted).
    pupil_page.keyboard.press("Tab")
    expect(pupil_page.get_by_role("button", name="Réessayer")).to_be_focused()
    pupil_page.keyboard.press("Enter")
    expect(answer_title(pupil_page)).to_have_text(WAITING)

    # The invigilator confirms, on the other device.
    card = invigilator.locator(f".pupil[data-candidate-id='{pupil['candidateId']}']")
    invigilator.get_by_role("button", name=f"Confirmer la présence de {full_name(pupil)}").click()
    expect(card.locator(".status")).to_have_text("Présence confirmée")

    pupil_page.keyboard.press("Tab")
    expect(pupil_page.get_by_role("button", name="Réessayer")).to_be_focused()
    pupil_page.keyboard.press("Enter")
    expect(
        pupil_page.get_by_role("heading", level=1, name="Ton test de certification")
    ).to_be_visible()
    state = web_stack.call("GET", f"/sessions/{session.id}/supervising", ANNE_FRANK_ADMIN).json()
    number = next(c for c in state["candidates"] if c["candidateId"] == pupil["candidateId"])[
        "certificationNumber"
    ]
    expect(pupil_page.get_by_test_id("numero-certification")).to_have_text(str(number))
    expect(pupil_page.get_by_text("1 h 45")).to_be_visible()
    assert horizontal_overflow(pupil_page) == 0
    assert_no_axe_violations(pupil_page, f"test en cours à {width} px")
    if width == 1280:
        screenshots.take(pupil_page, "pupil-test")

    # The live list sees the pupil in (next refresh), with the time left.
    expect(card.locator(".status")).to_have_text("Test en cours", timeout=10_000)
    expect(card.locator(".pupil__time")).to_have_text(re.compile(r"^10[45]:\d\d$"))

    # « J'ai terminé », by keyboard: the button, then the confirmation.
    finish = pupil_page.get_by_role("button", name="J'ai terminé")
    finish.focus()
    pupil_page.keyboard.press("Enter")
    dialog = pupil_page.get_by_role("dialog", name="As-tu terminé ton test ?")
    # The safe answer first (« Annuler »), then « Oui, j'ai terminé ».
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
    pupil_page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Oui, j'ai terminé")).to_be_focused()
    assert_no_axe_violations(pupil_page, f"confirmation de fin à {width} px")
    pupil_page.keyboard.press("Enter")
    expect(pupil_page.get_by_role("heading", level=1, name="Test terminé")).to_be_focused()
    assert pupil_page.evaluate("sessionStorage.getItem('certif.course')") is None
    assert_no_axe_violations(pupil_page, f"test terminé à {width} px")
    assert horizontal_overflow(pupil_page) == 0

    invigilator.get_by_role("button", name="Actualiser").click()
    expect(card.locator(".status")).to_have_text("Test terminé")
    assert horizontal_overflow(invigilator) == 0


def test_a_test_ended_by_the_invigilator_is_said_kindly(page: Any, web_stack: WebStack) -> None:
    session = exam_session(web_stack, 1)
    pupil = session.pupils[0]
    confirm_presence(web_stack, session.id, pupil["candidateId"])
    page.goto(f"{web_stack.web_url}/#/candidat")
    join(page, session, pupil)
    expect(page.get_by_role("heading", level=1, name="Ton test de certification")).to_be_visible()
    ended = web_stack.call(
        "POST",
        f"/sessions/{session.id}/candidates/{pupil['candidateId']}/end-by-supervisor",
        ANNE_FRANK_ADMIN,
        json={"reason": "Comportement inapproprié."},
    )
    assert ended.status_code == 200, ended.text
    page.get_by_role("button", name="J'ai terminé").click()
    page.get_by_role("button", name="Oui, j'ai terminé").click()
    expect(
        page.get_by_role("heading", level=1, name="Ton surveillant a arrêté ton test")
    ).to_be_visible()
    expect(page.get_by_text("va voir ton surveillant : il t'expliquera")).to_be_visible()
    assert_no_axe_violations(page, "test arrêté")
