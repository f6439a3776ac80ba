"""« Équipe » : an ADMIN sees the members with the actions (change a role, remove, invite,
resend, cancel) and is told when the center would lose its last ADMIN; a MEMBER sees the same
list without a single button, and no invitations. Keyboard only, axe-core, 390 px."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    ANNE_FRANK_MEMBER,
    NEW_PASSWORD,
    Screenshots,
    WebStack,
    a_center_of_its_own,
    accept_as_new_account,
    assert_no_axe_violations,
    horizontal_overflow,
    invitation_path,
    invite,
    login,
    mail_to,
)

pytestmark = pytest.mark.e2e

LAST_ADMIN = "Le centre doit garder au moins un administrateur."


def open_team(page: Page) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Équipe").click()
    expect(page.get_by_role("heading", level=1, name="Équipe")).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"^Membres \(\d+\)$"))
    ).to_be_visible()


def section(page: Page, title: str) -> Locator:
    """The card whose h2 starts with `title` (« Membres », « Invitations en attente »…)."""
    heading = page.get_by_role("heading", level=2, name=re.compile(f"^{re.escape(title)}"))
    return page.locator("section", has=heading)


def members_table(page: Page) -> Locator:
    return page.get_by_role("table", name="Membres de Collège Anne Frank")


def test_an_admin_sees_the_team_with_its_actions(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    open_team(page)
    table = members_table(page)
    admin_row = table.locator("tbody tr", has_text=ANNE_FRANK_ADMIN)
    member_row = table.locator("tbody tr", has_text=ANNE_FRANK_MEMBER)
    expect(admin_row).to_contain_text("Administrateur")
    expect(admin_row).to_contain_text("(vous)")
    expect(member_row).to_contain_text("Membre")
    expect(
        member_row.get_by_role("button", name=re.compile("^Changer le rôle de "))
    ).to_be_visible()
    expect(
        member_row.get_by_role("button", name=re.compile("^Retirer .* de l'équipe$"))
    ).to_be_visible()
    # Oneself: no « Retirer », but « Quitter le centre » below.
    expect(admin_row.get_by_role("button", name=re.compile("^Retirer"))).to_have_count(0)
    expect(page.get_by_role("heading", level=2, name="Inviter des personnes")).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"^Invitations en attente"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Quitter le centre")).to_be_visible()
    screenshots.take(page, "team")

    for width in (1280, 768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        assert horizontal_overflow(page) == 0, f"Équipe at {width} px"
        assert_no_axe_violations(page, f"Équipe (ADMIN) at {width} px")


def test_the_last_admin_is_told_what_to_do_keyboard_only(page: Page, web_stack: WebStack) -> None:
    """A center with one ADMIN: demoting them or letting them leave is refused (409
    LAST_ADMIN), and the screen says so where the action was made."""
    center = a_center_of_its_own(web_stack)
    login(page, web_stack, center.admin, NEW_PASSWORD)
    open_team(page)
    own_row = page.get_by_role("table", name=f"Membres de {center.name}").locator("tbody tr")
    expect(own_row).to_have_count(1)
    change = own_row.get_by_role("button", name=re.compile("^Changer le rôle de "))
    change.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Changer mon rôle")
    expect(dialog).to_be_visible()
    # The focus is on the checked role; the arrows choose the other one.
    expect(dialog.get_by_role("radio", name="Administrateur")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(dialog.get_by_role("radio", name="Membre")).to_be_checked()
    assert_no_axe_violations(page, "Changer mon rôle")
    # Tab goes round inside the dialog.
    for _ in range(6):
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('dialog').contains(document.activeElement)")
    dialog.get_by_role("button", name="Enregistrer le rôle").focus()
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("alert")).to_contain_text(LAST_ADMIN)
    expect(dialog.get_by_role("alert")).to_contain_text("Nommez d'abord un autre administrateur")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(change).to_be_focused()
    expect(own_row).to_contain_text("Administrateur")

    leave = page.get_by_role("button", name="Quitter le centre")
    leave.focus()
    page.keyboard.press("Enter")
    confirm = page.get_by_role("dialog", name=f"Quitter {center.name} ?")
    # Leaving cannot be undone by oneself: the focus starts on « Rester ».
    expect(confirm.get_by_role("button", name="Rester")).to_be_focused()
    confirm.get_by_role("button", name="Quitter le centre").click()
    expect(confirm).to_have_count(0)
    refusal = section(page, "Quitter le centre").get_by_role("alert")
    expect(refusal).to_contain_text(LAST_ADMIN)
    expect(leave).to_be_focused()
    # Still the center's ADMIN, still on the screen.
    expect(page.get_by_role("heading", level=1, name="Équipe")).to_be_visible()
    web_stack.token(center.admin, NEW_PASSWORD)
    members = web_stack.call("GET", f"/centers/{center.id}/members", center.admin)
    assert [m["role"] for m in members.json()["items"]] == ["ADMIN"]


def test_a_member_sees_the_list_without_any_action(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    login(page, web_stack, ANNE_FRANK_MEMBER)
    open_team(page)
    table = members_table(page)
    expect(table.locator("tbody tr", has_text=ANNE_FRANK_ADMIN)).to_contain_text("Administrateur")
    expect(table.locator("tbody tr", has_text=ANNE_FRANK_MEMBER)).to_contain_text("(vous)")
    expect(table.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("heading", name="Inviter des personnes")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("Invitations en attente"))).to_have_count(0)
    expect(page.get_by_text("Seul un administrateur du centre peut inviter")).to_be_visible()
    # Leaving is anyone's right.
    expect(page.get_by_role("button", name="Quitter le centre")).to_be_visible()
    screenshots.take(page, "team-member")
    for width in (1280, 768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        assert horizontal_overflow(page) == 0, f"Équipe (MEMBER) at {width} px"
        assert_no_axe_violations(page, f"Équipe (MEMBER) at {width} px")


def test_an_admin_invites_resends_and_cancels(page: Page, web_stack: WebStack) -> None:
    tag = uuid.uuid4().hex[:8]
    first, second = f"prof.{tag}.a@anne-frank.test", f"prof.{tag}.b@anne-frank.test"
    login(page, web_stack, ANNE_FRANK_ADMIN)
    open_team(page)
    # Several addresses, commas, semicolons and lines mixed; a member's address is skipped.
    page.get_by_label("Adresses e-mail").fill(f"{first};\n{second}, {ANNE_FRANK_MEMBER}\n{first}")
    page.get_by_role("group", name="Rôle des personnes invitées").get_by_label("Membre").check()
    page.get_by_role("button", name="Envoyer les invitations").click()
    result = page.locator(".team__result")
    expect(result).to_contain_text("2 invitations envoyées")
    expect(result).to_contain_text(f"{first}, {second}")
    expect(result).to_contain_text("déjà membre du centre (aucun e-mail envoyé)")
    expect(result).to_contain_text(ANNE_FRANK_MEMBER)
    expect(page.get_by_label("Adresses e-mail")).to_have_value("")
    pending = page.get_by_role("table", name="Invitations envoyées, pas encore acceptées")
    expect(pending.locator("tbody tr", has_text=first)).to_contain_text("Membre")
    # The e-mails went out: each address has its link.
    assert invitation_path(web_stack, first).startswith("/rejoindre?invitation=")
    sent_before = len(mail_to(web_stack, second))

    resend = page.get_by_role("button", name=f"Renvoyer l'invitation à {second}")
    resend.click()
    pending_notice = section(page, "Invitations en attente").locator(".team__notice")
    expect(pending_notice).to_contain_text(f"Invitation renvoyée à {second}")
    expect(resend).to_be_focused()
    assert len(mail_to(web_stack, second)) == sent_before + 1

    page.get_by_role("button", name=f"Annuler l'invitation à {first}").click()
    dialog = page.get_by_role("dialog", name=f"Annuler l'invitation de {first} ?")
    assert_no_axe_violations(page, "Annuler l'invitation")
    dialog.get_by_role("button", name="Annuler l'invitation").click()
    expect(pending_notice).to_contain_text(f"L'invitation de {first} est annulée.")
    expect(pending.locator("tbody tr", has_text=first)).to_have_count(0)
    expect(pending.locator("tbody tr", has_text=second)).to_have_count(1)

    # The center's audit trail, newest first, says who did it.
    page.reload()
    trail = page.get_by_role("region", name="Actions enregistrées, les plus récentes d'abord")
    newest = trail.locator("tbody tr").first
    expect(newest).to_contain_text(f"Invitation de {first} annulée")
    expect(newest).to_contain_text(ANNE_FRANK_ADMIN)
    expect(trail).to_contain_text(f"Invitation renvoyée à {second}")


def test_an_admin_changes_a_role_and_removes_a_member(page: Page, web_stack: WebStack) -> None:
    """On a colleague who joined through an invitation (the demo's own accounts stay as they are
    for the other tests)."""
    address = f"collegue.{uuid.uuid4().hex[:8]}@anne-frank.test"
    accepted = accept_as_new_account(web_stack, invite(web_stack, address), "Camille", "COLLEGUE")
    assert accepted.status_code == 200, accepted.text

    login(page, web_stack, ANNE_FRANK_ADMIN)
    open_team(page)
    row = members_table(page).locator("tbody tr", has_text=address)
    expect(row).to_contain_text("Membre")
    row.get_by_role("button", name="Changer le rôle de COLLEGUE Camille").click()
    dialog = page.get_by_role("dialog", name="Changer le rôle de COLLEGUE Camille")
    dialog.get_by_role("radio", name="Administrateur").check()
    dialog.get_by_role("button", name="Enregistrer le rôle").click()
    members_notice = section(page, "Membres").locator(".team__notice")
    expect(members_notice).to_contain_text("COLLEGUE Camille est maintenant administrateur.")
    expect(row).to_contain_text("Administrateur")
    expect(row.get_by_role("button", name="Changer le rôle de COLLEGUE Camille")).to_be_focused()
    member = next(
        m
        for m in web_stack.call("GET", "/centers/c-anne-frank/members", ANNE_FRANK_ADMIN).json()[
            "items"
        ]
        if m["email"] == address
    )
    assert member["role"] == "ADMIN"

    row.get_by_role("button", name="Retirer COLLEGUE Camille de l'équipe").click()
    confirm = page.get_by_role("dialog", name="Retirer COLLEGUE Camille de l'équipe ?")
    expect(confirm).to_contain_text("n'aura plus accès à Collège Anne Frank")
    confirm.get_by_role("button", name="Retirer de l'équipe").click()
    expect(members_notice).to_contain_text("COLLEGUE Camille ne fait plus partie de l'équipe.")
    expect(members_table(page).locator("tbody tr", has_text=address)).to_have_count(0)


def test_a_member_leaves_the_center(page: Page, web_stack: WebStack) -> None:
    address = f"depart.{uuid.uuid4().hex[:8]}@anne-frank.test"
    accepted = accept_as_new_account(web_stack, invite(web_stack, address), "Lou", "DEPART")
    assert accepted.status_code == 200, accepted.text
    login(page, web_stack, address, NEW_PASSWORD)
    open_team(page)
    expect(members_table(page).get_by_role("button")).to_have_count(0)
    page.get_by_role("button", name="Quitter le centre").click()
    page.get_by_role("dialog").get_by_role("button", name="Quitter le centre").click()
    expect(page.get_by_role("heading", level=1, name="Sessions de certification")).to_be_visible()
    expect(
        page.locator("#contenu").get_by_text("Vous avez quitté Collège Anne Frank.")
    ).to_be_visible()
    expect(
        page.get_by_text("Votre compte n'est rattaché à aucun centre de certification.")
    ).to_be_visible()
    members = web_stack.call("GET", "/centers/c-anne-frank/members", ANNE_FRANK_ADMIN).json()
    assert address not in [m["email"] for m in members["items"]]
