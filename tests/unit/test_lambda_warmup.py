"""Lambda's init phase prepares what each function's first invocation needs, in a Lambda
container only: the API a pupil's join (app.py -> functions.wiring.warm), the scheduled sweep
and the upload verifier their own handler (functions/compliance/routes.py,
functions/attachments/routes.py -> warm_sweep, warm_verifier), chosen by the handler Lambda's
runtime loads (`_HANDLER`). Tests, the local stack and `chalice local` must create no AWS
client at import (moto starts first)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from functions import wiring
from functions.attachments import routes as attachment_routes
from functions.compliance import routes as compliance_routes
from shared.settings import in_lambda_container

ROOT = Path(__file__).resolve().parents[2]
SWEEP = "functions.compliance.routes.sweep"
VERIFIER = "functions.attachments.routes.verify_attachment"
API = "app.app"

# What a fresh interpreter has loaded, and the AWS clients it created, once Lambda's init
# phase has imported `module`. No request leaves it: every AWS call fails at once, as an
# unreachable service would (the join's warm-up reads the course-token key).
_INIT_PHASE = """
import json, sys
import botocore.client, botocore.session
made = []
create = botocore.session.Session.create_client
def recording(self, *args, **kwargs):
    made.append(args[0] if args else kwargs['service_name'])
    return create(self, *args, **kwargs)
botocore.session.Session.create_client = recording
def offline(self, operation, params):
    raise RuntimeError('offline')
botocore.client.BaseClient._make_api_call = offline
import {module}
import gc
print(json.dumps({{'clients': sorted(made), 'modules': sorted(sys.modules),
                  'frozen': gc.get_freeze_count()}}))
"""
# A Lambda container's environment, as the template gives each function (region, resources).
LAMBDA = {
    "AWS_LAMBDA_FUNCTION_NAME": "certif-sco-test",
    "AWS_DEFAULT_REGION": "eu-west-3",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "TABLE_NAME": "certif-sco",
    "BUCKET_NAME": "certif-sco-files",
    "TOPIC_ARN": "arn:aws:sns:eu-west-3:123456789012:certif-sco",
    "COURSE_TOKEN_SECRET_ARN": "arn:aws:secretsmanager:eu-west-3:123456789012:secret:course",
}
SWEEP_PREPARED = {
    "functions.compliance.handlers",
    "shared.services.compliance",
    "shared.adapters.dynamo.compliance",
    "shared.adapters.notifications",
}
VERIFIER_PREPARED = {
    "functions.attachments.handlers",
    "shared.services.attachments",
    "shared.adapters.dynamo.attachments",
    "shared.adapters.s3_files",
    "shared.adapters.file_inspection",
    "PIL.Image",
    "PIL.PngImagePlugin",
    "PIL.JpegImagePlugin",
}
JOIN_PREPARED = {"functions.joining.handlers", "shared.services.joining"}


def init_phase(module: str, env: dict[str, str]) -> tuple[list[str], set[str]]:
    """The clients created and the modules loaded by importing `module` in `env`."""
    found = _after_import(module, env)
    return found["clients"], set(found["modules"])


def frozen_after_init(module: str, env: dict[str, str]) -> int:
    """How many objects importing `module` left to the collector's permanent generation."""
    frozen: int = _after_import(module, env)["frozen"]
    return frozen


def _after_import(module: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _INIT_PHASE.format(module=module)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    # The last line: the warm-up's log lines (if any) come before.
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_only_a_lambda_container_warms_up() -> None:
    assert in_lambda_container({"AWS_LAMBDA_FUNCTION_NAME": "certif-sco-api"})
    assert not in_lambda_container({})
    # `chalice local` sets the function's name too, with its CLI mode.
    assert not in_lambda_container(
        {"AWS_LAMBDA_FUNCTION_NAME": "certif-sco-api", "AWS_CHALICE_CLI_MODE": "true"}
    )


def test_the_warm_ups_name_the_handlers_chalice_deploys() -> None:
    # The template's Handler of each function is chalice's handler string: the module of the
    # blueprint, then the function's name. Lambda's runtime passes it on as `_HANDLER`.
    from app import app

    deployed = {source.name: source.handler_string for source in app.event_sources}
    assert deployed["sweep"] == compliance_routes.SWEEP_HANDLER == SWEEP
    assert deployed["verify_attachment"] == attachment_routes.VERIFIER_HANDLER == VERIFIER


@pytest.mark.parametrize(
    "env",
    [
        {},
        # `chalice local` and the local stack: a function's name, but the CLI's mode.
        {**LAMBDA, "_HANDLER": SWEEP, "AWS_CHALICE_CLI_MODE": "true"},
    ],
    ids=["no Lambda", "chalice local"],
)
@pytest.mark.parametrize(
    "module", ["app", "functions.compliance.routes", "functions.attachments.routes"]
)
def test_importing_an_entry_point_outside_lambda_creates_no_client(
    module: str, env: dict[str, str]
) -> None:
    # Given no Lambda container, when a function's module is imported, boto3 is not even
    # loaded, nor any handler.
    clients, modules = init_phase(module, {**env, "_HANDLER": SWEEP})
    assert clients == []
    assert "boto3" not in modules
    assert not (JOIN_PREPARED | SWEEP_PREPARED | VERIFIER_PREPARED) & modules


def test_the_sweeps_init_prepares_the_sweep_only() -> None:
    clients, modules = init_phase("functions.compliance.routes", {**LAMBDA, "_HANDLER": SWEEP})
    assert modules >= SWEEP_PREPARED
    assert clients == ["dynamodb"]
    assert not (JOIN_PREPARED | VERIFIER_PREPARED) & modules
    # The e-mails and the team are read only when a session is due.
    assert "shared.adapters.ses_mail" not in modules


def test_the_verifiers_init_prepares_the_verifier_only() -> None:
    clients, modules = init_phase("functions.attachments.routes", {**LAMBDA, "_HANDLER": VERIFIER})
    assert modules >= VERIFIER_PREPARED
    assert clients == ["dynamodb", "s3"]
    assert not (JOIN_PREPARED | SWEEP_PREPARED) & modules
    # pypdf is left to the first PDF (an image's verdict does not use it).
    assert "pypdf" not in modules


def test_the_apis_init_prepares_the_join_only() -> None:
    # The API's module imports the sweep's and the verifier's routes too: they stay cold.
    clients, modules = init_phase("app", {**LAMBDA, "_HANDLER": API})
    assert modules >= JOIN_PREPARED
    assert clients == ["dynamodb", "secretsmanager"]
    assert not (SWEEP_PREPARED | VERIFIER_PREPARED) & modules


@pytest.mark.parametrize("warm", [wiring.warm, wiring.warm_sweep, wiring.warm_verifier])
def test_a_failed_warm_up_is_logged_and_left_to_the_first_request(
    monkeypatch: pytest.MonkeyPatch, warm: object
) -> None:
    import functions.api

    def unreachable(*arguments: object) -> None:
        raise RuntimeError("the network is not there yet")

    monkeypatch.setattr(functions.api, "resolve", unreachable)
    monkeypatch.setattr(wiring, "deps", unreachable)
    # The test's own process is no Lambda container: its heap stays collectable.
    monkeypatch.setattr(gc, "freeze", lambda: None)
    assert callable(warm)
    warm()  # does not raise: Lambda would otherwise fail the container's init


@pytest.mark.parametrize(
    ("module", "handler"),
    [
        ("app", API),
        ("functions.compliance.routes", SWEEP),
        ("functions.attachments.routes", VERIFIER),
    ],
)
def test_the_init_phase_leaves_its_objects_out_of_the_collectors_walks(
    module: str, handler: str
) -> None:
    # Given a Lambda container whose init phase has prepared its function's first invocation
    # Then what the init made is frozen: the first request's garbage collections no longer walk
    # the whole heap of imported modules and built models (tens of ms on a first request).
    assert frozen_after_init(module, {**LAMBDA, "_HANDLER": handler}) > 10_000


def test_outside_lambda_nothing_is_frozen() -> None:
    assert frozen_after_init("app", {"AWS_DEFAULT_REGION": "eu-west-3"}) == 0
