"""Issue 15, what a school administrator met: pupils found by name (« Élèves », « Ajouter des
candidats »), the roster import that explains its ignored and wrong lines in French, the edit
page of a session that says what can still change, and the empty list of sessions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    LECONTE_ADMIN,
    WebStack,
    assert_no_axe_violations,
    login,
)
from tests.browser.test_students import enrolled_session, import_class, letters

pytestmark = pytest.mark.e2e

NBSP = "\u00a0"


def test_a_pupil_is_found_by_name_in_both_lists(page: Page, web_stack: WebStack) -> None:
    division = f"4{letters(3)}"
    wanted = f"É{letters(5)}-{letters(4)}"
    import_class(web_stack, division, [wanted, letters(7), letters(7)])
    login(page, web_stack, ANNE_FRANK_ADMIN)

    page.goto(f"{web_stack.web_url}/#/eleves")
    # Accents, case and the order of the words do not matter; all classes when none is checked.
    page.get_by_label("Rechercher un élève").fill(f"zoé {wanted.split('-')[1][:3].lower()}")
    table = page.get_by_role("table", name=re.compile("^Élèves du Collège Anne Frank"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr")).to_contain_text(wanted)
    page.get_by_label("Rechercher un élève").fill("personne-de-ce-nom")
    expect(page.get_by_text("Aucun élève de ces classes ne porte ce nom.")).to_be_visible()
    assert_no_axe_violations(page, "Élèves, recherche")

    session, _ = enrolled_session(web_stack, division, wanted)
    page.goto(f"{web_stack.web_url}/#/sessions/{session}/candidats/ajouter")
    search = page.get_by_label("Rechercher un élève")
    search.fill(wanted.split("-")[1].lower())
    search.press("Enter")  # searches at once, never submits the enrolment
    rows = page.locator(".table--selectable tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Déjà dans la session")
    expect(page).to_have_url(re.compile(r"/candidats/ajouter$"))


def test_the_roster_import_explains_each_line_in_french(page: Page, web_stack: WebStack) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/eleves/import")
    division = f"3{letters(3)}"
    roster = (
        "Nom de naissance;Prénom;Date de naissance;Classe\n"
        f"{letters()};Zoé;02/02/2011;{division}\n"
        f"{letters()};Léo;31/02/2011;{division}\n"
        f"{letters()};Noé;03/03/2011;\n"
    ).encode()
    page.get_by_label("Choisir le fichier des élèves").set_input_files(
        files=[FilePayload(name="eleves.csv", mimeType="text/csv", buffer=roster)]
    )
    page.get_by_role("button", name="Importer").click()
    errors = page.get_by_role("table", name="Lignes en erreur (1)")
    expect(errors).to_be_visible()
    expect(errors).not_to_contain_text("INVALID")  # the API's message, not its code
    expect(errors.locator("tbody td")).not_to_be_empty()
    ignored = page.get_by_role("table", name="Lignes ignorées (1)")
    expect(ignored.locator("tbody th")).to_have_text("4")
    expect(ignored.locator("tbody td")).to_contain_text("classe")

    # Another school's SIECLE export: the API's words, naming both UAIs.
    xml = Path(__file__).resolve().parents[1] / "fixtures" / "ElevesSansAdresses-sample.xml"
    page.get_by_label("Choisir le fichier des élèves").set_input_files(str(xml))
    page.get_by_role("button", name="Importer").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("0999999Z")
    expect(alert).to_contain_text("0999001A")


def test_the_edit_page_says_what_can_still_change(page: Page, web_stack: WebStack) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    sessions = web_stack.call(
        "GET", "/centers/c-anne-frank/sessions?pageSize=100", ANNE_FRANK_ADMIN
    ).json()["items"]
    finalized = next(s for s in sessions if s["status"] == "FINALIZED")
    page.goto(f"{web_stack.web_url}/#/sessions/{finalized['id']}/modifier")
    locked = f"Cette session est finalisée{NBSP}: elle ne peut plus être modifiée."
    expect(page.get_by_text(locked)).to_be_visible()
    expect(page.locator("form")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)

    started = next(s for s in sessions if s["status"] == "CREATED" and s["startedCount"] > 0)
    page.goto(f"{web_stack.web_url}/#/sessions/{started['id']}")
    expect(page.locator("dt", has_text="ID session")).to_have_count(1)
    expect(page.locator("dt", has_text="Numéro de session")).to_have_count(0)
    page.get_by_role("link", name="Compléter les observations").click()
    expect(page.get_by_text("Des élèves ont déjà rejoint cette session")).to_be_visible()
    expect(page.get_by_label("Nom de la salle")).to_have_count(0)
    expect(page.get_by_label("Date de début")).to_have_count(0)
    note = f"Salle changée de dernière minute {letters()}"
    page.get_by_label("Observations (optionnel)").fill(note)
    page.get_by_role("button", name="Enregistrer les observations").click()
    expect(page.get_by_text("La session a été modifiée.")).to_be_visible()
    expect(page.get_by_text(note)).to_be_visible()


def test_the_empty_list_of_sessions_has_one_button_and_the_guide(
    page: Page, web_stack: WebStack
) -> None:
    login(page, web_stack, LECONTE_ADMIN)
    # A school that has no session yet (the demo schools all have some): the API's empty page.
    page.route(
        re.compile(r".*/centers/[^/]+/sessions\?.*"),
        lambda route: route.fulfill(json={"items": [], "page": 1, "pageSize": 25, "total": 0}),
    )
    page.goto(f"{web_stack.web_url}/#/sessions?page=1")
    expect(page.get_by_text("Créez votre première session de certification")).to_be_visible()
    expect(page.get_by_role("link", name="Créer une session")).to_have_count(1)
    page.get_by_role("link", name="guide de démarrage", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Guide de démarrage")).to_be_visible()
    expect(page.get_by_role("link", name="Importer la liste des élèves")).to_be_visible()
    # The time zone in words, never its IANA name (La Réunion).
    page.goto(f"{web_stack.web_url}/#/sessions/nouvelle")
    expect(page.get_by_text(re.compile(r"heure de La Réunion \(UTC\+4\)"))).to_be_visible()
    expect(page.get_by_text("Indian/Reunion")).to_have_count(0)
