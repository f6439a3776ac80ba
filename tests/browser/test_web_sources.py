"""The rules of web/js that hold without Node nor a browser (ESLint checks them too, in
`make lint`): the screens import neither the router nor another screen, every API path is
built in paths.js, no HTML is parsed from strings, and nothing points outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
JS = WEB / "js"
VIEWS = JS / "views"
IMPORT = re.compile(
    r"""(?:^|\s)(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)"""
)
# The path argument of every call of the API client: api.get(path…), api.request(method, path…).
API_CALL = re.compile(
    r"\b(?:api\.(?:get|post|put|patch|del)\(|\brequest\(\s*[^,()]+,)\s*([^,)]+)", re.MULTILINE
)


def sources() -> list[Path]:
    return sorted(p for p in JS.rglob("*.js"))


def imports_of(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [a or b for a, b in IMPORT.findall(text)]


def test_screens_import_only_shared_modules() -> None:
    wrong = []
    for path in sorted(VIEWS.rglob("*.js")):
        own = path.parent if path.parent != VIEWS else None
        for name in imports_of(path):
            target = (path.parent / name).resolve()
            if target.name == "app.js" and target.parent == JS:
                wrong.append(f"{path.relative_to(WEB)} imports app.js")
            elif target.is_relative_to(VIEWS) and not (own and target.is_relative_to(own)):
                wrong.append(f"{path.relative_to(WEB)} imports the screen {name}")
    assert wrong == []


def test_every_api_path_is_built_in_paths_js() -> None:
    inline, calls = [], 0
    for path in sources():
        text = path.read_text(encoding="utf-8")
        for found in API_CALL.finditer(text):
            calls += 1
            argument = found.group(1).strip()
            # api.js's own helpers (get = (path, options) => request("GET", path…)) pass it on.
            if path.name == "api.js" and argument == "path":
                continue
            if not argument.startswith("paths."):
                line = text.count("\n", 0, found.start()) + 1
                inline.append(f"{path.relative_to(WEB)}:{line}: {found.group(0).strip()}")
        if path.name != "api.js" and re.search(r"\bfetch\(|XMLHttpRequest", text):
            inline.append(f"{path.relative_to(WEB)} calls the network without api.js")
    assert calls > 25, "the calls of the API client are not found any more: update API_CALL"
    assert inline == []


def test_no_html_is_parsed_from_strings() -> None:
    risky = re.compile(r"\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write")
    found = [
        f"{path.relative_to(WEB)}: {match.group(0)}"
        for path in sources()
        for match in risky.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_nothing_points_outside_the_repository() -> None:
    """The contract is docs/openapi.json (and the reference page), not a file beside the repo."""
    outside = re.compile(r"\.\./shared/|\bAPI\.md\b")
    mentions = [
        f"{path.name}: {match.group(0)}"
        for path in [*sources(), *WEB.glob("*.html"), WEB.parent / "docs" / "web.md"]
        for match in outside.finditer(path.read_text(encoding="utf-8"))
    ]
    assert mentions == []


def test_the_competences_are_the_domains() -> None:
    """The verification page and the results table name the 16 competences as attestations
    do: web/js/competences.js is the domain's list, in the same order."""
    from shared.domain.results import COMPETENCES

    text = (JS / "competences.js").read_text(encoding="utf-8")
    listed = re.findall(r'\{ code: "([\d.]+)", name: "([^"]+)" \}', text)
    assert listed == [(code, name) for code, name in COMPETENCES]
