"""A local stack (`python -m devstack run`) in a child process on free ports, for the tools that
talk HTTP to it (the fuzzing campaign)."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from devstack.banner import READY
from devstack.launch import free_ports, stack_command, stack_environment

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 120.0


@contextlib.contextmanager
def running_stack() -> Iterator[str]:
    """The API's URL while the stack runs; stopped (SIGTERM) afterwards."""
    ports = free_ports(3)
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "stack.log"
        environment = stack_environment(Path(scratch) / "stack.json")
        with log.open("w") as output:
            process = subprocess.Popen(
                stack_command(*ports),
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                deadline = time.monotonic() + STARTUP_TIMEOUT
                while READY not in log.read_text():
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"the local stack did not start:\n{log.read_text()}")
                    time.sleep(0.3)
                yield f"http://127.0.0.1:{ports[0]}"
            finally:
                process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
