"""The local mailbox of `make run`: every e-mail "sent" through moto's SES, as the person would
read it, at `/_local/mail` (a page) and `/_local/mail.json` on the web front end's port.

The stack runs moto in its own process (devstack/run.py), so the messages are read straight from
moto's SES backend, which keeps each one as the raw MIME the application sent
(shared/adapters/ses_mail.py): the page shows exactly what SES would deliver. Nothing is copied
or stored here; stopping the stack empties the mailbox."""

from __future__ import annotations

import email
import email.policy
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage as Mime
from email.utils import getaddresses
from typing import Any
from zoneinfo import ZoneInfo

PAGE_PATH = "/_local/mail"
JSON_PATH = "/_local/mail.json"
# The page runs no script; its own styles and the e-mails' inline styles (inside a sandboxed
# srcdoc frame, which inherits this policy) are the only inline content it allows.
PAGE_POLICY = "; ".join(
    [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
# The e-mail's HTML runs in a frame without scripts, forms or access to this page; its links
# open in a new tab, outside the sandbox (the web front end refuses to be framed).
FRAME_SANDBOX = "allow-popups allow-popups-to-escape-sandbox"
SHOWN_TIMEZONE = ZoneInfo("Europe/Paris")
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class LocalMail:
    id: str
    sender: str
    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    sent_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.sender,
            "to": list(self.to),
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "sentAt": self.sent_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


def _body(message: Mime, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    content = part.get_content()
    return content.replace("\r\n", "\n") if isinstance(content, str) else ""


def parse(message_id: str, raw: str, destinations: list[str], received: datetime) -> LocalMail:
    """One raw MIME message as the mailbox shows it: the recipients of its To header (SES's
    destinations when it has none), its date (`received` when it has none)."""
    message = email.message_from_string(raw, policy=email.policy.default)
    assert isinstance(message, Mime)
    to = [address for _, address in getaddresses(message.get_all("To", [])) if address]
    if not to:
        to = [address for _, address in getaddresses(destinations) if address]
    date = message["Date"]
    sent_at = getattr(date, "datetime", None) or received
    if sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=UTC)
    return LocalMail(
        id=message_id,
        sender=str(message["From"] or ""),
        to=tuple(dict.fromkeys(to)),
        subject=str(message["Subject"] or ""),
        text=_body(message, "plain"),
        html=_body(message, "html"),
        sent_at=sent_at,
    )


class MotoMailbox:
    """The messages moto's SES holds for `region`, newest first."""

    def __init__(self, region: str) -> None:
        self._region = region
        # When a message without a Date header was first read (moto keeps no time).
        self._seen: dict[str, datetime] = {}

    def __call__(self) -> list[LocalMail]:
        from moto.core.models import DEFAULT_ACCOUNT_ID
        from moto.ses.models import ses_backends

        sent = list(ses_backends[DEFAULT_ACCOUNT_ID][self._region].sent_messages)
        mails: list[LocalMail] = []
        for message in sent:
            received = self._seen.setdefault(str(message.id), datetime.now(UTC))
            mails.append(_mail(message, received))
        return mails[::-1]


def _mail(message: Any, received: datetime) -> LocalMail:
    raw = getattr(message, "raw_data", None)
    if isinstance(raw, str):
        return parse(str(message.id), raw, list(message.destinations), received)
    # A "Simple" message (SES's own MIME, which moto does not build): what moto kept of it.
    destinations = getattr(message, "destinations", {}) or {}
    to = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else []
    body = str(getattr(message, "body", ""))
    is_html = body.lstrip().startswith("<")
    return LocalMail(
        id=str(message.id),
        sender=str(getattr(message, "source", "")),
        to=tuple(to),
        subject=str(getattr(message, "subject", "")),
        text="" if is_html else body,
        html=body if is_html else "",
        sent_at=received,
    )


def _linked(text: str) -> str:
    """The text escaped, its web addresses made links (opened in a new tab)."""
    parts: list[str] = []
    position = 0
    for found in _URL.finditer(text):
        url = found.group(0).rstrip(".,;:)")
        end = found.start() + len(url)
        parts.append(html.escape(text[position : found.start()]))
        parts.append(
            f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{html.escape(url)}</a>'
        )
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def _frame_document(body: str) -> str:
    """The e-mail's HTML, its links opening in a new tab (a sandboxed frame cannot navigate
    this page, and the front end cannot be framed)."""
    base = '<base target="_blank">'
    head = re.search(r"<head[^>]*>", body, flags=re.IGNORECASE)
    if head:
        return body[: head.end()] + base + body[head.end() :]
    return base + body


def _shown_date(moment: datetime) -> str:
    return moment.astimezone(SHOWN_TIMEZONE).strftime("%d/%m/%Y à %H:%M:%S")


def _article(index: int, mail: LocalMail) -> str:
    heading = f"courriel-{index}"
    subject = html.escape(mail.subject) or "(sans objet)"
    recipients = html.escape(", ".join(mail.to))
    iso = mail.sent_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = [
        f'<article class="mail" aria-labelledby="{heading}">',
        f'<h2 id="{heading}">{subject}</h2>',
        '<dl class="meta">',
        f"<dt>À</dt><dd>{recipients}</dd>",
        f"<dt>De</dt><dd>{html.escape(mail.sender)}</dd>",
        f'<dt>Envoyé le</dt><dd><time datetime="{iso}">{_shown_date(mail.sent_at)}</time>'
        " (heure de Paris)</dd>",
        "</dl>",
    ]
    if mail.html:
        parts += [
            "<h3>Version HTML</h3>",
            f'<iframe title="Version HTML : {subject}" sandbox="{FRAME_SANDBOX}" '
            f'srcdoc="{html.escape(_frame_document(mail.html), quote=True)}"></iframe>',
        ]
    if mail.text:
        parts += [
            "<details open>" if not mail.html else "<details>",
            "<summary>Version texte</summary>",
            f'<pre class="text">{_linked(mail.text)}</pre>',
            "</details>",
        ]
    parts.append("</article>")
    return "\n".join(parts)


STYLE = """
body { margin: 0; font-family: Arial, Helvetica, sans-serif; color: #1f2a44; background: #f4f5f7; }
header { background: #253858; color: #ffffff; }
.inner, main { max-width: 960px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 1.5rem; margin: 0 0 8px; }
.mail { background: #ffffff; border-radius: 8px; padding: 16px 24px; margin: 0 0 24px; }
.mail h2 { font-size: 1.2rem; margin: 0 0 8px; overflow-wrap: anywhere; }
.mail h3 { font-size: 1rem; margin: 16px 0 8px; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
.meta dt { font-weight: bold; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
iframe { width: 100%; height: 480px; border: 1px solid #dfe1e6; border-radius: 4px;
  resize: vertical; overflow: auto; background: #ffffff; }
details { margin-top: 16px; }
summary { cursor: pointer; font-weight: bold; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f5f7; padding: 12px;
  border-radius: 4px; font-size: 0.95rem; }
a { color: #1d4ed8; }
header a { color: #ffffff; }
"""


def page(mails: list[LocalMail]) -> str:
    """The mailbox as a French HTML page, newest first."""
    count = len(mails)
    summary = (
        "Aucun e-mail pour l'instant."
        if count == 0
        else f"{count} e-mail{'s' if count > 1 else ''}, le plus récent en premier."
    )
    articles = "\n".join(_article(index, mail) for index, mail in enumerate(mails, start=1))
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Boîte aux lettres locale | Pix Certif</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<div class="inner">
<h1>Boîte aux lettres locale</h1>
<p>Les e-mails envoyés par la pile locale (<code>make run</code>) : invitations, codes de mot de
passe oublié, avis de la règle des 48 heures. Aucun ne quitte votre machine.</p>
<p><a href="{PAGE_PATH}">Actualiser</a> · <a href="{JSON_PATH}">Format JSON</a></p>
</div>
</header>
<main>
<p role="status">{summary}</p>
{articles}
</main>
</body>
</html>
"""
