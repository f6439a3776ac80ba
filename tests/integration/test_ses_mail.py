"""The one e-mail adapter (shared/adapters/ses_mail.py) against moto's SES: what the person
receives — subject, text and HTML in UTF-8 — and a refused send reported without addresses."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage as Mime

import pytest

from functions import wiring
from shared.adapters import aws
from shared.adapters.ses_mail import SesMailer
from shared.domain.email import EmailMessage
from shared.settings import Settings

MESSAGE = EmailMessage(
    to=("anne.martin@anne-frank.test",),
    subject="Invitation à rejoindre le Collège Nguyễn Văn Linh",
    text="Bonjour,\nVous êtes invitée à rejoindre l'équipe.",
    html="<p>Bonjour,</p><p>Vous êtes invitée à rejoindre l'équipe.</p>",
    template="invitation",
)


def sent_by_moto(stack: Settings) -> list[Mime]:
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID][stack.region]
    return [
        email.message_from_string(sent.raw_data, policy=email.policy.default)
        for sent in backend.sent_messages
    ]


def test_an_email_arrives_with_its_subject_text_and_html(stack: Settings) -> None:
    # Given the stack's mailer (the verified sender and configuration set of the stack)
    mailer = wiring.deps().mailer

    # When an e-mail is sent
    assert mailer.send(MESSAGE) is True

    # Then moto's SES holds it as the person would read it
    [received] = sent_by_moto(stack)
    assert received["To"] == "anne.martin@anne-frank.test"
    assert received["From"] == stack.mail_sender
    assert received["Subject"] == MESSAGE.subject
    text = received.get_body(preferencelist=("plain",))
    html = received.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert text.get_content().replace("\r\n", "\n").strip() == MESSAGE.text
    assert html.get_content().replace("\r\n", "\n").strip() == MESSAGE.html


def test_a_refused_send_is_false_and_logged_without_the_address(
    stack: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a sender SES does not know (an unverified identity)
    mailer = SesMailer("inconnu@ailleurs.test", None, client=aws.sesv2)

    # When an e-mail is sent
    sent = mailer.send(MESSAGE)

    # Then the caller hears it failed, and the log names the template, not the person
    assert sent is False
    assert sent_by_moto(stack) == []
    [failure] = [r for r in caplog.records if r.getMessage() == "e-mail not sent"]
    assert failure.__dict__["template"] == "invitation"
    assert "anne.martin" not in repr(failure.__dict__)
