"""`.local/stack.json` (or $CERTIF_STACK_FILE): how other tools, `certif-admin --local` first,
find the running local stack. Written when the stack is up, removed when it stops."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from devstack.resources import StackConfig
from shared.cli import process_alive, stack_file


def running_pid(path: Path) -> int | None:
    """The pid of another live local stack that owns `path`, if any."""
    try:
        pid = json.loads(path.read_text(encoding="utf-8")).get("pid")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(pid, int) and pid != os.getpid() and process_alive(pid):
        return pid
    return None


def write(config: StackConfig, api_url: str, path: Path | None = None) -> Path:
    path = path or stack_file()
    description: dict[str, Any] = config.model_dump()
    description.update(api_url=api_url, pid=os.getpid(), environment=config.environment())
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(description, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def remove(path: Path) -> None:
    """Remove the file if it is still ours (another run may have replaced it)."""
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass
