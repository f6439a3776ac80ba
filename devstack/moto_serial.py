"""Serialize the DynamoDB requests moto's server handles.

moto's DynamoDB transactions are not isolated: a transaction that fails restores a copy of
the whole table taken when it began, erasing whatever another thread wrote meanwhile. Real
DynamoDB never does that. Handling one DynamoDB request at a time gives moto the guarantee
our code relies on (each request is atomic), while our concurrency tests still interleave
requests exactly as DynamoDB may. Other services are left concurrent: an SQS long poll must
not hold everything else up."""

from __future__ import annotations

import threading
from typing import Any

_LOCK = threading.RLock()
_PATCHED = False


def serialize_moto_server() -> None:
    """Idempotent; call before starting a ThreadedMotoServer."""
    global _PATCHED  # noqa: PLW0603 - a process-wide patch, applied once
    if _PATCHED:
        return
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    original = DomainDispatcherApplication.__call__

    def one_at_a_time(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        if not str(environ.get("HTTP_X_AMZ_TARGET", "")).startswith("DynamoDB_"):
            return original(self, environ, start_response)
        with _LOCK:
            return original(self, environ, start_response)

    DomainDispatcherApplication.__call__ = one_at_a_time  # type: ignore[method-assign]
    _PATCHED = True
