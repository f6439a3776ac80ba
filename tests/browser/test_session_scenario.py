"""The issue's scenario, end to end in the browser: log in, create a session, enrol three
pupils, download the PV, two pupils let in by the invigilator join through the API (one
finishes), finalize with one
issue report and one PNG document, then the read-only state."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    Screenshots,
    WebStack,
    confirm_presence,
    login,
    session_id_from,
    today_in,
)

pytestmark = pytest.mark.e2e


def png_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 90), "white")
    ImageDraw.Draw(image).rectangle((10, 10, 150, 80), outline="navy", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_school_runs_a_session_from_creation_to_finalization(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    expect(page.locator("table caption")).to_contain_text("Sessions du Collège Anne Frank")

    # Create a session.
    page.get_by_role("link", name="Créer une session").first.click()
    expect(
        page.get_by_role("heading", name="Création d'une session de certification")
    ).to_be_visible()
    expect(page.get_by_label("Nom du site")).to_have_value("Collège Anne Frank")
    page.get_by_label("Nom de la salle").fill("Salle 208")
    page.get_by_label("Date de début").fill(today_in("Europe/Paris").isoformat())
    page.get_by_label("Heure de début (heure locale)").fill("14:00")
    page.get_by_label("Surveillant(s)").fill("Paul Eluard")
    page.get_by_label("Observations (optionnel)").fill("Salle au 2e étage, bâtiment B.")
    page.get_by_role("button", name="Créer la session").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Session \d+$"))).to_be_visible()
    session_id = session_id_from(page.url)
    expect(page.get_by_text("La session a été créée.")).to_be_visible()
    access_code = page.get_by_test_id("code-acces").inner_text().strip()
    assert re.fullmatch(r"[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}", access_code), access_code
    page.get_by_role("button", name="Copier le code d'accès").click()
    expect(page.get_by_text("Copié !")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == access_code
    expect(page.get_by_text(re.compile("sera à finaliser avant le"))).to_be_visible()
    screenshots.take(page, "session-details")

    # Enrol three pupils of two classes.
    page.get_by_role("link", name="Candidats (0)").click()
    expect(page.get_by_text("Ajouter une liste d'élèves et c'est parti !")).to_be_visible()
    page.get_by_role("link", name="Ajouter des candidats").click()
    expect(page.get_by_role("heading", name="Ajouter des candidats")).to_be_visible()
    page.get_by_label("3E2", exact=True).check()
    page.get_by_label("3E3", exact=True).check()
    rows = page.locator("table tbody tr")
    expect(rows.first.locator("td").nth(1)).to_have_text("3E2")
    expect(page.locator("tbody").get_by_text("3E1", exact=True)).to_have_count(0)
    boxes = page.locator("tbody input[type=checkbox]:not(:disabled)")
    for index in range(3):
        boxes.nth(index).check()
    expect(
        page.get_by_text("3 candidats sélectionnés | 0 candidat déjà ajouté à la session")
    ).to_be_visible()
    expect(page.get_by_label("Sélectionner tous les élèves de cette page")).not_to_be_checked()
    screenshots.take(page, "add-candidates")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_text("3 candidats ont été ajoutés.")).to_be_visible()
    expect(page.get_by_role("heading", name="Liste des candidats (3)")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(3)

    # Extra time for the third one.
    third = page.locator("table tbody tr").nth(2).locator("th").inner_text()
    page.locator("table tbody tr").nth(2).get_by_role(
        "button", name=re.compile("Modifier le temps majoré")
    ).click()
    page.get_by_label(re.compile(f"Temps majoré de {re.escape(third)}")).fill("33")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("table tbody tr").nth(2)).to_contain_text("33\u00a0%")

    # The attendance sheet and PV d'incident, as a PDF.
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Télécharger le PV").click()
    download = downloading.value
    assert download.suggested_filename == f"feuille-emargement-session-{session_id}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # Two pupils join through the API, once the invigilator has confirmed their presence; the
    # first one finishes.
    candidates = web_stack.call("GET", f"/sessions/{session_id}/candidates", ANNE_FRANK_ADMIN)
    assert candidates.status_code == 200, candidates.text
    pupils = candidates.json()["items"]
    joined = []
    for pupil in pupils[:2]:
        confirm_presence(web_stack, session_id, pupil["id"])
        answer = web_stack.call(
            "POST",
            f"/sessions/{session_id}/join",
            json={
                "accessCode": access_code,
                "lastName": pupil["lastName"].lower(),
                "firstName": pupil["firstName"],
                "birthdate": pupil["birthdate"],
            },
        )
        assert answer.status_code == 200, answer.text
        joined.append(answer.json())
    done = web_stack.call(
        "POST",
        f"/courses/{joined[0]['certificationNumber']}/complete",
        headers={"Authorization": f"Bearer {joined[0]['courseToken']}"},
    )
    assert done.status_code == 200, done.text
    finished = f"{pupils[0]['lastName']} {pupils[0]['firstName']}"
    unfinished = f"{pupils[1]['lastName']} {pupils[1]['firstName']}"

    # A pupil who joined cannot be removed; the others can.
    page.reload()
    trash = page.get_by_role("button", name=f"Supprimer {finished} de la session")
    expect(trash).to_have_attribute("aria-disabled", "true")
    expect(trash).to_have_accessible_description(
        "Ce candidat a déjà rejoint la session. Vous ne pouvez pas le supprimer."
    )
    last = f"{pupils[2]['lastName']} {pupils[2]['firstName']}"
    expect(
        page.get_by_role("button", name=f"Supprimer {last} de la session")
    ).not_to_have_attribute("aria-disabled", "true")
    expect(page.locator("table tbody tr").first).to_contain_text("Terminé")
    screenshots.take(page, "candidates")

    # The details now offer "Finaliser la session", with the deadline.
    page.get_by_role("link", name="Détails").click()
    expect(page.get_by_text(re.compile("À finaliser avant le"))).to_be_visible()
    expect(page.get_by_role("link", name="Modifier")).to_have_count(0)
    page.get_by_role("link", name="Finaliser la session").click()
    expect(
        page.get_by_role("heading", level=1, name=f"Finaliser la session {session_id}")
    ).to_be_visible()
    step_one = page.locator("section", has=page.get_by_role("heading", name=re.compile("Étape 1")))
    expect(step_one.locator("tbody tr")).to_have_count(2)

    # Step 1: an issue report, the end screens, the abort reason.
    page.get_by_role("button", name=f"Ajouter un signalement pour {finished}").click()
    dialog = page.get_by_role("dialog", name="Signalement du candidat")
    expect(dialog).to_be_visible()
    dialog.get_by_label(re.compile("E1-E7")).check()
    expect(dialog.get_by_label("Type de problème")).to_be_visible()
    expect(dialog.get_by_label("Numéro de la question")).to_be_visible()
    dialog.get_by_role("button", name="Valider").click()
    expect(dialog.get_by_text("Veuillez préciser le type de signalement.")).to_be_visible()
    expect(dialog.get_by_text("Veuillez indiquer le numéro de la question.")).to_be_visible()
    dialog.get_by_label(re.compile("A1")).check()
    expect(dialog.get_by_label("Numéro de la question")).to_have_count(0)
    dialog.get_by_label(re.compile("E1-E7")).check()
    dialog.get_by_label("Type de problème").select_option("IMAGE_NOT_DISPLAYING")
    dialog.get_by_label("Numéro de la question").fill("12")
    dialog.get_by_role("button", name="Valider").click()
    expect(dialog).to_have_count(0)
    expect(step_one).to_contain_text("E1 — L'image ne s'affiche pas (question 12)")

    page.get_by_label(re.compile("^Écran de fin du test vu \\(cocher")).check()
    expect(page.get_by_label(f"Écran de fin du test vu pour {finished}")).to_be_checked()
    expect(page.get_by_label(f"Écran de fin du test vu pour {unfinished}")).to_be_checked()

    # "Valider" without the abort reason: checked before any confirmation, the contract's
    # message beside the select.
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(
        page.get_by_text(f"{pupils[1]['firstName']} {pupils[1]['lastName']} n'a pas terminé")
    ).to_be_visible()
    abort = page.get_by_label(f"Raison de l'abandon de {unfinished}")
    expect(abort).to_have_attribute("aria-invalid", "true")
    abort.select_option("TECHNICAL")

    # Step 2: a PNG, sent straight to S3 (moto), then checked by the verifier.
    page.get_by_label("Choisir des fichiers").set_input_files(
        files=[FilePayload(name="capture-ecran.png", mimeType="image/png", buffer=png_bytes())]
    )
    documents = page.locator("section", has=page.get_by_role("heading", name=re.compile("Étape 2")))
    expect(documents.get_by_text("capture-ecran.png")).to_be_visible()
    expect(documents.get_by_text("Disponible")).to_be_visible(timeout=45_000)
    expect(documents.get_by_role("link", name=re.compile("Télécharger"))).to_be_visible()

    # Step 3: the comment and its counter; the draft is saved as the user goes ("Sauvegarder"
    # saves it at once).
    page.get_by_label(re.compile("Je souhaite signaler un ou plusieurs incident")).check()
    comment = "Coupure du réseau de 10 minutes vers 14h30."
    page.get_by_label("Commentaire global sur la session").fill(comment)
    expect(page.get_by_text(f"{len(comment)} / 500")).to_be_visible()
    page.get_by_role("button", name="Sauvegarder").click()
    expect(page.get_by_text(re.compile(r"Brouillon enregistré à \d\d:\d\d"))).to_be_visible()
    saved = web_stack.call("GET", f"/sessions/{session_id}/finalization", ANNE_FRANK_ADMIN).json()
    assert saved["examinerGlobalComment"] == comment
    assert saved["hasIncident"] is True
    screenshots.take(page, "finalization", full_page=True)

    # "Valider": a summary to confirm, then the session is finalized and read-only.
    page.get_by_role("button", name="Valider").click()
    confirmation = page.get_by_role("dialog", name=f"Finaliser la session {session_id} ?")
    expect(confirmation).to_be_visible()
    screenshots.take(page, "finalization-confirmation")
    confirmation.get_by_role("button", name="Confirmer la finalisation").click()
    expect(page.get_by_text("La session a été finalisée. Merci !")).to_be_visible()
    expect(
        page.get_by_role("heading", level=1, name=f"Finalisation de la session {session_id}")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Valider")).to_have_count(0)
    expect(page.get_by_role("button", name="Sauvegarder")).to_have_count(0)
    expect(page.get_by_label(f"Raison de l'abandon de {unfinished}")).to_be_disabled()
    expect(page.get_by_label("Commentaire global sur la session")).to_be_disabled()
    expect(page.get_by_role("button", name=re.compile("Ajouter un signalement"))).to_have_count(0)
    expect(page.get_by_label("Choisir des fichiers")).to_have_count(0)
    expect(page.get_by_text("E1 — L'image ne s'affiche pas (question 12)")).to_be_visible()

    session = web_stack.call("GET", f"/sessions/{session_id}", ANNE_FRANK_ADMIN).json()
    assert session["status"] == "FINALIZED"
    final = web_stack.call("GET", f"/sessions/{session_id}/finalization", ANNE_FRANK_ADMIN).json()
    by_id = {c["candidateId"]: c for c in final["candidates"]}
    assert by_id[joined[1]["candidateId"]]["abortReason"] == "TECHNICAL"
    assert all(c["hasSeenEndTestScreen"] for c in final["candidates"])
    reports = by_id[joined[0]["candidateId"]]["issueReports"]
    assert [(r["category"], r["subcategory"], r["questionNumber"]) for r in reports] == [
        ("IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", 12)
    ]
    attachments = web_stack.call("GET", f"/sessions/{session_id}/attachments", ANNE_FRANK_ADMIN)
    assert [(a["fileName"], a["status"]) for a in attachments.json()["items"]] == [
        ("capture-ecran.png", "AVAILABLE")
    ]

    # The details page shows the finalized state, without "Modifier" nor "Finaliser".
    page.get_by_role("link", name=f"Retour à la session {session_id}").click()
    expect(page.get_by_text(re.compile("^Session finalisée le"))).to_be_visible()
    expect(page.get_by_role("link", name="Finaliser la session")).to_have_count(0)
    expect(page.get_by_role("link", name="Voir la finalisation")).to_be_visible()

    # The list shows the finalized session beside the demo one, still to finalize.
    page.get_by_role("link", name="Sessions de certification", exact=True).click()
    row = page.locator("tbody tr", has=page.get_by_role("link", name=f"Session {session_id}"))
    expect(row).to_contain_text("Finalisée")
    expect(row).to_contain_text("3 inscrits")
    screenshots.take(page, "sessions")


def test_roster_import_shows_the_summary_and_the_line_errors(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.get_by_role("link", name="Élèves").click()
    expect(page.get_by_role("heading", level=1, name="Élèves")).to_be_visible()
    page.get_by_role("link", name="Importer la liste des élèves").click()
    expect(
        page.get_by_role("heading", level=1, name="Importer la liste des élèves")
    ).to_be_visible()
    roster = (
        "Nom de naissance;Prénom;Date de naissance;Classe;INE\n"
        "MARTIN;Jeanne;12/03/2011;3E5;123456789AB\n"
        "DURAND;;2011-02-30;3E5;\n"
        "PETIT;Hugo;05/09/2010;3E5;\n"
    ).encode()
    page.get_by_label("Choisir le fichier des élèves").set_input_files(
        files=[FilePayload(name="eleves.csv", mimeType="text/csv", buffer=roster)]
    )
    expect(page.get_by_text("Fichier choisi : eleves.csv")).to_be_visible()
    page.get_by_role("button", name="Importer").click()
    result = page.locator("section", has=page.get_by_role("heading", name="Résultat de l'import"))
    expect(result).to_be_visible()
    expect(result.locator(".figures__item", has_text="Élèves ajoutés").locator("dd")).to_have_text(
        "2"
    )
    errors = result.get_by_role("table", name=re.compile("Lignes en erreur"))
    expect(errors.locator("tbody tr").first.locator("th")).to_have_text("3")
    expect(errors).to_contain_text("le prénom est obligatoire")
    screenshots.take(page, "roster-import", full_page=True)

    # A file of another type is refused before anything is sent.
    page.get_by_label("Choisir le fichier des élèves").set_input_files(
        files=[FilePayload(name="eleves.txt", mimeType="text/plain", buffer=b"x")]
    )
    page.get_by_role("button", name="Importer").click()
    expect(
        page.get_by_text("Seuls les fichiers XML (SIECLE), ZIP et CSV sont acceptés.").first
    ).to_be_visible()
