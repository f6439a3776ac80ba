"""The deployment package as Lambda will see it: `make package` once, then the zip's contents,
an import of the app with nothing but the zip (and the runtime's boto3) on the path, and the
merged SAM template."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from infra.build import RUNTIME_PROVIDED, Artifacts, build

pytestmark = pytest.mark.packaging

EXPECTED_ROUTES = {
    "/auth/login",
    "/me",
    "/centers/{center_id}",
    "/centers/{center_id}/sessions",
    "/sessions/{session_id}",
}
ENVIRONMENT = {
    "TABLE_NAME": {"Ref": "Table"},
    "BUCKET_NAME": {"Ref": "FilesBucket"},
    "USER_POOL_ID": {"Ref": "UserPool"},
    "USER_POOL_CLIENT_ID": {"Ref": "UserPoolClient"},
    "TOPIC_ARN": {"Ref": "NotificationsTopic"},
    "COURSE_TOKEN_SECRET_ARN": {"Ref": "CourseTokenSecret"},
    "MAIL_SENDER": {"Fn::Sub": "ne-pas-repondre@${MailDomain}"},
    "MAIL_CONFIGURATION_SET": {"Ref": "MailConfigurationSet"},
}
# Imported on the first request, not at cold start: compiled wheels must be in the zip too.
LAZY_IMPORTS = (
    "jwt",
    "cryptography.hazmat.bindings._rust",
    "pydantic_core._pydantic_core",
    "aws_xray_sdk.core",
    "boto3",
    "tzdata",
    "reportlab.pdfgen.canvas",
    "PIL.Image",
    "defusedxml.ElementTree",
    "pypdf",
)
MAX_ZIPPED_BYTES = 30_000_000
# Run by `python -I -S`: no site-packages, no PYTHONPATH, no user site; only the unzipped package,
# then a stand-in for the Lambda runtime's own directory, which provides boto3 (after the
# package on the path, as /var/task comes before /var/runtime in Lambda).
IMPORT_APP = """
import importlib, json, sys
root, runtime, lazy = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path.insert(0, root)
sys.path.insert(1, runtime)
leaks = [p for p in sys.path if "site-packages" in p or "dist-packages" in p]
import app
from functions.api import resolve
# Every route's handler module loads on its first request: load them all here.
handlers = [
    resolve(entry.view_function.certif_route.handler, entry.view_function.certif_route.public)
    for methods in app.app.routes.values()
    for entry in methods.values()
]
modules = [app, *(importlib.import_module(name) for name in ["chalice", *lazy])]
modules += [sys.modules[h.function.__module__] for h in handlers]
outside = [
    m.__name__
    for m in modules
    if not (m.__file__ or "").startswith(root)
    and not (m.__name__.split(".")[0] in {runtime_provided!r} and m.__file__.startswith(runtime))
]
print(json.dumps({"routes": sorted(app.app.routes), "leaks": leaks, "outside": outside}))
"""


@pytest.fixture(scope="module")
def artifacts() -> Artifacts:
    return build()


@pytest.fixture(scope="module")
def unzipped(artifacts: Artifacts, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    target = tmp_path_factory.mktemp("deployment")
    with zipfile.ZipFile(artifacts.deployment_zip) as archive:
        archive.extractall(target)
    yield target


@pytest.fixture(scope="module")
def template(artifacts: Artifacts) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(artifacts.template.read_text())
    return loaded


def _resources(template: dict[str, Any]) -> dict[str, Any]:
    resources: dict[str, Any] = template["Resources"]
    return resources


@pytest.fixture(scope="module")
def lambda_runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the Lambda runtime provides beside the package: boto3, botocore, s3transfer."""
    target = tmp_path_factory.mktemp("runtime")
    site = Path(boto3.__file__).parent.parent
    for name in RUNTIME_PROVIDED:
        shutil.copytree(site / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_app_imports_from_the_zip_and_the_runtime_alone(
    unzipped: Path, lambda_runtime: Path
) -> None:
    code = IMPORT_APP.replace("{runtime_provided!r}", repr(set(RUNTIME_PROVIDED)))
    answer = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(unzipped), str(lambda_runtime), *LAZY_IMPORTS],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "eu-west-3"},
        cwd=unzipped,
        timeout=120,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr
    result = json.loads(answer.stdout.strip().splitlines()[-1])
    assert result["leaks"] == []
    assert result["outside"] == []
    missing = EXPECTED_ROUTES - set(result["routes"])
    assert not missing, f"routes missing from the packaged app: {sorted(missing)}"


def test_zip_holds_the_code_and_nothing_of_the_dev_tree(artifacts: Artifacts) -> None:
    with zipfile.ZipFile(artifacts.deployment_zip) as archive:
        names = archive.namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert {"app.py", "functions", "shared", "chalice"} <= tops
    assert "shared/adapters/dynamo/sessions.py" in names
    assert "functions/sessions/routes.py" in names
    assert not tops & {"tests", "devstack", "bench", "infra", "vendor", ".chalice", "out"}
    ours = [n for n in names if n.startswith(("functions/", "shared/"))]
    assert not [n for n in ours if "__pycache__" in n or n.endswith(".pyc")]


def test_the_zip_leaves_boto3_to_the_runtime_and_stays_under_30_mb(artifacts: Artifacts) -> None:
    with zipfile.ZipFile(artifacts.deployment_zip) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
    assert not tops & set(RUNTIME_PROVIDED)
    assert "pydantic_core" in tops and "reportlab" in tops
    assert artifacts.deployment_zip.stat().st_size <= MAX_ZIPPED_BYTES


def test_the_api_is_invoked_through_its_alias_with_optional_provisioned_concurrency(
    artifacts: Artifacts, template: dict[str, Any]
) -> None:
    resources = _resources(template)
    body = json.dumps(resources["RestAPI"]["Properties"]["DefinitionBody"])
    assert "${ApiLive}" in body and "${APIHandler.Arn}" not in body
    alias = resources["ApiLive"]["Properties"]
    assert alias["FunctionVersion"] == {"Fn::GetAtt": ["ApiVersion", "Version"]}
    assert alias["ProvisionedConcurrencyConfig"] == {
        "Fn::If": [
            "ApiProvisioned",
            {"ProvisionedConcurrentExecutions": {"Ref": "ApiProvisionedConcurrency"}},
            {"Ref": "AWS::NoValue"},
        ]
    }
    assert template["Parameters"]["ApiProvisionedConcurrency"]["Default"] == 0
    # A new version is published when the code changes: its description names the zip.
    digest = hashlib.sha256(artifacts.deployment_zip.read_bytes()).hexdigest()
    assert resources["ApiVersion"]["Properties"]["Description"].endswith(digest)
    assert resources["ApiLiveInvokePermission"]["Properties"]["FunctionName"] == {"Ref": "ApiLive"}
    variables = resources["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert variables["POWERTOOLS_TRACE_DISABLED"] == {
        "Fn::If": ["ApiSdkTracingOn", "false", "true"]
    }


def test_cfn_lint_accepts_the_merged_template(artifacts: Artifacts) -> None:
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    answer = subprocess.run(
        [str(cfn_lint), str(artifacts.template)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if answer.returncode != 0:
        pytest.fail(f"cfn-lint {artifacts.template}:\n{answer.stdout}{answer.stderr}")


def test_api_function_has_its_role_and_environment(template: dict[str, Any]) -> None:
    resources = _resources(template)
    function = resources["APIHandler"]["Properties"]
    assert function["Role"] == {"Fn::GetAtt": ["ApiHandlerRole", "Arn"]}
    assert resources["ApiHandlerRole"]["Type"] == "AWS::IAM::Role"
    variables = function["Environment"]["Variables"]
    for name, value in ENVIRONMENT.items():
        assert variables.get(name) == value, name


def _statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = []
    for policy in role["Properties"].get("Policies", []):
        statements.extend(policy["PolicyDocument"]["Statement"])
    return statements


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_role_is_least_privilege(template: dict[str, Any]) -> None:
    role = _resources(template)["ApiHandlerRole"]
    assert not role["Properties"].get("ManagedPolicyArns")
    statements = _statements(role)
    assert statements
    granted: set[str] = set()
    for statement in statements:
        assert statement["Effect"] == "Allow"
        actions = _as_list(statement["Action"])
        granted.update(actions)
        assert not [a for a in actions if a == "*" or a.endswith(":*")], statement
        data_plane = [
            a
            for a in actions
            if a.split(":")[0] in {"dynamodb", "s3", "sns", "secretsmanager", "ses"}
        ]
        if data_plane:
            assert "*" not in _as_list(statement["Resource"]), statement
    assert "sns:Publish" in granted
    assert {"ses:SendEmail", "ses:SendRawEmail"} <= granted
    assert {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"} <= granted
    assert {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"} <= granted
    # The API only makes public client calls to Cognito; the admin actions are the CLI's.
    assert not [a for a in granted if a.startswith("cognito-idp:")]


def test_gateway_errors_have_the_api_error_shape(template: dict[str, Any]) -> None:
    responses = _resources(template)["RestAPI"]["Properties"]["GatewayResponses"]
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
        body = json.loads(responses[kind]["ResponseTemplates"]["application/json"])
        assert set(body) == {"code", "message"}
        assert body["code"].isupper()


def test_the_attachment_verifier_is_pinned_to_the_files_bucket(template: dict[str, Any]) -> None:
    """chalice package refuses `on_s3_event`: the bucket sends its events to EventBridge and
    the verifier's rule only takes new objects of the upload prefix of our bucket."""
    resources = _resources(template)
    bucket = resources["FilesBucket"]["Properties"]
    assert bucket["NotificationConfiguration"] == {
        "EventBridgeConfiguration": {"EventBridgeEnabled": True}
    }
    function = resources["VerifyAttachment"]["Properties"]
    assert function["Handler"] == "functions.attachments.routes.verify_attachment"
    assert function["Role"] == {"Fn::GetAtt": ["AttachmentVerifierRole", "Arn"]}
    [event] = function["Events"].values()
    assert event["Type"] == "CloudWatchEvent"
    assert event["Properties"]["Pattern"] == {
        "source": ["aws.s3"],
        "detail-type": ["Object Created"],
        "detail": {
            "bucket": {"name": [{"Ref": "FilesBucket"}]},
            "object": {"key": [{"prefix": "sessions/"}]},
        },
    }
    variables = function["Environment"]["Variables"]
    assert variables["TABLE_NAME"] == {"Ref": "Table"}
    assert variables["BUCKET_NAME"] == {"Ref": "FilesBucket"}


def test_the_verifier_role_is_least_privilege(template: dict[str, Any]) -> None:
    role = _resources(template)["AttachmentVerifierRole"]
    assert not role["Properties"].get("ManagedPolicyArns")
    granted: dict[str, list[Any]] = {}
    for statement in _statements(role):
        assert statement["Effect"] == "Allow"
        for action in _as_list(statement["Action"]):
            assert action != "*" and not action.endswith(":*"), statement
            granted.setdefault(action, []).extend(_as_list(statement["Resource"]))
    data_plane = {a: r for a, r in granted.items() if a.split(":")[0] in {"dynamodb", "s3"}}
    assert all("*" not in resources for resources in data_plane.values())
    # It reads and removes uploads, writes verified copies, and nothing else of the bucket.
    assert granted["s3:GetObject"] == [{"Fn::Sub": "${FilesBucket.Arn}/sessions/*"}]
    assert granted["s3:PutObject"] == [{"Fn::Sub": "${FilesBucket.Arn}/verified/sessions/*"}]
    assert set(data_plane) == {
        "dynamodb:GetItem",
        "dynamodb:UpdateItem",
        "dynamodb:PutItem",
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:ListBucket",
    }
    assert not [
        a for a in granted if a.split(":")[0] in {"sns", "secretsmanager", "cognito-idp", "ses"}
    ]


def test_the_sweep_runs_every_15_minutes_with_its_own_role(template: dict[str, Any]) -> None:
    resources = _resources(template)
    sweep = resources["Sweep"]["Properties"]
    assert sweep["Role"] == {"Fn::GetAtt": ["SweepRole", "Arn"]}
    assert set(sweep["Environment"]["Variables"]) >= {
        "TABLE_NAME",
        "TOPIC_ARN",
        "MAIL_SENDER",
        "MAIL_CONFIGURATION_SET",
        "WEB_ORIGIN",
    }
    (event,) = sweep["Events"].values()
    assert event["Properties"]["Schedule"] == "rate(15 minutes)"
    granted = {a for s in _statements(resources["SweepRole"]) for a in _as_list(s["Action"])}
    assert granted == {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
        "sns:Publish",
        "ses:SendEmail",
        "ses:SendRawEmail",
    }
    # The due sessions (gsi2) and, for the e-mails, each center's admins (gsi1): no table read.
    queried = [
        s["Resource"]
        for s in _statements(resources["SweepRole"])
        if s["Action"] == ["dynamodb:Query"]
    ]
    assert queried == [
        {"Fn::Sub": "${Table.Arn}/index/gsi2"},
        {"Fn::Sub": "${Table.Arn}/index/gsi1"},
    ]


def test_the_account_change_recorder_takes_our_pools_disables_and_deletes(
    template: dict[str, Any],
) -> None:
    """The console's AdminDisableUser and AdminDeleteUser on our pool, calls that succeeded
    only, reach the function that marks the user (docs/security.md, "Revocation")."""
    resources = _resources(template)
    function = resources["RecordAccountChange"]["Properties"]
    assert function["Handler"] == "functions.revocation.routes.record_account_change"
    assert function["Role"] == {"Fn::GetAtt": ["AccountChangeRecorderRole", "Arn"]}
    [event] = function["Events"].values()
    assert event["Type"] == "CloudWatchEvent"
    assert event["Properties"]["Pattern"] == {
        "source": ["aws.cognito-idp"],
        "detail-type": ["AWS API Call via CloudTrail"],
        "detail": {
            "eventSource": ["cognito-idp.amazonaws.com"],
            "eventName": ["AdminDisableUser", "AdminDeleteUser"],
            "requestParameters": {"userPoolId": [{"Ref": "UserPool"}]},
            "errorCode": [{"exists": False}],
        },
    }
    variables = function["Environment"]["Variables"]
    assert {name for name in variables if not name.startswith("POWERTOOLS_")} == {
        "TABLE_NAME",
        "USER_POOL_ID",
        "USER_POOL_CLIENT_ID",
    }
    granted = {
        action: statement
        for statement in _statements(resources["AccountChangeRecorderRole"])
        for action in _as_list(statement["Action"])
    }
    assert set(granted) == {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "cognito-idp:AdminGetUser",
        "cognito-idp:AdminUserGlobalSignOut",
    }
    assert granted["dynamodb:PutItem"]["Condition"] == {
        "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["REVOCATIONS"]}
    }
    assert granted["cognito-idp:AdminUserGlobalSignOut"]["Resource"] == {
        "Fn::GetAtt": ["UserPool", "Arn"]
    }
