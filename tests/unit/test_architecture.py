"""The layering rules of DEVELOPERS.md, checked on the source (lint-imports checks them too)."""

from __future__ import annotations

import ast
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
