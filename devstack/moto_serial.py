"""Serialize the requests moto's server handles.

moto's DynamoDB transactions are not isolated: a transaction that fails restores a copy of
the whole table taken when it began, erasing whatever another thread wrote meanwhile. Real
DynamoDB never does that. Handling one request at a time gives moto the guarantee our code
relies on (each request is atomic), while our concurrency tests still interleave requests
exactly as DynamoDB may."""

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
        with _LOCK:
            return original(self, environ, start_response)

    DomainDispatcherApplication.__call__ = one_at_a_time  # type: ignore[method-assign]
    _PATCHED = True
