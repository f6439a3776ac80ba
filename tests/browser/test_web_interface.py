"""The web front end's behaviour beyond the scenario: messages, keyboard, labels, isolation
between schools, escaping, tokens, first login and the center switcher."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from devstack.demo import DEMO_PASSWORD
from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    LECONTE_ADMIN,
    Screenshots,
    WebStack,
    login,
    tomorrow_in,
)

pytestmark = pytest.mark.e2e

# Every form control has an accessible name (a <label for>, aria-label or aria-labelledby),
# every button a name, every table a caption; the page is in French.
ACCESSIBILITY_AUDIT = """() => {
  const problems = [];
  const describe = (el) => el.outerHTML.slice(0, 140);
  if (document.documentElement.lang !== "fr") problems.push("html lang is not fr");
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden") continue;
    const labels = el.labels ? [...el.labels] : [];
    const named = labels.some((l) => l.textContent.trim())
      || (el.getAttribute("aria-label") || "").trim()
      || (el.getAttribute("aria-labelledby") || "").trim();
    if (!named) problems.push("control without a label: " + describe(el));
  }
  for (const el of document.querySelectorAll("button, a[href]")) {
    const name = (el.getAttribute("aria-label") || el.textContent || "").trim();
    if (!name) problems.push("button or link without a name: " + describe(el));
  }
  for (const table of document.querySelectorAll("table")) {
    if (!table.querySelector("caption") || !table.caption.textContent.trim()) {
      problems.push("table without a caption: " + describe(table));
    }
  }
  const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (duplicates.length) problems.push("duplicate ids: " + duplicates.join(", "));
  if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  return problems;
}"""


def audit(page: Page, where: str) -> None:
    problems = page.evaluate(ACCESSIBILITY_AUDIT)
    assert problems == [], f"{where}: {problems}"


def create_session(stack: WebStack, email: str, center_id: str, **fields: str) -> dict[str, Any]:
    body = {
        "address": "Collège Anne Frank",
        "room": "Salle 12",
        "date": tomorrow_in("Europe/Paris").isoformat(),
        "time": "09:00",
        "examiner": "Mme Curie",
        **fields,
    }
    answer = stack.call("POST", f"/centers/{center_id}/sessions", email, json=body)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_a_wrong_password_shows_the_french_message(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    page.goto(web_stack.web_url)
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_visible()
    screenshots.take(page, "login")
    page.get_by_label("Adresse e-mail").fill(ANNE_FRANK_ADMIN)
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Je me connecte").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("L'adresse e-mail et/ou le mot de passe saisis sont incorrects.")
    expect(page.get_by_label("Mot de passe")).to_have_value("")
    assert page.evaluate("sessionStorage.getItem('certif.idToken')") is None


def test_validation_messages_appear_beside_their_fields(page: Page, web_stack: WebStack) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.get_by_role("link", name="Créer une session").first.click()
    page.get_by_label("Nom du site").fill("   ")
    page.get_by_label("Heure de début (heure locale)").fill("")
    page.get_by_role("button", name="Créer la session").click()
    expected = {
        "Nom du site": "Veuillez indiquer un nom de site.",
        "Nom de la salle": "Veuillez indiquer un nom de salle.",
        "Date de début": "Veuillez indiquer une date de début.",
        "Heure de début (heure locale)": "Veuillez indiquer une heure de début.",
        "Surveillant(s)": "Veuillez indiquer le nom et prénom du ou des surveillants.",
    }
    for label, message in expected.items():
        control = page.get_by_label(label, exact=True)
        expect(control).to_have_attribute("aria-invalid", "true")
        # The message is in the field's own block, and read with the control.
        block = page.locator(".field", has=control)
        expect(block.locator(".field__error")).to_have_text(message)
        expect(control).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.get_by_role("alert")).to_have_text(
        "Certaines informations sont manquantes ou invalides."
    )
    # The first faulty field has the focus.
    expect(page.get_by_label("Nom du site", exact=True)).to_be_focused()

    # A date in the past: the contract's rule, beside the date.
    page.get_by_label("Nom du site").fill("Collège Anne Frank")
    page.get_by_label("Nom de la salle").fill("Salle 1")
    page.get_by_label("Date de début").fill("2020-12-14")
    page.get_by_label("Heure de début (heure locale)").fill("12:00")
    page.get_by_label("Surveillant(s)").fill("Paul Eluard")
    page.get_by_role("button", name="Créer la session").click()
    date_block = page.locator(".field", has=page.get_by_label("Date de début"))
    expect(date_block.locator(".field__error")).to_have_text(
        "Une session ne peut pas être programmée dans le passé."
    )

    # "Annuler" goes back without creating anything.
    before = web_stack.call("GET", "/centers/c-anne-frank/sessions", ANNE_FRANK_ADMIN).json()[
        "total"
    ]
    page.get_by_role("link", name="Annuler").click()
    expect(page.get_by_role("heading", level=1, name="Sessions de certification")).to_be_visible()
    after = web_stack.call("GET", "/centers/c-anne-frank/sessions", ANNE_FRANK_ADMIN).json()[
        "total"
    ]
    assert after == before


def test_keyboard_only_login_with_a_visible_focus(page: Page, web_stack: WebStack) -> None:
    page.goto(f"{web_stack.web_url}/#/connexion")
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_visible()
    # The screen's title has the focus: Tab goes to the first field, Shift+Tab to the skip link.
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_focused()
    page.keyboard.press("Tab")
    email = page.get_by_label("Adresse e-mail")
    expect(email).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Tab")
    expect(email).to_be_focused()
    outline = email.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert outline.split()[0] != "none" and outline.split()[1] != "0px", outline
    page.keyboard.type(ANNE_FRANK_ADMIN)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type("Certif-Demo-2026!")
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1, name="Sessions de certification")
    expect(heading).to_be_visible()
    # The new screen's title has the focus: screen readers announce where the user is.
    expect(heading).to_be_focused()
    # Then Tab reaches the session links, and Enter opens one.
    for _ in range(12):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if re.fullmatch(r"#/sessions/\d+", href):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Session \d+$"))).to_be_visible()


def test_every_control_has_a_label_on_every_screen(page: Page, web_stack: WebStack) -> None:
    page.goto(f"{web_stack.web_url}/#/connexion")
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_visible()
    audit(page, "connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()
    audit(page, "mot de passe oublié")

    login(page, web_stack, ANNE_FRANK_ADMIN)
    # The demo session started this morning: every screen of a session has content.
    demo = next(
        s
        for s in web_stack.call(
            "GET", "/centers/c-anne-frank/sessions?pageSize=100", ANNE_FRANK_ADMIN
        ).json()["items"]
        if s["description"].startswith("Session de démonstration")
    )
    fresh = create_session(web_stack, ANNE_FRANK_ADMIN, "c-anne-frank")
    screens = [
        ("#/sessions", "Sessions de certification"),
        ("#/sessions/nouvelle", "Création d'une session de certification"),
        (f"#/sessions/{fresh['id']}", f"Session {fresh['id']}"),
        (f"#/sessions/{fresh['id']}/modifier", f"Modification de la session {fresh['id']}"),
        (f"#/sessions/{demo['id']}/candidats", f"Session {demo['id']}"),
        (f"#/sessions/{demo['id']}/candidats/ajouter", "Ajouter des candidats"),
        (f"#/sessions/{demo['id']}/finalisation", f"Finaliser la session {demo['id']}"),
        ("#/eleves", "Élèves"),
        ("#/eleves/import", "Importer la liste des élèves"),
        ("#/equipe", "Équipe"),
    ]
    for hash_path, title in screens:
        page.goto(f"{web_stack.web_url}/{hash_path}")
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        page.wait_for_load_state("networkidle")
        audit(page, hash_path)

    # The extra-time editor, the issue-report dialog (for each category) and a confirmation.
    page.goto(f"{web_stack.web_url}/#/sessions/{demo['id']}/candidats")
    page.get_by_role("button", name=re.compile("Modifier le temps majoré")).first.click()
    audit(page, "temps majoré")
    page.goto(f"{web_stack.web_url}/#/sessions/{demo['id']}/finalisation")
    page.get_by_role("button", name=re.compile("Ajouter un signalement")).first.click()
    dialog = page.get_by_role("dialog", name="Signalement du candidat")
    for code in ("C1-C2", "C3-C4", "C5", "C6", "E1-E7", "A1", "A2"):
        dialog.get_by_label(re.compile(f"^{code} ")).check()
        audit(page, f"signalement {code}")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    # The demo's tests still « En cours » need a reason before « Valider » opens its summary.
    for reason in page.get_by_label(re.compile("^Raison de l'abandon de ")).all():
        reason.select_option("TECHNICAL")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    audit(page, "confirmation")


def test_another_schools_session_is_not_found(page: Page, web_stack: WebStack) -> None:
    theirs = create_session(web_stack, ANNE_FRANK_ADMIN, "c-anne-frank", room="Salle secrète")
    login(page, web_stack, LECONTE_ADMIN)
    for path in ("", "/candidats", "/finalisation"):
        page.goto(f"{web_stack.web_url}/#/sessions/{theirs['id']}{path}")
        expect(page.get_by_text("Cette session de certification est introuvable.")).to_be_visible()
        expect(page.get_by_text("Salle secrète")).to_have_count(0)


def test_a_link_opened_signed_out_leads_there_after_signing_in(
    page: Page, web_stack: WebStack
) -> None:
    # Given the link of a 48-hour e-mail, opened by an admin who is not signed in
    session = create_session(web_stack, ANNE_FRANK_ADMIN, "c-anne-frank", room="Salle du lien")
    page.goto(f"{web_stack.web_url}/#/sessions/{session['id']}/finalisation")
    expect(page.get_by_role("heading", level=1, name="Connectez-vous")).to_be_visible()

    # When they sign in
    page.get_by_label("Adresse e-mail").fill(ANNE_FRANK_ADMIN)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Je me connecte").click()

    # Then they are on the page the link named, not on the list of sessions
    expect(page).to_have_url(re.compile(rf"#/sessions/{session['id']}/finalisation$"))


def test_a_sign_in_never_leads_off_the_site(page: Page, web_stack: WebStack) -> None:
    page.goto(f"{web_stack.web_url}/#/connexion?suite=%2F%2Fevil.example%2Fx")
    page.get_by_label("Adresse e-mail").fill(ANNE_FRANK_ADMIN)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Je me connecte").click()
    expect(page.get_by_role("heading", level=1, name="Sessions de certification")).to_be_visible()
    assert page.url.startswith(web_stack.web_url)


def test_api_strings_are_shown_as_text_never_run(page: Page, web_stack: WebStack) -> None:
    payload = '<img src=x onerror="window.__pwned = 1">'
    created = create_session(
        web_stack,
        ANNE_FRANK_ADMIN,
        "c-anne-frank",
        examiner=payload,
        description=f"<b>{payload}</b>",
    )
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{created['id']}")
    expect(page.get_by_text(payload, exact=True)).to_be_visible()
    page.goto(f"{web_stack.web_url}/#/sessions")
    expect(page.get_by_role("cell", name=payload, exact=True).first).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img").count() == 0


def test_an_expired_id_token_is_refreshed(page: Page, web_stack: WebStack) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.evaluate("sessionStorage.setItem('certif.idToken', 'expiré.ou.falsifié')")
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Sessions de certification")).to_be_visible()
    token = page.evaluate("sessionStorage.getItem('certif.idToken')")
    assert token and token.count(".") == 2 and token != "expiré.ou.falsifié"

    # Without a usable refresh token either: back to the login screen, with a message.
    page.evaluate(
        "sessionStorage.setItem('certif.idToken', 'x.y.z');"
        "sessionStorage.setItem('certif.refreshToken', 'invalide')"
    )
    page.reload()
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_visible()
    expect(page.get_by_text("Votre session a expiré : veuillez vous reconnecter.")).to_be_visible()


def test_first_login_asks_for_a_new_password_then_offers_the_center_switcher(
    page: Page, web_stack: WebStack
) -> None:
    email = "double.rattachement@anne-frank.test"
    for center in ("c-anne-frank", "c-leconte-de-lisle"):
        web_stack.certif_admin(
            "create-user", "--email", email, "--first-name", "Lucie", "--last-name", "Aubrac",
            "--center", center, "--temporary-password", "Provisoire-2026!",
        )  # fmt: skip
    page.goto(f"{web_stack.web_url}/#/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill("Provisoire-2026!")
    page.get_by_role("button", name="Je me connecte").click()
    expect(page.get_by_role("heading", name="Choisissez votre mot de passe")).to_be_visible()
    page.get_by_label("Nouveau mot de passe").fill("Nouveau-Secret-2026!")
    page.get_by_label("Confirmez le mot de passe").fill("Autre-Chose-2026!")
    page.get_by_role("button", name="Enregistrer et me connecter").click()
    expect(page.get_by_text("Les deux mots de passe ne sont pas identiques.")).to_be_visible()
    page.get_by_label("Confirmez le mot de passe").fill("Nouveau-Secret-2026!")
    page.get_by_role("button", name="Enregistrer et me connecter").click()
    expect(page.get_by_role("heading", level=1, name="Sessions de certification")).to_be_visible()

    switcher = page.get_by_label("Centre de certification")
    expect(switcher).to_have_value("c-anne-frank")
    expect(page.locator("table caption")).to_contain_text("Collège Anne Frank")
    switcher.select_option(label="Lycée Leconte de Lisle")
    expect(page.locator("table caption")).to_contain_text("Lycée Leconte de Lisle")
    # The new password works for the API too.
    answer = requests.post(
        f"{web_stack.api_url}/auth/login",
        json={"email": email, "password": "Nouveau-Secret-2026!"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text


def test_the_api_accepts_the_web_origin_only(web_stack: WebStack) -> None:
    """CORS as `make run` configures it: the browser's preflight, and the header on errors."""
    preflight = requests.options(
        f"{web_stack.api_url}/sessions/1",
        headers={
            "Origin": web_stack.web_url,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization,content-type,if-match",
        },
        timeout=10,
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == web_stack.web_url
    assert "PATCH" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-Match" in preflight.headers["Access-Control-Allow-Headers"]
    refused = requests.get(
        f"{web_stack.api_url}/me", headers={"Origin": web_stack.web_url}, timeout=10
    )
    assert refused.status_code == 401
    assert refused.headers["Access-Control-Allow-Origin"] == web_stack.web_url
    assert "X-Request-Id" in refused.headers["Access-Control-Expose-Headers"]
