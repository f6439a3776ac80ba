"""The front end's real addresses (the invitation e-mail's `/rejoindre?invitation=…&code=…`) are
answered with index.html in production as under `make run`: a CloudFront Function on the web
distribution (infra/template.json) rewrites exactly the paths devstack/web_server.py serves."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from devstack.web_server import APP_ADDRESSES

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "template.json"


def resources() -> dict[str, Any]:
    return dict(json.loads(TEMPLATE.read_text(encoding="utf-8"))["Resources"])


def function_code() -> str:
    return str(resources()["WebAppAddresses"]["Properties"]["FunctionCode"])


def test_the_distribution_runs_the_function_on_every_viewer_request() -> None:
    function = resources()["WebAppAddresses"]
    assert function["Type"] == "AWS::CloudFront::Function"
    assert function["Properties"]["AutoPublish"] is True
    assert function["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    behavior = resources()["WebDistribution"]["Properties"]["DistributionConfig"][
        "DefaultCacheBehavior"
    ]
    assert behavior["FunctionAssociations"] == [
        {
            "EventType": "viewer-request",
            "FunctionARN": {"Fn::GetAtt": ["WebAppAddresses", "FunctionARN"]},
        }
    ]


def test_the_function_and_the_local_server_know_the_same_addresses() -> None:
    declared = re.search(r"var APP_ADDRESSES = \{([^}]*)\};", function_code())
    assert declared, "APP_ADDRESSES is not found in the function's code any more"
    assert set(re.findall(r'"([^"]+)": true', declared.group(1))) == set(APP_ADDRESSES)


def test_the_function_rewrites_only_those_addresses() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is missing (make lint installs it): the function's code is not run")
    uris = ["/rejoindre", "/", "/index.html", "/js/app.js", "/rejoindre/", "/rejoindre.html"]
    script = function_code() + (
        "\nconst uris = JSON.parse(process.argv[1]);"
        "\nconsole.log(JSON.stringify(uris.map((uri) => {"
        "\n  const request = handler({ request: { uri, querystring: { code: { value: 'x' } } } });"
        "\n  return [request.uri, request.querystring.code.value];"
        "\n})));"
    )
    done = subprocess.run(
        [node, "-e", script, json.dumps(uris)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    answered = dict(zip(uris, json.loads(done.stdout), strict=True))
    assert answered == {
        "/rejoindre": ["/index.html", "x"],
        "/": ["/", "x"],
        "/index.html": ["/index.html", "x"],
        "/js/app.js": ["/js/app.js", "x"],
        "/rejoindre/": ["/rejoindre/", "x"],
        "/rejoindre.html": ["/rejoindre.html", "x"],
    }
