"""« Rejoindre le centre » : the invitation's e-mail in the local mailbox, its link (a real
address, /rejoindre?invitation=…&code=…), a new account created there and signed in; an
existing account that signs in and accepts; signed in with another address; and every link
that cannot be used (wrong, cancelled, expired, already used), each said in plain French."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from playwright.sync_api import Page, Route, expect

from devstack.demo import DEMO_PASSWORD
from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    ANNE_FRANK_MEMBER,
    LECONTE_ADMIN,
    NEW_PASSWORD,
    Screenshots,
    WebStack,
    accept_as_new_account,
    assert_no_axe_violations,
    horizontal_overflow,
    invitation_path,
    invite,
    login,
    mail_to,
)

pytestmark = pytest.mark.e2e


def fresh_address(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4().hex[:8]}@example.fr"


def expect_join_page(page: Page, center: str, address: str, role: str) -> None:
    expect(page.get_by_role("heading", level=1, name="Rejoindre le centre")).to_be_visible()
    summary = page.locator(".join-center__summary")
    expect(summary).to_contain_text(center)
    expect(summary).to_contain_text(address)
    expect(summary).to_contain_text(role)


def test_an_invitation_by_email_to_a_new_account(
    page: Page, other_page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    address = fresh_address("nouvelle.prof")
    # The head teacher invites, on « Équipe ».
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.get_by_role("link", name="Équipe").click()
    page.get_by_label("Adresses e-mail").fill(address)
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.locator(".team__result")).to_contain_text("1 invitation envoyée")

    # The e-mail, in the local mailbox, carries the link.
    [message] = mail_to(web_stack, address)
    assert "Collège Anne Frank" in message["subject"] + message["text"]
    path = invitation_path(web_stack, address)
    assert re.fullmatch(r"/rejoindre\?invitation=[^&]+&code=[^&]+", path), path

    # The colleague opens it in their own browser and creates the account.
    other_page.goto(f"{web_stack.web_url}{path}")
    expect_join_page(other_page, "Collège Anne Frank", address, "Membre")
    expect(other_page.get_by_text("12 caractères au moins")).to_be_visible()
    screenshots.take(other_page, "join-center", full_page=True)
    for width in (1280, 768, 390):
        other_page.set_viewport_size({"width": width, "height": 800})
        assert horizontal_overflow(other_page) == 0, f"Rejoindre le centre at {width} px"
        assert_no_axe_violations(other_page, f"Rejoindre le centre at {width} px")
    other_page.set_viewport_size({"width": 1280, "height": 800})

    other_page.get_by_label("Prénom").fill("Nina")
    other_page.get_by_label("Nom", exact=True).fill("NOUVELLE")
    other_page.get_by_label("Choisissez un mot de passe").fill("court")
    other_page.get_by_label("Confirmez le mot de passe").fill("court")
    other_page.get_by_role("button", name="Créer mon compte et rejoindre le centre").click()
    # The pool's rule, said by the API beside the field; nothing is created.
    password_error = other_page.locator('[data-error-for="password"]').first
    expect(password_error).to_contain_text("12 caractères")
    expect(other_page.get_by_label("Choisissez un mot de passe")).to_have_attribute(
        "aria-invalid", "true"
    )
    other_page.get_by_label("Choisissez un mot de passe").fill(NEW_PASSWORD)
    other_page.get_by_label("Confirmez le mot de passe").fill(NEW_PASSWORD)
    other_page.get_by_role("button", name="Créer mon compte et rejoindre le centre").click()

    # Signed in at once, in the center; the link (and its code) left the address bar.
    expect(
        other_page.get_by_role("heading", level=1, name="Sessions de certification")
    ).to_be_visible()
    welcome = "Bienvenue : vous avez rejoint Collège Anne Frank."
    expect(other_page.locator("#contenu").get_by_text(welcome)).to_be_visible()
    expect(other_page.locator(".user__name")).to_have_text("Nina NOUVELLE")
    assert "code=" not in other_page.url and "/rejoindre" not in other_page.url

    # The account works with its own password, like any other.
    other_page.get_by_role("button", name="Se déconnecter").click()
    login(other_page, web_stack, address, NEW_PASSWORD)

    # The head teacher sees the new member; the invitation is no longer pending.
    page.reload()
    members = page.get_by_role("table", name="Membres de Collège Anne Frank")
    expect(members.locator("tbody tr", has_text=address)).to_contain_text("Membre")
    pending_title = page.get_by_role("heading", name=re.compile("Invitations en attente"))
    pending = page.locator("section", has=pending_title)
    expect(pending).not_to_contain_text(address)

    # The link served once: opened again, it says so.
    other_page.goto(f"{web_stack.web_url}{path}")
    expect(
        other_page.get_by_role("heading", level=1, name="Invitation déjà utilisée")
    ).to_be_visible()


def test_every_unusable_link_is_explained(page: Page, web_stack: WebStack) -> None:
    not_valid = "Lien d'invitation non valable"

    page.goto(f"{web_stack.web_url}/rejoindre")
    expect(page.get_by_role("heading", level=1, name=not_valid)).to_be_visible()

    wrong = invite(web_stack, fresh_address("mauvais.code"))
    page.goto(f"{web_stack.web_url}/rejoindre?invitation={wrong.id}&code=pas-le-bon-code")
    expect(page.get_by_role("heading", level=1, name=not_valid)).to_be_visible()
    expect(page.get_by_text("Vérifiez que vous avez ouvert le lien entier")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 800})
    assert horizontal_overflow(page) == 0
    assert_no_axe_violations(page, "lien non valable at 390 px")
    page.set_viewport_size({"width": 1280, "height": 800})

    cancelled = invite(web_stack, fresh_address("annulee"))
    answer = web_stack.call(
        "DELETE", f"/centers/c-anne-frank/invitations/{cancelled.id}", ANNE_FRANK_ADMIN
    )
    assert answer.status_code == 204, answer.text
    page.goto(f"{web_stack.web_url}{cancelled.path}")
    expect(page.get_by_role("heading", level=1, name="Invitation annulée")).to_be_visible()
    expect(page.get_by_text("Demandez à l'administrateur de votre établissement")).to_be_visible()

    used = invite(web_stack, fresh_address("deja.utilisee"))
    assert accept_as_new_account(web_stack, used, "Léa", "UTILISEE").status_code == 200
    page.goto(f"{web_stack.web_url}{used.path}")
    expect(page.get_by_role("heading", level=1, name="Invitation déjà utilisée")).to_be_visible()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()

    # Seven days cannot be waited for: the API's answer for an expired link is played.
    expired = invite(web_stack, fresh_address("expiree"))
    message = "Cette invitation a expiré."

    def expired_answer(route: Route) -> None:
        route.fulfill(
            status=410,
            content_type="application/json; charset=utf-8",
            headers={"Access-Control-Allow-Origin": web_stack.web_url},
            body=json.dumps({"code": "INVITATION_EXPIRED", "message": message}),
        )

    page.route(re.compile(rf".*/invitations/{re.escape(expired.id)}\?code=.*"), expired_answer)
    page.goto(f"{web_stack.web_url}{expired.path}")
    expect(page.get_by_role("heading", level=1, name="Invitation expirée")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.get_by_text("Une invitation est valable 7 jours.")).to_be_visible()


def test_signed_in_with_another_address_then_an_existing_account(
    page: Page, web_stack: WebStack
) -> None:
    # A teacher of Anne Frank (an account of their own) is invited to Leconte de Lisle too.
    address = fresh_address("deux.etablissements")
    first = invite(web_stack, address)
    assert accept_as_new_account(web_stack, first, "Paul", "DEUXLIEUX").status_code == 200
    second = invite(
        web_stack, address, "ADMIN", email=LECONTE_ADMIN, center_id="c-leconte-de-lisle"
    )

    # Opened while signed in as someone else: said, with a way out.
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}{second.path}")
    expect_join_page(page, "Lycée Leconte de Lisle", address, "Administrateur")
    expect(page.get_by_text(f"Vous utilisez le compte {ANNE_FRANK_ADMIN}")).to_be_visible()
    assert_no_axe_violations(page, "rejoindre, autre adresse")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", name="J'ai déjà un compte Pix Certif")).to_be_visible()
    assert page.url.endswith(second.path)

    # Signing in there with another account: the API refuses, the page says why.
    page.get_by_label("Adresse e-mail").fill(ANNE_FRANK_MEMBER)
    page.get_by_label("Mot de passe", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Me connecter et rejoindre le centre").click()
    expect(page.get_by_text(f"Vous utilisez le compte {ANNE_FRANK_MEMBER}")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    # The invited address signs in and accepts: the new center is there, chosen.
    expect(page.get_by_label("Adresse e-mail")).to_have_value(address)
    page.get_by_label("Mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Me connecter et rejoindre le centre").click()
    expect(page.get_by_role("heading", level=1, name="Sessions de certification")).to_be_visible()
    welcome = "Bienvenue : vous avez rejoint Lycée Leconte de Lisle."
    expect(page.locator("#contenu").get_by_text(welcome)).to_be_visible()
    switcher = page.get_by_label("Centre de certification")
    expect(switcher.locator("option:checked")).to_have_text("Lycée Leconte de Lisle")
    expect(switcher.locator("option")).to_have_count(2)
    web_stack.token(address, NEW_PASSWORD)
    roles = {
        m["centerName"]: m["role"]
        for m in web_stack.call("GET", "/me", address).json()["memberships"]
    }
    assert roles == {"Collège Anne Frank": "MEMBER", "Lycée Leconte de Lisle": "ADMIN"}
