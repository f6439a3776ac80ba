"""The local mailbox of `make run` in a browser: a newcomer follows a forgotten password to the
end on their own machine (the code read in the mailbox), and a link in an e-mail opens the web
front end. The mailbox page runs no script, passes axe-core, and its e-mails' HTML stays in a
sandbox."""

from __future__ import annotations

import json
import re

import boto3
import pytest
import requests
from playwright.sync_api import Page, expect

from shared.adapters.ses_mail import SesMailer
from shared.domain.email import compose
from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    Screenshots,
    WebStack,
    assert_no_axe_violations,
    login,
    tomorrow_in,
)

pytestmark = pytest.mark.e2e

FORGETFUL = "oubli.mdp@anne-frank.test"
FIRST_PASSWORD = "Premier-Secret-2026!"
RESET_SUBJECT = compose("password-reset", (FORGETFUL,), {"code": "000000"}).subject


def a_member_with_a_password(stack: WebStack, email: str, password: str) -> None:
    stack.certif_admin(
        "create-user", "--email", email, "--first-name", "Jeanne", "--last-name", "Oubli",
        "--center", "c-anne-frank", "--temporary-password", "Provisoire-2026!",
    )  # fmt: skip
    challenge = requests.post(
        f"{stack.api_url}/auth/login",
        json={"email": email, "password": "Provisoire-2026!"},
        timeout=10,
    )
    assert challenge.status_code == 409, challenge.text
    chosen = requests.post(
        f"{stack.api_url}/auth/new-password",
        json={"email": email, "session": challenge.json()["session"], "newPassword": password},
        timeout=10,
    )
    assert chosen.status_code == 200, chosen.text


def test_a_forgotten_password_is_reset_with_the_code_from_the_local_mailbox(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    a_member_with_a_password(web_stack, FORGETFUL, FIRST_PASSWORD)

    # Given a member who forgot their password asks for a code
    page.goto(f"{web_stack.web_url}/#/connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse e-mail").fill(FORGETFUL)
    page.get_by_role("button", name="Recevoir un code").click()
    expect(page.get_by_label("Code reçu par e-mail")).to_be_visible()

    # When they open the local mailbox, as the banner of `make run` tells them
    mailbox = page.context.new_page()
    mailbox.goto(f"{web_stack.web_url}/_local/mail")
    expect(mailbox.get_by_role("heading", level=1, name="Boîte aux lettres locale")).to_be_visible()
    newest = mailbox.locator("article").first
    expect(newest.get_by_role("heading", level=2)).to_have_text(RESET_SUBJECT)
    expect(newest).to_contain_text(FORGETFUL)
    # The e-mail's HTML is shown as it will be read, the code in it
    frame = newest.frame_locator("iframe")
    expect(frame.get_by_text("Votre code :")).to_be_visible()
    code = frame.locator("strong").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code), code
    assert_no_axe_violations(mailbox, "local mailbox")
    screenshots.take(mailbox, "local-mailbox")
    mailbox.close()

    # Then the code and a new password change it, and the new password signs them in
    page.get_by_label("Code reçu par e-mail").fill(code)
    page.get_by_label("Nouveau mot de passe").fill("Second-Secret-2026!")
    page.get_by_role("button", name="Changer mon mot de passe").click()
    expect(page.get_by_text("Votre mot de passe a été modifié")).to_be_visible()
    login(page, web_stack, FORGETFUL, "Second-Secret-2026!")


def test_a_link_in_an_email_opens_the_web_front_end(page: Page, web_stack: WebStack) -> None:
    # Given an e-mail with a link to a session, sent through the stack's SES (moto), as the
    # 48-hour reminder will be
    session = web_stack.call(
        "POST",
        "/centers/c-anne-frank/sessions",
        ANNE_FRANK_ADMIN,
        json={
            "address": "Collège Anne Frank",
            "room": "Salle des e-mails",
            "date": tomorrow_in("Europe/Paris").isoformat(),
            "time": "10:00",
            "examiner": "Mme Poste",
        },
    ).json()
    link = f"{web_stack.web_url}/#/sessions/{session['id']}"
    environment = json.loads(web_stack.stack_file.read_text(encoding="utf-8"))["environment"]
    ses = boto3.client(
        "sesv2",
        endpoint_url=environment["AWS_ENDPOINT_URL"],
        region_name=environment["AWS_DEFAULT_REGION"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    mailer = SesMailer(
        environment["MAIL_SENDER"], environment["MAIL_CONFIGURATION_SET"], client=lambda: ses
    )
    values = {
        "session_id": str(session["id"]),
        "center_name": "Collège Anne Frank",
        "of_center": "du Collège Anne Frank",
        "session_date": "01/01/2027",
        "session_time": "10:00",
        "room": "Salle des e-mails",
        "deadline": "03/01/2027 à 11:45",
        "deadline_zone": "heure de Paris (UTC+1)",
        "link": link,
    }
    assert mailer.send(compose("compliance-reminder", (ANNE_FRANK_ADMIN,), values))

    # When the link of the e-mail is followed from the mailbox
    page.goto(f"{web_stack.web_url}/_local/mail")
    newest = page.locator("article").first
    expect(newest.get_by_role("heading", level=2)).to_contain_text(f"n° {session['id']}")
    button = newest.frame_locator("iframe").get_by_role(
        "link", name=f"Finaliser la session n° {session['id']}"
    )
    with page.context.expect_page() as opened:
        button.click()
    front = opened.value

    # Then the web front end opens in a tab of its own (asking to sign in first)
    front.wait_for_load_state()
    assert front.url.startswith(f"{web_stack.web_url}/#/")
    expect(front.get_by_role("button", name="Je me connecte")).to_be_visible()
    # and the mailbox page is still there, untouched
    expect(page.get_by_role("heading", level=1, name="Boîte aux lettres locale")).to_be_visible()
