"""The local mailbox of `make run` (devstack/mailbox.py, served by devstack/web_server.py):
what the application sent through moto's SES, read back from moto's backend, newest first —
a JSON list and a French page that shows each e-mail's HTML without letting it act."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests

from devstack.mailbox import PAGE_POLICY, MotoMailbox
from devstack.web_server import WebServer
from functions import wiring
from shared.domain.email import EmailMessage, compose
from shared.settings import Settings

API = "http://127.0.0.1:8123"
ZOE = "zoe.lecoeur@anne-frank.test"
PAUL = "paul.adjoint@anne-frank.test"


def serve(mailbox: MotoMailbox | None) -> WebServer:
    web = WebServer(
        "127.0.0.1",
        0,
        api_url=API,
        canonical_origin="http://127.0.0.1:1",
        connect_to=[API],
        mailbox=mailbox,
    )
    web.start()
    return web


@pytest.fixture
def web(stack: Settings) -> Iterator[str]:
    server = serve(MotoMailbox(stack.region))
    yield f"http://127.0.0.1:{server.port}"
    server.stop()


def send(message: EmailMessage) -> None:
    assert wiring.deps().mailer.send(message) is True


def test_the_json_lists_what_was_sent_newest_first(stack: Settings, web: str) -> None:
    # Given two e-mails sent by the application, one after the other
    before = datetime.now(UTC).replace(microsecond=0)
    send(compose("password-reset", (ZOE,), {"code": "123456"}))
    send(
        EmailMessage(
            to=(PAUL,),
            subject="Invitation à rejoindre l'équipe du Collège Nguyễn",
            text="Bonjour,\nOuvrez https://certif.example.fr/#/rejoindre?invitation=i1&code=c1",
            html='<p>Bonjour,</p><p><a href="https://certif.example.fr/#/x">Rejoindre</a></p>',
            template="invitation",
        )
    )

    # When the mailbox's JSON is read
    answer = requests.get(f"{web}/_local/mail.json", timeout=10)

    # Then both are there, the last one first, as their recipients read them
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    invitation, reset = answer.json()
    assert invitation["to"] == [PAUL]
    assert invitation["subject"] == "Invitation à rejoindre l'équipe du Collège Nguyễn"
    assert invitation["text"].strip().endswith("#/rejoindre?invitation=i1&code=c1")
    assert '<a href="https://certif.example.fr/#/x">Rejoindre</a>' in invitation["html"]
    assert reset["to"] == [ZOE]
    assert reset["subject"] == "Votre code pour changer de mot de passe sur Pix Certif"
    assert "Votre code : 123456" in reset["text"]
    assert "123456" in reset["html"]
    for mail in (invitation, reset):
        assert mail["from"] == stack.mail_sender
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mail["sentAt"])
        sent_at = datetime.fromisoformat(mail["sentAt"])
        assert before <= sent_at <= datetime.now(UTC) + timedelta(seconds=1)


def test_an_empty_mailbox_is_an_empty_list(stack: Settings, web: str) -> None:
    assert requests.get(f"{web}/_local/mail.json", timeout=10).json() == []
    page = requests.get(f"{web}/_local/mail", timeout=10)
    assert "Aucun e-mail pour l'instant." in page.text


def test_the_page_shows_the_html_in_a_sandbox_under_its_own_policy(
    stack: Settings, web: str
) -> None:
    # Given an e-mail whose HTML would run a script and whose subject holds markup
    send(
        EmailMessage(
            to=(ZOE,),
            subject="Salle <b>B</b> & CDI",
            text="Voir https://certif.example.fr/#/sessions/42.",
            html='<p>Bonjour</p><script>alert("x")</script><a href="https://certif.example.fr/">lien</a>',
            template="compliance-reminder",
        )
    )

    # When the mailbox page is opened
    page = requests.get(f"{web}/_local/mail", timeout=10)

    # Then it is a French page, the subject shown as text, the HTML only inside a sandboxed
    # frame (no scripts), its links opening outside the frame
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="fr">' in page.text
    assert "Boîte aux lettres locale" in page.text
    assert "Salle &lt;b&gt;B&lt;/b&gt; &amp; CDI" in page.text
    assert "<script>" not in page.text
    [frame] = re.findall(r"<iframe[^>]*>", page.text)
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in frame
    assert "allow-scripts" not in frame and "allow-same-origin" not in frame
    assert "&lt;base target=&quot;_blank&quot;&gt;" in frame
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in frame
    # The text version's address is a link too
    assert (
        '<a href="https://certif.example.fr/#/sessions/42" target="_blank" rel="noopener">'
        in page.text
    )
    # Its own policy: no script at all, never framed
    assert page.headers["Content-Security-Policy"] == PAGE_POLICY
    assert "script-src" not in PAGE_POLICY and "default-src 'none'" in PAGE_POLICY
    assert page.headers["X-Frame-Options"] == "DENY"


def test_the_front_end_keeps_its_strict_policy(stack: Settings, web: str) -> None:
    requests.get(f"{web}/_local/mail", timeout=10)

    front = requests.get(f"{web}/", timeout=10)

    policy = front.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_without_a_mailbox_there_is_no_mailbox_page(stack: Settings) -> None:
    server = serve(None)
    try:
        for path in ("/_local/mail", "/_local/mail.json"):
            answer = requests.get(f"http://127.0.0.1:{server.port}{path}", timeout=10)
            assert answer.status_code == 404
    finally:
        server.stop()
