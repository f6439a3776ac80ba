"""An e-mail as the application writes it: to whom, the subject, a text and an HTML body.

Which template produced it travels with it, so that logs and metrics can say what was sent
without saying to whom (addresses are personal data)."""

from __future__ import annotations

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
