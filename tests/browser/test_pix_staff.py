"""« Espace Pix » : a Pix staff member processes a finalized session in the browser — the
queues and their counts, the search by number, the session's full view, assign, resolve the
impactful report, results typed in the table and imported from a CSV file (a line refused),
publication refused then accepted, unpublish, unfinalize — with the keyboard, and at the widths
the staff and the schools use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    COMPETENCE_CODES,
    PIX_STAFF,
    FinalizedSession,
    Screenshots,
    WebStack,
    assert_no_axe_violations,
    finalized_session,
    full_name,
    horizontal_overflow,
    login,
    staff_login,
)

pytestmark = pytest.mark.e2e

QUEUES = (
    ("FINALIZED", "À traiter"),
    ("IN_PROCESS", "En cours de traitement"),
    ("PROCESSED", "Résultats transmis"),
)


def queue_total(stack: WebStack, status: str, requires_action: str = "") -> int:
    query = f"status={status}&pageSize=1"
    if requires_action:
        query += f"&requiresAction={requires_action}"
    answer = stack.call("GET", f"/admin/sessions?{query}", PIX_STAFF)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["total"])


def tab_to(page: Page, name: str, limit: int = 80) -> None:
    """Tab from where the focus is until the control named `name` has it (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.getAttribute('aria-label') || e.textContent || '').trim() : ''; }"
        )
        if focused.startswith(name):
            return
    raise AssertionError(f"« {name} » cannot be reached with Tab")


def status_badge(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("statut-session")


def test_staff_land_in_espace_pix_with_the_queues_and_their_counts(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    session = finalized_session(web_stack, comment="Coupure de courant à 9 h.")
    staff_login(page, web_stack)
    nav = page.get_by_role("navigation", name="Menu principal")
    expect(nav.get_by_role("link", name="Espace Pix")).to_have_attribute("aria-current", "page")
    # A staff member with no center has no school screens.
    expect(nav.get_by_role("link", name="Élèves")).to_have_count(0)
    queues = page.get_by_role("list", name="Files de traitement")
    for status, label in QUEUES:
        link = queues.locator(f"[data-queue={status}]")
        expect(link).to_contain_text(label)
        expect(link.locator(".queues__count")).to_have_text(str(queue_total(web_stack, status)))
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name=f"Session {session.id}", exact=True)).to_be_visible()
    screenshots.take(page, "pix-queues")

    # Only the sessions that require action: ours has a comment and an unresolved A1.
    page.get_by_label("Action requise").select_option("true")
    expect(page).to_have_url(re.compile("requiresAction=true"))
    expect(queues.locator("[data-queue=FINALIZED] .queues__count")).to_have_text(
        str(queue_total(web_stack, "FINALIZED", "true"))
    )
    expect(table.get_by_role("link", name=f"Session {session.id}", exact=True)).to_be_visible()
    page.get_by_label("Action requise").select_option("false")
    expect(table.get_by_role("link", name=f"Session {session.id}", exact=True)).to_have_count(0)

    # The other queues, by their links.
    queues.locator("[data-queue=PROCESSED]").click()
    expect(page.get_by_role("table")).to_contain_text("Résultats transmis")

    # The 48-hour rule's overdue sessions.
    page.get_by_role("link", name="Finalisations en retard").click()
    expect(page.get_by_role("heading", level=2, name="Finalisations en retard")).to_be_visible()
    expect(page.get_by_role("table")).to_be_visible()


def test_search_by_session_number(page: Page, web_stack: WebStack) -> None:
    session = finalized_session(web_stack)
    staff_login(page, web_stack)
    search = page.get_by_role("search", name="Rechercher une session")
    search.get_by_label("Numéro de session").fill("abc")
    search.get_by_role("button", name="Rechercher").click()
    expect(search.get_by_text("des chiffres seulement").first).to_be_visible()
    search.get_by_label("Numéro de session").fill("987654321")
    search.get_by_role("button", name="Rechercher").click()
    expect(search.get_by_text("Aucune session ne porte le numéro 987654321.").first).to_be_visible()
    expect(search.get_by_label("Numéro de session")).to_be_focused()
    search.get_by_label("Numéro de session").fill(str(session.id))
    search.get_by_label("Numéro de session").press("Enter")
    expect(page.get_by_role("heading", level=1, name=f"Session {session.id}")).to_be_visible()
    expect(page.get_by_text("Collège Anne Frank").first).to_be_visible()


def csv_file(tmp_path: Path, session: FinalizedSession) -> Path:
    first, second = (j["certificationNumber"] for j in session.joined)
    header = ";".join(["Numéro de certification", "Statut", "Score", *COMPETENCE_CODES])
    lines = [
        header,
        f"{second};Rejetée;35" + ";" * len(COMPETENCE_CODES),
        f"{first};Validée;9999;" + ";".join("2" for _ in COMPETENCE_CODES),
    ]
    path = tmp_path / "resultats-session.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_processing_a_session_from_assign_to_unfinalize(
    page: Page, web_stack: WebStack, screenshots: Screenshots, tmp_path: Path
) -> None:
    session = finalized_session(web_stack)
    first, second = session.pupils
    staff_login(page, web_stack)
    page.goto(f"{web_stack.web_url}/#/pix/sessions/{session.id}")
    expect(page.get_by_role("heading", level=1, name=f"Session {session.id}")).to_be_visible()
    expect(status_badge(page)).to_have_text("À traiter")
    # The finalization as the school sent it: candidates, abort reason, report, audit trail.
    joined = page.get_by_role("table", name=f"Candidats qui ont rejoint la session {session.id}")
    expect(joined).to_contain_text(full_name(second))
    expect(page.get_by_text("Problème technique").first).to_be_visible()
    report = page.locator(".report").first
    expect(report).to_contain_text("A1")
    expect(report).to_contain_text("Impactant")
    history = page.get_by_role("table", name="Historique", exact=False)
    expect(history).to_contain_text("Session finalisée")

    # « M'assigner la session », with the keyboard.
    page.get_by_role("heading", level=1).focus()
    tab_to(page, "M'assigner la session")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Vous traitez la session {session.id}.")).to_be_visible()
    expect(status_badge(page)).to_have_text("En cours de traitement")
    expect(page.get_by_test_id("assignee")).to_have_text("Camille Pix")

    # Publication refused: nothing entered, the report not resolved — said in French.
    page.get_by_role("button", name="Publier les résultats").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Publier les résultats").click()
    refusal = page.locator(".pix-actions__notice")
    expect(refusal).to_contain_text("ne peuvent pas encore être publiés")
    expect(refusal).to_contain_text(
        f"{first['firstName']} {first['lastName']} n'a pas de résultat."
    )
    expect(refusal).to_contain_text("Un signalement impactant n'est pas résolu.")
    expect(status_badge(page)).to_have_text("En cours de traitement")

    # Resolve the report.
    report.get_by_label("Résolution").fill("Problème matériel avéré : question neutralisée.")
    report.get_by_role("button", name="Résoudre").click()
    expect(report).to_contain_text("Résolu le")
    # The refusal is out of date now: it goes.
    expect(refusal).to_be_empty()

    # The first pupil's result typed in the table.
    name = full_name(first)
    page.get_by_label(f"Statut de {name}").select_option("VALIDATED")
    page.get_by_label(f"Score Pix de {name}").fill("512")
    for code in COMPETENCE_CODES:
        label = rf"^Niveau {re.escape(code)} \(.*\) de {re.escape(name)}$"
        page.get_by_label(re.compile(label)).fill("3")
    page.get_by_role("button", name="Enregistrer les résultats").click()
    expect(page.locator(".results-entry__feedback")).to_contain_text("1 résultat enregistré.")

    # The second pupil's by a CSV file, with a refused line (the score past 1024).
    page.get_by_label("Fichier CSV des résultats").set_input_files(str(csv_file(tmp_path, session)))
    page.get_by_role("button", name="Importer les résultats").click()
    feedback = page.locator(".results-import__feedback")
    expect(feedback).to_contain_text("1 résultat enregistré, 1 ligne en erreur")
    expect(feedback.get_by_role("table", name="Lignes en erreur (1)")).to_contain_text("3")
    expect(page.get_by_label(f"Statut de {full_name(second)}")).to_have_value("REJECTED")
    screenshots.take(page, "pix-session", full_page=True)

    # Publication accepted.
    page.get_by_role("button", name="Publier les résultats").click()
    page.get_by_role("dialog").get_by_role("button", name="Publier les résultats").click()
    published = page.get_by_text(f"Les résultats de la session {session.id} sont publiés.")
    expect(published).to_be_visible()
    expect(status_badge(page)).to_have_text("Résultats transmis")
    expect(page.get_by_role("button", name="Enregistrer les résultats")).to_have_count(0)
    # The validated pupil's verification code, a link to the public page.
    read_only = page.get_by_role("table", name=f"Résultats de la session {session.id}")
    expect(read_only.get_by_role("link", name=re.compile(r"^P-[0-9A-Z]{8}$"))).to_have_count(1)

    # Unpublish: confirmation, Échap first changes nothing.
    page.get_by_role("button", name="Dépublier").click()
    expect(page.get_by_role("dialog").get_by_role("button", name="Annuler")).to_be_focused()
    page.keyboard.press("Escape")
    expect(status_badge(page)).to_have_text("Résultats transmis")
    page.get_by_role("button", name="Dépublier").click()
    page.get_by_role("dialog").get_by_role("button", name="Dépublier").click()
    expect(status_badge(page)).to_have_text("En cours de traitement")

    # Unfinalize: the session goes back to the school.
    page.get_by_role("button", name="Définaliser la session").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("dans les 48 heures")
    dialog.get_by_role("button", name="Définaliser la session").click()
    expect(status_badge(page)).to_have_text("Créée")
    school = web_stack.call("GET", f"/sessions/{session.id}", ANNE_FRANK_ADMIN).json()
    assert school["status"] == "CREATED"


def test_a_session_being_processed_reads_finalisee_for_the_school(
    page: Page, web_stack: WebStack
) -> None:
    session = finalized_session(web_stack)
    assigned = web_stack.call("POST", f"/admin/sessions/{session.id}/assign", PIX_STAFF)
    assert assigned.status_code == 200, assigned.text
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session.id}")
    expect(page.locator(".session-header .status")).to_have_text("Finalisée")
    expect(page.get_by_text("En cours de traitement")).to_have_count(0)


def test_espace_pix_fits_phones_and_tablets_and_passes_axe(page: Page, web_stack: WebStack) -> None:
    session = finalized_session(web_stack)
    staff_login(page, web_stack)
    too_wide = []
    for width in (1280, 768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/pix", "/pix/retard", f"/pix/sessions/{session.id}"):
            page.goto(f"{web_stack.web_url}/#{path}")
            page.reload()
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            page.wait_for_load_state("networkidle")
            extra = horizontal_overflow(page)
            if extra > 0:
                too_wide.append(f"{path} at {width} px: {extra} px too wide")
            if width in (1280, 390):
                assert_no_axe_violations(page, f"{path} at {width} px")
    assert too_wide == []


def test_a_school_account_never_sees_espace_pix(page: Page, web_stack: WebStack) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    nav = page.get_by_role("navigation", name="Menu principal")
    expect(nav.get_by_role("link", name="Espace Pix")).to_have_count(0)
    page.goto(f"{web_stack.web_url}/#/pix")
    expect(page.get_by_role("heading", level=1, name="Sessions de certification")).to_be_visible()
