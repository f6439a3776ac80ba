"""`chalice local` runs no schedules: the local stack runs the 48-hour sweep itself, on the
same period and through the same handler as the scheduled Lambda function. Each
notification is logged (and lands on the local SNS topic)."""

from __future__ import annotations

import threading

from functions.compliance.routes import SWEEP_PERIOD_MINUTES


class Sweeper:
    def __init__(self, period_seconds: float = SWEEP_PERIOD_MINUTES * 60) -> None:
        self._period = period_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sweeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        from functions.compliance.handlers import run_sweep

        # Right away (a demo session may already be due), then every period.
        while True:
            try:
                run_sweep("local-sweep")
            except Exception as error:  # keep the stack up; the next period tries again
                print(f"Règle des 48 h : échec du passage ({error!r})", flush=True)
            if self._stop.wait(self._period):
                return
