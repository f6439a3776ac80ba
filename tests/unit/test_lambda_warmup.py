"""Lambda's init phase prepares a pupil's join (app.py -> functions.wiring.warm), in a Lambda
container only: tests, the local stack and `chalice local` must create no AWS client at import
(moto starts first)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from functions import wiring
from shared.settings import in_lambda_container

ROOT = Path(__file__).resolve().parents[2]


def test_only_a_lambda_container_warms_up() -> None:
    assert in_lambda_container({"AWS_LAMBDA_FUNCTION_NAME": "certif-sco-api"})
    assert not in_lambda_container({})
    # `chalice local` sets the function's name too, with its CLI mode.
    assert not in_lambda_container(
        {"AWS_LAMBDA_FUNCTION_NAME": "certif-sco-api", "AWS_CHALICE_CLI_MODE": "true"}
    )


def test_importing_the_app_outside_lambda_creates_no_client() -> None:
    # Given no Lambda environment, when the app is imported, boto3 is not even loaded.
    code = (
        "import sys, app;print('boto3' in sys.modules, 'functions.joining.handlers' in sys.modules)"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False"]


def test_a_failed_warm_up_is_logged_and_left_to_the_first_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import functions.api

    def unreachable(target: str, public: bool) -> None:
        raise RuntimeError("the network is not there yet")

    monkeypatch.setattr(functions.api, "resolve", unreachable)
    wiring.warm()  # does not raise: Lambda would otherwise fail the container's init
