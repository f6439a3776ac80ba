"""The layering rules of DEVELOPERS.md, checked on the source (lint-imports checks them too)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_CODE = [p for folder in ("shared", "functions") for p in (ROOT / folder).rglob("*.py")]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def top_levels(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_only_adapters_import_boto3() -> None:
    offenders = [
        relative(p)
        for p in APP_CODE
        if top_levels(imported_modules(p)) & {"boto3", "botocore"}
        and not relative(p).startswith("shared/adapters/")
    ]
    assert offenders == []


def test_the_domain_is_pure() -> None:
    forbidden = {
        "boto3",
        "botocore",
        "chalice",
        "aws_lambda_powertools",
        "os",
        "requests",
        "urllib",
    }
    for path in (ROOT / "shared" / "domain").rglob("*.py"):
        modules = imported_modules(path)
        assert not top_levels(modules) & forbidden, relative(path)
        assert not {
            m
            for m in modules
            if m.startswith(("shared.adapters", "shared.services", "shared.web", "functions"))
        }
        source = path.read_text(encoding="utf-8")
        for clock_read in ("datetime.now(", "date.today(", "time.time(", "utcnow("):
            assert clock_read not in source, f"{relative(path)} reads the clock"


def test_services_do_not_reach_for_aws_or_the_web() -> None:
    for path in (ROOT / "shared" / "services").rglob("*.py"):
        modules = imported_modules(path)
        assert not top_levels(modules) & {"boto3", "botocore", "chalice"}, relative(path)
        assert not {
            m for m in modules if m.startswith(("shared.adapters", "shared.web", "functions"))
        }, relative(path)


def test_no_scan_anywhere() -> None:
    for path in APP_CODE:
        source = path.read_text(encoding="utf-8")
        assert ".scan(" not in source and 'paginate("scan")' not in source, relative(path)


def test_no_client_is_created_at_import_time() -> None:
    """Calls at module level would create boto3 clients before moto starts."""
    for path in APP_CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.Expr) and isinstance(
                getattr(node, "value", None), ast.Call
            ):
                call = ast.unparse(node.value)
                assert "client(" not in call and "resource(" not in call, (
                    f"{relative(path)}: {call}"
                )


def _functions(folder: Path) -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            (f"{relative(path)}:{node.name}", node)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
        ]
    return found


def _parameters(node: ast.FunctionDef) -> list[ast.arg]:
    arguments = node.args
    return [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]


def test_use_cases_take_few_parameters() -> None:
    """Collaborators travel in one `Dependencies`; inputs are typed commands."""
    crowded = [
        name
        for name, node in _functions(ROOT / "shared" / "services")
        if len([a for a in _parameters(node) if a.arg != "self"]) > 5
    ]
    assert crowded == []


def test_no_untyped_mapping_reaches_the_domain_or_the_use_cases() -> None:
    untyped = [
        f"{name}({argument.arg})"
        for folder in (ROOT / "shared" / "services", ROOT / "shared" / "domain")
        for name, node in _functions(folder)
        for argument in _parameters(node)
        if argument.annotation is not None
        and "Mapping[str, Any]" in ast.unparse(argument.annotation)
    ]
    assert untyped == []


def test_the_domain_names_fields_in_python_not_in_json() -> None:
    """camelCase belongs to the HTTP edge (shared/web/errors.py translates field names)."""
    camel = [
        f"{relative(path)}: {node.value!r}"
        for path in (ROOT / "shared" / "domain").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and _looks_camel(node.value)
    ]
    assert camel == []


def _looks_camel(text: str) -> bool:
    """`extraTimePercentage`, not `ElevesSansAdresses` nor French prose."""
    return re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]+)+", text) is not None
