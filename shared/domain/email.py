"""An e-mail as the application writes it: to whom, the subject, a text and an HTML body.

Which template produced it travels with it, so that logs and metrics can say what was sent
without saying to whom (addresses are personal data)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import cache
from importlib import resources
from string import Template

from pydantic import BaseModel, ConfigDict, Field

# SES accepts 50 recipients per message; the application sends each person their own e-mail.
MAX_RECIPIENTS = 50


class EmailMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    to: tuple[str, ...] = Field(min_length=1, max_length=MAX_RECIPIENTS)
    subject: str = Field(min_length=1)
    text: str
    html: str
    # The template's name (`invitation`, `compliance-reminder`…): for logs, never an address.
    template: str


_TEMPLATES = "shared.domain.email_templates"


@cache
def _template(file_name: str) -> Template:
    text = resources.files(_TEMPLATES).joinpath(file_name).read_text(encoding="utf-8")
    return Template(text)


def compose(template: str, to: tuple[str, ...], values: Mapping[str, str]) -> EmailMessage:
    """The e-mail `template` (files in shared/domain/email_templates/) with `values` put in:
    as they are in the subject and the text, HTML-escaped in the HTML (a name like
    « O'Brien <Jr> » is shown, never interpreted). A placeholder without a value raises
    KeyError: a template and its caller must agree (tests render every template)."""
    # One line, whatever the values hold: a header with a line break is refused by SES.
    subject = " ".join(_template(f"{template}.subject.txt").substitute(values).split())
    text = _template(f"{template}.txt").substitute(values).rstrip() + "\n"
    text += _template("_footer.txt").substitute()
    escaped = {name: html.escape(value) for name, value in values.items()}
    body = _template(f"{template}.html").substitute(escaped)
    page = _template("_layout.html").substitute(subject=html.escape(subject), body=body)
    return EmailMessage(to=to, subject=subject, text=text, html=page, template=template)
