"""Keep moto's server from holding every object it ever made.

moto's `BaseModel.__new__` appends each instance of each model class to a class-level list,
`instances_tracked`, that only a full reset empties (it feeds moto's `/moto-api/` dashboard).
DynamoDB's models are such objects: every `Item` written, and every copy moto makes of one —
each GetItem, Query or Scan answers deep copies of the items it read — and every `Table`,
including the deep copy of the whole table that moto takes before each TransactWriteItems to
roll back a failed one. Nothing ever drops them: a table of 400 items copied 300 times is
120 000 items still alive after a few hundred requests, and the process grows by megabytes
per request (6.7 GB after the red-team run). The interpreter's final garbage collection then
walks that whole graph before the process can exit.

The local stack has no use for the dashboard: it turns the tracking off, so that an object is
freed as soon as moto drops it, as in any Python program."""

from __future__ import annotations

from typing import Any

_PATCHED = False


def stop_tracking_moto_models() -> None:
    """Idempotent; call before starting a ThreadedMotoServer. Also forgets what was tracked."""
    global _PATCHED  # noqa: PLW0603 - a process-wide patch, applied once
    from moto.core.common_models import BaseModel
    from moto.core.model_instances import reset_model_data

    if not _PATCHED:

        def untracked(cls: type[Any], *args: Any, **kwargs: Any) -> Any:
            return super(BaseModel, cls).__new__(cls)

        BaseModel.__new__ = staticmethod(untracked)  # type: ignore[method-assign]
        _PATCHED = True
    reset_model_data()
