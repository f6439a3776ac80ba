"""Every screen fits the widths the schools use — a desktop (1280 px), a tablet (768 px) and a
phone (390 px): wide tables scroll inside their own box, the page itself never scrolls
sideways. The school's screens, then exam day's: the invigilator's portal (login, live list)
and the pupils' pages (entry, an answer, the test)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    PIX_STAFF,
    WebStack,
    confirm_and_join,
    confirm_presence,
    exam_session,
    horizontal_overflow,
    invigilator_login,
    login,
    staff_login,
)

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 768, 390)


def test_no_screen_is_wider_than_the_window(page: Page, web_stack: WebStack) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    demo = next(
        s
        for s in web_stack.call(
            "GET", "/centers/c-anne-frank/sessions?pageSize=100", ANNE_FRANK_ADMIN
        ).json()["items"]
        if s["description"].startswith("Session de démonstration")
    )
    screens = [
        "/sessions",
        "/sessions/nouvelle",
        f"/sessions/{demo['id']}",
        f"/sessions/{demo['id']}/candidats",
        f"/sessions/{demo['id']}/candidats/ajouter",
        f"/sessions/{demo['id']}/finalisation",
        f"/sessions/{demo['id']}/modifier",
        "/eleves",
        "/eleves/import",
        "/equipe",
        "/aide",
        "/verifier",
    ]
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in screens:
            page.goto(f"{web_stack.web_url}/#{path}")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            page.wait_for_load_state("networkidle")
            extra = horizontal_overflow(page)
            if extra > 0:
                too_wide.append(f"{path} at {width} px: {extra} px too wide")
    assert too_wide == []


def test_no_exam_day_screen_is_wider_than_the_window(page: Any, web_stack: WebStack) -> None:
    session = exam_session(web_stack, 3)
    started, confirmed, waiting = session.pupils
    course = confirm_and_join(web_stack, session, started)
    confirm_presence(web_stack, session.id, confirmed["candidateId"])
    too_wide = []

    def check(where: str, width: int) -> None:
        page.wait_for_load_state("networkidle")
        extra = horizontal_overflow(page)
        if extra > 0:
            too_wide.append(f"{where} at {width} px: {extra} px too wide")

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{web_stack.web_url}/#/surveillant")
        page.evaluate("sessionStorage.clear()")
        page.reload()
        expect(page.get_by_label("Mot de passe")).to_be_visible()
        check("espace surveillant (connexion)", width)
        invigilator_login(page, web_stack, session)
        expect(page.locator(".pupil__time").first).to_have_text(re.compile(r"\d+:\d\d"))
        check("espace surveillant (liste)", width)
        page.get_by_role("button", name="Quitter").click()

        page.goto(f"{web_stack.web_url}/#/candidat")
        expect(page.get_by_label("Code d'accès")).to_be_visible()
        check("entrée des élèves", width)
        for label, value in {
            "Numéro de session": str(session.id),
            "Code d'accès": session.access_code,
            "Nom de naissance": waiting["lastName"],
            "Prénom": waiting["firstName"],
            "Date de naissance": waiting["birthdate"],
        }.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name="Rejoindre la session").click()
        expect(page.get_by_role("button", name="Réessayer")).to_be_visible()
        check("entrée des élèves (attente du surveillant)", width)

        page.evaluate(
            "(course) => sessionStorage.setItem('certif.course', JSON.stringify(course))",
            {**course, "sessionId": str(session.id)},
        )
        page.reload()
        expect(
            page.get_by_role("heading", level=1, name="Ton test de certification")
        ).to_be_visible()
        check("le test de l'élève", width)
        page.evaluate("sessionStorage.clear()")
    assert too_wide == []


def test_no_pix_staff_screen_is_wider_than_the_window(page: Page, web_stack: WebStack) -> None:
    """« Espace Pix »: the queues and a finalized session's full view (its tables scroll in
    their own box)."""
    staff_login(page, web_stack)
    finalized = web_stack.call("GET", "/admin/sessions?status=FINALIZED", PIX_STAFF).json()[
        "items"
    ][0]
    too_wide = []
    for width in (768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/pix", "/pix/retard", f"/pix/sessions/{finalized['id']}"):
            page.goto(f"{web_stack.web_url}/#{path}")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            page.wait_for_load_state("networkidle")
            if page.evaluate("document.documentElement.scrollWidth") != width:
                too_wide.append(f"{path} at {width} px: {horizontal_overflow(page)} px too wide")
    assert too_wide == []


def test_on_a_phone_the_menu_folds_behind_a_button(page: Page, web_stack: WebStack) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    login(page, web_stack, ANNE_FRANK_ADMIN)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Élèves", exact=True)).to_be_hidden()
    # By keyboard: the button opens the menu, its links follow it.
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Élèves", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Élèves")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")
    # The candidates of a session: one card per pupil, each value with its column's name.
    demo = web_stack.call(
        "GET", "/centers/c-anne-frank/sessions?pageSize=100", ANNE_FRANK_ADMIN
    ).json()["items"]
    with_pupils = next(s for s in demo if s["candidatesCount"] and s["status"] == "CREATED")
    page.goto(f"{web_stack.web_url}/#/sessions/{with_pupils['id']}/candidats")
    first = page.locator(".table--cards tbody tr").first
    expect(first.locator("td[data-label='Date de naissance']")).to_be_visible()
    assert horizontal_overflow(page) == 0
    # On a desktop, no « Menu »: the links are in the header.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Élèves", exact=True)).to_be_visible()
