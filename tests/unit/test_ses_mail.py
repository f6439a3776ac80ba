"""The mailer keeps its promise — False and a log line, never an exception — even for a
message Python's e-mail package refuses to write (no AWS involved)."""

from __future__ import annotations

from typing import Any

import pytest

from shared.adapters.ses_mail import SesMailer
from shared.domain.email import EmailMessage


def no_client() -> Any:
    raise AssertionError("nothing must be sent")


def test_a_subject_with_a_line_break_is_not_sent_and_does_not_raise(
    caplog: pytest.LogCaptureFixture,
) -> None:
    mailer = SesMailer("ne-pas-repondre@certif-sco.local", None, client=no_client)
    message = EmailMessage(
        to=("anne@anne-frank.test",),
        subject="Collège\nAnne Frank",
        text="Bonjour",
        html="<p>Bonjour</p>",
        template="invitation",
    )

    assert mailer.send(message) is False
    [failure] = [r for r in caplog.records if r.getMessage() == "e-mail not sent"]
    assert failure.__dict__["template"] == "invitation"
