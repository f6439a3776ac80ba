"""The API's reference is generated from the code, committed, valid, and served."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate

from functions.openapi.__main__ import COMMITTED, generated, render
from tests.integration.conftest import Api

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_the_committed_document_is_what_the_code_says() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render(generated()), (
        "docs/openapi.json is stale: run `make openapi` and commit it"
    )


def test_the_document_is_valid_openapi_3_1() -> None:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_of_the_app_is_documented_once() -> None:
    from app import app

    documented = {
        (path, method.upper())
        for path, operations in generated()["paths"].items()
        for method in operations
    }
    declared = {
        (path, method)
        for path, entry in app.routes.items()
        for method in entry
        if method != "OPTIONS"
    }
    assert documented == declared


def test_error_codes_are_documented_where_the_code_raises_them() -> None:
    """A few codes the contract binds to one route: they must be listed on that route."""
    paths: dict[str, Any] = generated()["paths"]

    def codes(path: str, method: str, status: str) -> str:
        return str(paths[path][method]["responses"][status]["description"])

    assert "SESSION_ALREADY_STARTED" in codes("/sessions/{session_id}", "patch", "409")
    assert "VERSION_MISMATCH" in codes("/sessions/{session_id}", "patch", "412")
    assert "UNKNOWN_STUDENT" in codes("/sessions/{session_id}/candidates", "post", "422")
    assert "TOO_MANY_ATTEMPTS" in codes("/sessions/{session_id}/join", "post", "429")
    assert "401" not in paths["/sessions/{session_id}/join"]["post"]["responses"]
    assert paths["/sessions/{session_id}/join"]["post"]["security"] == []


def test_the_document_is_served_publicly(api: Api) -> None:
    answer = api.request("GET", "/openapi.json")
    assert answer.status_code == 200
    assert answer.json_body == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_nothing_in_the_repository_points_outside_it() -> None:
    """Whoever clones the project has only the project: the contract is docs/openapi.json,
    not the parent directory's `shared` folder that the project was started from."""
    tracked = [
        path
        for path in PROJECT_DIR.rglob("*")
        if path.is_file()
        and not {".git", ".venv", "node_modules", "vendor", "out", ".local"} & set(path.parts)
        and path.suffix in {".py", ".md", ".js", ".html", ".json", ".toml", ".txt", ".sh", ""}
    ]
    outside = re.compile(r"\.\./" + "shared/")
    pointing = [
        str(path.relative_to(PROJECT_DIR))
        for path in tracked
        if outside.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert pointing == []
