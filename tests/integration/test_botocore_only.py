"""The Lambda functions' paths load botocore only: importing boto3 costs a cold start some 20 to
40 ms of its own (s3transfer, multiprocessing, concurrent.futures, loaded by boto3's package
itself) for nothing the application uses (docs/cold-start.md). Checked in a fresh interpreter,
the only honest view of `sys.modules`, against the moto server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from shared.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
BOTO3_MODULES = ("boto3", "s3transfer")

# Each step records what it loaded, so that a failure names the step that brought boto3 in.
CHILD = """
import json, sys

WATCHED = {watched!r}
loaded = {{}}

def step(name):
    loaded[name] = [m for m in WATCHED if m in sys.modules]

import app
step("import app")

from functions import wiring
from functions.api import resolve
from shared.adapters import aws

resolve(wiring.JOIN_HANDLER, True)
step("resolve the join handler")
dependencies = wiring.deps()
for name in wiring.JOIN_ADAPTERS:
    getattr(getattr(dependencies, name), "table", None)
step("build the join's adapters")
table = aws.dynamodb().describe_table(TableName=wiring.root().settings.table_name)
assert table["Table"]["TableName"], table
step("a DynamoDB request")
dependencies.course_tokens.load_key()
step("read the course-token key from Secrets Manager")

import functions.attachments.routes, functions.compliance.routes
step("import the sweep's and the upload verifier's modules")
for provider in (aws.s3, aws.sns, aws.sesv2, aws.cognito, aws.cloudformation):
    provider()
step("every other client")
print(json.dumps(loaded))
"""


def test_the_functions_paths_never_load_boto3(stack: Settings) -> None:
    code = CHILD.format(watched=BOTO3_MODULES)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AWS_LAMBDA_FUNCTION_NAME", None)  # the steps are taken here, one by one
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == {step: [] for step in loaded}
    assert len(loaded) == 7
