"""Exam day, the school staff's side: the session's page gives the supervisor password (hidden
until « Afficher », copied with « Copier »), the invigilator's kit and the way to the portal;
finalization step 1 shows what the invigilator recorded (presence, resumes, a test ended with
its reason — which needs no abort reason — and the reports made during the session)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    Screenshots,
    WebStack,
    assert_no_axe_violations,
    confirm_and_join,
    exam_session,
    full_name,
    join_by_api,
    login,
)

pytestmark = pytest.mark.e2e


def test_the_session_page_gives_the_password_the_kit_and_the_portal(
    page: Any, web_stack: WebStack, screenshots: Screenshots
) -> None:
    session = exam_session(web_stack, 1)
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session.id}")
    password = page.get_by_test_id("mot-de-passe-surveillant")
    expect(password).to_be_visible()
    expect(password).not_to_contain_text(session.supervisor_password)
    assert_no_axe_violations(page, "détails de la session")

    show = page.get_by_role("button", name="Afficher le mot de passe surveillant")
    show.click()
    expect(password).to_have_text(session.supervisor_password)
    expect(
        page.get_by_role("button", name="Masquer le mot de passe surveillant")
    ).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Copier le mot de passe surveillant").click()
    expect(page.get_by_text("Mot de passe copié")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == session.supervisor_password
    screenshots.take(page, "session-exam-day", full_page=True)

    with page.expect_download() as downloading:
        page.get_by_role("button", name="Télécharger le kit surveillant").click()
    download = downloading.value
    assert download.suggested_filename == f"kit-surveillant-session-{session.id}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    expect(
        page.get_by_text(f"Téléchargé : kit-surveillant-session-{session.id}.pdf")
    ).to_be_visible()

    # The portal, with the session number filled in: the password is what remains.
    page.get_by_role("link", name="Ouvrir l'espace surveillant").click()
    expect(page.get_by_role("heading", level=1, name="Espace surveillant")).to_be_visible()
    expect(page.get_by_label("Numéro de session")).to_have_value(str(session.id))
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.get_by_label("Mot de passe").fill(session.supervisor_password)
    page.get_by_role("button", name="Accéder à la session").click()
    expect(page.locator(".pupil")).to_have_count(1)


def test_finalization_shows_what_the_invigilator_recorded(
    page: Any, web_stack: WebStack, screenshots: Screenshots
) -> None:
    session = exam_session(web_stack, 3)
    finished, resumed, stopped = session.pupils
    joined = confirm_and_join(web_stack, session, finished)
    done = web_stack.call(
        "POST",
        f"/courses/{joined['certificationNumber']}/complete",
        headers={"Authorization": f"Bearer {joined['courseToken']}"},
    )
    assert done.status_code == 200, done.text
    confirm_and_join(web_stack, session, resumed)
    base = f"/sessions/{session.id}/candidates"
    resume = web_stack.call(
        "POST", f"{base}/{resumed['candidateId']}/authorize-to-resume", ANNE_FRANK_ADMIN, json={}
    )
    assert resume.status_code == 200, resume.text
    assert join_by_api(web_stack, session, resumed).status_code == 200
    confirm_and_join(web_stack, session, stopped)
    ended = web_stack.call(
        "POST",
        f"{base}/{stopped['candidateId']}/end-by-supervisor",
        ANNE_FRANK_ADMIN,
        json={"reason": "Fraude constatée."},
    )
    assert ended.status_code == 200, ended.text
    # A report made during the session, with the invigilator's token.
    token = web_stack.call(
        "POST",
        "/invigilator/login",
        json={"sessionId": session.id, "supervisorPassword": session.supervisor_password},
    ).json()["invigilatorToken"]
    reported = web_stack.call(
        "POST",
        f"{base}/{finished['candidateId']}/issue-reports",
        headers={"Authorization": f"Bearer {token}"},
        json={"category": "TECHNICAL_PROBLEM", "description": "Écran noir pendant 5 minutes."},
    )
    assert reported.status_code in (200, 201), reported.text

    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session.id}/finalisation")
    step_one = page.locator("section", has=page.get_by_role("heading", name=re.compile("Étape 1")))
    row = {
        p["candidateId"]: step_one.locator("tbody tr")
        .filter(has_text=p["lastName"])
        .filter(has_text=p["firstName"])
        for p in session.pupils
    }
    for pupil in session.pupils:
        expect(row[pupil["candidateId"]].first).to_contain_text("Présence confirmée")
    expect(row[finished["candidateId"]].first).to_contain_text("A1 — Problème technique")
    expect(row[resumed["candidateId"]].first).to_contain_text("1 reprise autorisée")
    expect(row[stopped["candidateId"]].first).to_contain_text("Arrêté par le surveillant")
    expect(row[stopped["candidateId"]].first).to_contain_text(
        "Test arrêté par le surveillant : Fraude constatée."
    )
    expect(step_one.get_by_label(f"Raison de l'abandon de {full_name(stopped)}")).to_have_count(0)
    screenshots.take(page, "finalization-invigilator", full_page=True)

    # Only the test still in progress needs a reason.
    step_one.get_by_label(f"Raison de l'abandon de {full_name(resumed)}").select_option("TECHNICAL")
    page.get_by_role("button", name="Valider").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirmer la finalisation").click()
    expect(page.get_by_text("La session a été finalisée. Merci !")).to_be_visible()
