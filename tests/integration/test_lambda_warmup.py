"""Lambda's init phase (functions.wiring.warm, called by app.py in a Lambda container) prepares
what a pupil's join needs, so that the first join of a provisioned or restored container does
not pay for it (docs/cold-start.md)."""

from __future__ import annotations

import sys
from typing import Any

from functions import wiring
from shared.adapters import aws
from shared.settings import Settings


def test_the_init_phase_reads_the_course_token_key_and_prepares_the_join(
    stack: Settings,
) -> None:
    sent: list[str] = []

    def record(request: Any, **_: Any) -> None:
        sent.append(str(request.headers.get("X-Amz-Target", b""), "utf-8", "replace"))

    aws.on_request(record)
    try:
        wiring.warm()
        key_reads = [target for target in sent if target.endswith("GetSecretValue")]
        assert key_reads == ["secretsmanager.GetSecretValue"]
        assert "functions.joining.handlers" in sys.modules
        # Read once per container: issuing course tokens afterwards asks Secrets Manager nothing.
        wiring.deps().course_tokens.load_key()  # type: ignore[attr-defined]
        assert [t for t in sent if t.endswith("GetSecretValue")] == key_reads
    finally:
        aws._request_hooks.remove(record)
        aws.reset()
