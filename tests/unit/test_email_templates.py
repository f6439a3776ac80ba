"""Every e-mail template renders: French subject on one line, the values as they are in the
text, escaped in the HTML, inside the common layout."""

from __future__ import annotations

from importlib import resources
from string import Template

import pytest

from shared.domain.email import compose

HOSTILE = 'O\'Brien <b>&</b> "Nguyễn"'


def template_names() -> list[str]:
    files = resources.files("shared.domain.email_templates")
    return sorted(
        entry.name.removesuffix(".subject.txt")
        for entry in files.iterdir()
        if entry.name.endswith(".subject.txt")
    )


def placeholders(name: str) -> set[str]:
    files = resources.files("shared.domain.email_templates")
    found: set[str] = set()
    for suffix in (".subject.txt", ".txt", ".html"):
        found.update(Template(files.joinpath(name + suffix).read_text("utf-8")).get_identifiers())
    return found


def test_the_invitation_is_among_the_templates() -> None:
    assert "invitation" in template_names()


@pytest.mark.parametrize("name", template_names())
def test_a_template_renders_its_values_escaped_in_html_only(name: str) -> None:
    values = {field: f"{field}:{HOSTILE}" for field in placeholders(name)}
    message = compose(name, ("anne@anne-frank.test",), values)

    assert "\n" not in message.subject and message.subject.strip() == message.subject
    assert "$" not in message.subject + message.text + message.html
    assert "<b>" not in message.html
    assert any(value in message.text or value in message.subject for value in values.values())
    assert "O&#x27;Brien &lt;b&gt;&amp;&lt;/b&gt;" in message.html
    assert message.html.startswith("<!DOCTYPE html>") and 'lang="fr"' in message.html
    assert "merci de ne pas y répondre" in message.text
    assert message.template == name


def test_a_missing_value_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        compose("invitation", ("anne@anne-frank.test",), {"center_name": "Collège"})


def test_a_value_with_line_breaks_keeps_the_subject_on_one_line() -> None:
    # A center's name comes from an operator's command: a stray line break must not make the
    # subject a header SES (or Python's e-mail package) refuses.
    values = {field: "Collège\r\nAnne\nFrank" for field in placeholders("invitation")}
    message = compose("invitation", ("anne@anne-frank.test",), values)
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Collège Anne Frank" in message.subject
