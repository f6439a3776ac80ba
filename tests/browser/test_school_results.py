"""The school's « Résultats » once Pix has published a session: by class, the results (CSV, a
spreadsheet opens it as it is) and the attestations (PDF); and the public page where anyone
checks an attestation's verification code (`#/verifier/P-XXXXXXXX`, the address the
attestations print)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    PIX_STAFF,
    Screenshots,
    WebStack,
    assert_no_axe_violations,
    horizontal_overflow,
    login,
    published_session,
)

pytestmark = pytest.mark.e2e


def verification_code(stack: WebStack, pupil: dict[str, Any], division: str) -> str:
    """The code printed on the pupil's attestation, as anyone holding it reads it."""
    from pypdf import PdfReader

    answer = stack.call(
        "GET",
        f"/centers/c-anne-frank/attestations?division={division}",
        ANNE_FRANK_ADMIN,
        headers={"Accept": "application/pdf"},
    )
    assert answer.status_code == 200, answer.text
    for page in PdfReader(io.BytesIO(answer.content)).pages:
        text = page.extract_text()
        if pupil["lastName"] in text and pupil["firstName"] in text:
            found = re.search(r"P-[0-9A-Z]{8}", text)
            assert found, text
            return found.group(0)
    raise AssertionError(f"no attestation for {pupil['lastName']} in {division}")


def test_the_school_downloads_a_class_results_and_attestations(
    page: Page, web_stack: WebStack, screenshots: Screenshots, tmp_path: Path
) -> None:
    session = published_session(web_stack, division="3E2")
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session.id}")
    expect(page.locator(".session-header .status")).to_have_text("Résultats transmis par Pix")
    page.get_by_role("link", name="Voir les résultats").click()
    expect(page.get_by_role("heading", level=2, name="Résultats")).to_be_visible()
    tabs = page.get_by_role("navigation", name="Onglets de la session")
    expect(tabs.get_by_role("link", name="Résultats")).to_have_attribute("aria-current", "page")
    item = page.locator("[data-division='3E2']")
    expect(item.get_by_role("heading", name="Classe 3E2")).to_be_visible()

    with page.expect_download() as csv_download:
        item.get_by_role("button", name=re.compile("Résultats \\(CSV\\)")).click()
    csv_path = tmp_path / "resultats.csv"
    csv_download.value.save_as(csv_path)
    assert csv_download.value.suggested_filename == "resultats-3E2.csv"
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Nom;Prénom;Date de naissance;Classe")
    assert session.pupils[0]["lastName"] in text
    expect(item.get_by_role("status")).to_have_text("Téléchargé : resultats-3E2.csv")

    with page.expect_download() as pdf_download:
        item.get_by_role("button", name=re.compile("Attestations \\(PDF\\)")).click()
    pdf_path = tmp_path / "attestations.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    screenshots.take(page, "school-results")

    # The keyboard reaches the downloads.
    page.get_by_role("heading", level=1).focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("Résultats (CSV)"):
            break
    else:
        raise AssertionError("« Résultats (CSV) » cannot be reached with Tab")


def test_results_withdrawn_by_pix_are_no_longer_offered(page: Page, web_stack: WebStack) -> None:
    session = published_session(web_stack, division="3E1")
    # Pix withdraws the results: the school reads « Finalisée » and no download.
    assert (
        web_stack.call("POST", f"/admin/sessions/{session.id}/unpublish", PIX_STAFF).status_code
        == 200
    )
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{session.id}/resultats")
    expect(page.get_by_text("n'ont pas encore été transmis par Pix")).to_be_visible()
    expect(page.locator(".session-header .status")).to_have_text("Finalisée")


def test_anyone_checks_a_verification_code(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    session = published_session(web_stack, division="3E3")
    code = verification_code(web_stack, session.pupils[0], "3E3")
    pupil = session.pupils[0]
    # No account: the footer's link, the code typed (in lower case, with spaces).
    page.goto(f"{web_stack.web_url}/#/connexion")
    page.get_by_role("link", name="Vérifier une certification").click()
    expect(
        page.get_by_role("heading", level=1, name="Vérifier une certification Pix")
    ).to_be_visible()
    page.get_by_label("Code de vérification").fill(f" {code.lower()} ")
    page.get_by_role("button", name="Vérifier").click()
    expect(page).to_have_url(re.compile(f"#/verifier/{code}$"))
    answer = page.locator(".verify__answer")
    expect(answer.get_by_role("heading", name="Certification Pix authentique")).to_be_visible()
    expect(answer).to_contain_text(pupil["lastName"])
    expect(answer).to_contain_text("512 pix")
    expect(answer).to_contain_text("1.1 Mener une recherche et une veille d'information")
    expect(answer).to_contain_text("5.2 Construire un environnement numérique")
    screenshots.take(page, "verification")
    assert_no_axe_violations(page, "verification page")

    # The address printed on the attestation opens the answer directly.
    page.goto(f"{web_stack.web_url}/#/verifier/{code}")
    expect(answer).to_contain_text(pupil["firstName"])

    for width in (768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.reload()
        expect(answer).to_be_visible()
        assert horizontal_overflow(page) == 0, f"verification page at {width} px"

    # Unknown, and withdrawn once Pix unpublishes.
    page.goto(f"{web_stack.web_url}/#/verifier/P-23456789")
    expect(page.get_by_role("heading", name="Certification introuvable")).to_be_visible()
    expect(
        page.get_by_text("Aucune certification Pix publiée ne correspond au code P-23456789")
    ).to_be_visible()
    web_stack.call("POST", f"/admin/sessions/{session.id}/unpublish", PIX_STAFF)
    page.goto(f"{web_stack.web_url}/#/verifier/{code}")
    expect(page.get_by_role("heading", name="Certification introuvable")).to_be_visible()


def test_the_results_tab_fits_phones_and_tablets(page: Page, web_stack: WebStack) -> None:
    session = published_session(web_stack, division="3E4")
    login(page, web_stack, ANNE_FRANK_ADMIN)
    for width in (1280, 768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{web_stack.web_url}/#/sessions/{session.id}/resultats")
        page.reload()
        expect(page.get_by_role("heading", level=2, name="Résultats")).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert horizontal_overflow(page) == 0, f"results tab at {width} px"
        if width != 768:
            assert_no_axe_violations(page, f"results tab at {width} px")
