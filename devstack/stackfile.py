"""`.local/stack.json` (or $CERTIF_STACK_FILE): how other tools, `certif-admin --local` first,
find the running local stack. Written when the stack is up, removed when it stops."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from shared.domain.errors import DomainError
from shared.settings import Settings

STACK_FILE_ENV = "CERTIF_STACK_FILE"
PROJECT_DIR = Path(__file__).resolve().parent.parent
# moto takes any credentials; these must win over a developer's own profile.
LOCAL_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local"}


def local_environment(settings: Settings) -> dict[str, str]:
    """The environment of a process that talks to the local stack."""
    return {**settings.environment(), **LOCAL_CREDENTIALS}


def stack_file() -> Path:
    """CERTIF_STACK_FILE if set, else `.local/stack.json` in the project directory."""
    configured = os.environ.get(STACK_FILE_ENV)
    return Path(configured) if configured else PROJECT_DIR / ".local" / "stack.json"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_local_stack(path: Path) -> dict[str, Any]:
    """The description written by a running `make run`; a stale file (its process is gone)
    counts as missing."""
    not_running = DomainError(
        "LOCAL_STACK_NOT_RUNNING",
        f"La pile locale n'est pas lancée ({path} introuvable) : démarrez-la avec `make run` "
        "dans un autre terminal, puis recommencez.",
    )
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise not_running from None
    except (OSError, ValueError) as error:
        raise DomainError(
            "LOCAL_STACK_INVALID", f"Description de la pile locale illisible : {path} ({error})"
        ) from error
    environment = data.get("environment") if isinstance(data, dict) else None
    if not isinstance(environment, dict):
        raise DomainError(
            "LOCAL_STACK_INVALID", f"Description de la pile locale incomplète : {path}"
        )
    pid = data.get("pid")
    if isinstance(pid, int) and not process_alive(pid):
        raise not_running
    description: dict[str, Any] = data
    return description


def running_pid(path: Path) -> int | None:
    """The pid of another live local stack that owns `path`, if any."""
    try:
        pid = json.loads(path.read_text(encoding="utf-8")).get("pid")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(pid, int) and pid != os.getpid() and process_alive(pid):
        return pid
    return None


def write(settings: Settings, api_url: str, path: Path | None = None) -> Path:
    path = path or stack_file()
    description: dict[str, Any] = {
        "api_url": api_url,
        "pid": os.getpid(),
        "environment": local_environment(settings),
    }
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
