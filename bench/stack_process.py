"""A local stack (`python -m devstack run`) in a child process on free ports, for the tools that
talk HTTP to it (the fuzzing campaign)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.harness import free_port
from devstack.banner import READY

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 120.0


@contextlib.contextmanager
def running_stack() -> Iterator[str]:
    """The API's URL while the stack runs; stopped (SIGTERM) afterwards."""
    ports = [free_port(), free_port(), free_port()]
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "stack.log"
        environment = {**os.environ, "CERTIF_STACK_FILE": str(Path(scratch) / "stack.json")}
        with log.open("w") as output:
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "devstack", "run",
                    "--api-port", str(ports[0]),
                    "--moto-port", str(ports[1]),
                    "--web-port", str(ports[2]),
                ],
                cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
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
