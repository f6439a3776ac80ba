"""How another process starts a local stack of its own (the end-to-end and browser tests, the
bench's runs): the command and its environment, on the ports it chose."""

from __future__ import annotations

import os
import socket
import sys
from contextlib import ExitStack
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def free_ports(count: int) -> list[int]:
    """`count` distinct ports free on 127.0.0.1: all held open until the last is chosen, so
    the system cannot hand out one of them twice."""
    with ExitStack() as held:
        probes = [held.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]


def stack_command(api_port: int, moto_port: int, web_port: int) -> list[str]:
    """`python -m devstack run` on these ports, with this interpreter (run it from PROJECT_DIR)."""
    return [
        sys.executable, "-m", "devstack", "run",
        "--api-port", str(api_port),
        "--moto-port", str(moto_port),
        "--web-port", str(web_port),
    ]  # fmt: skip


def stack_environment(stack_file: Path) -> dict[str, str]:
    """This process's environment, with a stack file of the caller's (two stacks never share
    one) and unbuffered output (the caller reads the banner as it is printed)."""
    return {**os.environ, "CERTIF_STACK_FILE": str(stack_file), "PYTHONUNBUFFERED": "1"}
