"""The e-mails' French texts, one template per e-mail (`<name>.subject.txt`, `<name>.txt`,
`<name>.html`), read by `shared.domain.email.compose`. Placeholders are `$name` (string.Template);
the layout around every HTML body is `_layout.html`."""
