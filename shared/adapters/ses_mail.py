"""Every e-mail the application sends goes through Amazon SES (API v2), here.

botocore retries throttling and server errors (standard mode, 3 attempts: shared/adapters/aws.py);
what still fails is logged with the template's name and SES's error code, never an address,
and reported to the caller as False: an e-mail that could not be sent never undoes the write
that asked for it (an invitation stays pending and can be sent again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError

from shared.domain.email import EmailMessage
from shared.observability import logger

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client


def mime(sender: str, message: EmailMessage) -> bytes:
    """The message as SES's raw content: multipart/alternative, text then HTML, UTF-8. Raw
    rather than SES's "Simple" content because moto keeps a raw message whole (it keeps only
    one body of a simple one), so the local mailbox shows exactly what AWS would send."""
    from email.message import EmailMessage as Mime
    from email.policy import SMTP
    from email.utils import formatdate, make_msgid

    mail = Mime(policy=SMTP)
    mail["From"] = sender
    mail["To"] = ", ".join(message.to)
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(usegmt=True)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    # Quoted-printable: 7-bit safe through every relay, still readable for French text.
    mail.set_content(message.text, charset="utf-8", cte="quoted-printable")
    mail.add_alternative(message.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return mail.as_bytes()


class SesMailer:
    def __init__(
        self,
        sender: str,
        configuration_set: str | None,
        *,
        client: Callable[[], SESV2Client],
    ) -> None:
        self._sender = sender
        self._configuration_set = configuration_set
        self._client = client

    def send(self, message: EmailMessage) -> bool:
        try:
            raw = mime(self._sender, message)
        except ValueError as error:  # a header Python's e-mail package refuses to write
            logger.error(
                "e-mail not sent",
                extra={"template": message.template, "reason": type(error).__name__},
            )
            return False
        request: dict[str, object] = {
            "FromEmailAddress": self._sender,
            "Destination": {"ToAddresses": list(message.to)},
            "Content": {"Raw": {"Data": raw}},
            "EmailTags": [{"Name": "template", "Value": message.template}],
        }
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        try:
            answer = self._client().send_email(**request)  # type: ignore[arg-type]
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "Unknown")
            logger.error("e-mail not sent", extra={"template": message.template, "reason": code})
            return False
        except BotoCoreError as error:
            logger.error(
                "e-mail not sent",
                extra={"template": message.template, "reason": type(error).__name__},
            )
            return False
        logger.info(
            "e-mail sent",
            extra={
                "template": message.template,
                "recipients": len(message.to),
                "messageId": answer.get("MessageId"),
            },
        )
        return True
