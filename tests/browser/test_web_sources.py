"""The rules of web/js that hold without Node nor a browser (ESLint checks them too, in
`make lint`): the screens import neither the router nor another screen, every API path is
built in paths.js, no HTML is parsed from strings, and nothing points outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from shared.domain.audit import AuditAction

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


# --- French that reads well (docs/french.md, the same rules as the server's messages) -----

# The labels of Pix's own paper forms, kept as they are.
FRENCH_ALLOWED = ("Surveillant(s)", "nom(s) et prénom(s)", "Nom(s) et prénom(s)")
FRENCH_FAULTS = (
    (re.compile(r"\((?:s|e|es|x)\)"), "« (s) » or « (e) » instead of agreement"),
    (re.compile(r"\bde (?:Collège|Lycée|collège|lycée)\b"), "« de Collège » instead of « du »"),
    (re.compile(r"[ \t][:;!?](?:\s|$|[»\"')])"), "an ordinary space before : ; ! ?"),
    (re.compile(r"«[ \t]|[ \t]»"), "an ordinary space inside « »"),
)
ESCAPES = {"\\u00a0": "\u00a0", "\\u202f": "\u202f", "\\n": "\n", "\\'": "'", '\\"': '"'}


def literal_spans(text: str) -> list[tuple[int, int, bool]]:  # noqa: PLR0912 (a tokenizer)
    """Where the string literals of a JavaScript module are: (start, end, followed by an
    interpolation) for "…", '…' and each text part of `…${…}…`; comments and regular
    expressions skipped."""
    spans: list[tuple[int, int, bool]] = []
    i, n = 0, len(text)
    templates: list[int] = []  # for each open `${`, the brace depth it closes at
    depth = 0
    previous = "("
    starts_regex = "(,=:[!&|?{};+"

    def read_template(start: int) -> int:
        """From after a ` or the } closing an interpolation: the text up to ` or ${."""
        j = start
        while j < n:
            if text[j] == "\\":
                j += 2
            elif text[j] == "`":
                spans.append((start, j, False))
                return j + 1
            elif text.startswith("${", j):
                spans.append((start, j, True))
                templates.append(depth)
                return j + 2
            else:
                j += 1
        return j

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            i = text.find("*/", i) + 2 or n
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            spans.append((i + 1, j, False))
            i, previous = j + 1, "x"
        elif c == "`":
            i, previous = read_template(i + 1), "x"
        elif c == "/" and previous in starts_regex:
            j, in_class = i + 1, False
            while j < n and text[j] != "\n" and (in_class or text[j] != "/"):
                if text[j] == "\\":
                    j += 1
                elif text[j] == "[":
                    in_class = True
                elif text[j] == "]":
                    in_class = False
                j += 1
            i, previous = j + 1, "x"
        elif c == "{":
            depth += 1
            i, previous = i + 1, c
        elif c == "}":
            if templates and templates[-1] == depth:
                templates.pop()
                i, previous = read_template(i + 1), "x"
            else:
                depth -= 1
                i, previous = i + 1, c
        elif c.isalnum() or c in "_$":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            # `return /re/` starts a regular expression, `a / b` does not
            previous = "(" if text[i:j] in ("return", "typeof", "case") else "x"
            i = j
        else:
            if not c.isspace():
                previous = c if c in starts_regex else "x"
            i += 1
    return spans


def string_literals(text: str) -> list[tuple[int, str]]:
    """The string literals of a JavaScript module and their lines; an interpolation of a
    template literal ends its text part with « {} »."""
    return [
        (text.count("\n", 0, start) + 1, text[start:end] + ("{}" if interpolated else ""))
        for start, end, interpolated in literal_spans(text)
    ]


def french_faults(fragment: str) -> list[str]:
    for escaped, plain in ESCAPES.items():
        fragment = fragment.replace(escaped, plain)
    for allowed in FRENCH_ALLOWED:
        fragment = fragment.replace(allowed, "")
    return [why for pattern, why in FRENCH_FAULTS if pattern.search(fragment)]


def test_the_string_scanner_reads_literals_and_skips_the_rest() -> None:
    source = (
        'const a = "un (s)"; // pas « ceci »\n'
        "const b = x.replace(/[\"']/g, '') / 2;\n"
        "const c = `${n} candidat(s) ${f(`dedans : ${y}`)} fin`;\n"
    )
    texts = [text for _, text in string_literals(source)]
    assert texts == ["un (s)", "", "{}", " candidat(s) {}", "dedans : {}", "", " fin"]
    assert french_faults("3 candidat(s)") and french_faults("Sessions de Collège Anne Frank")
    assert french_faults("Attention : ceci") and french_faults("« Valider »")
    assert not french_faults("Attention\u00a0: «\u00a0Valider\u00a0» Surveillant(s)")
    assert not french_faults("tbody input[type=checkbox]:not(:disabled)")


def test_the_front_end_writes_french_that_reads_well() -> None:
    """No « (s) », « (e) », « de Collège », and U+00A0 before « : ; ! ? » and inside « » in
    the strings of web/js and the text of web/index.html (docs/french.md)."""
    faults = []
    for path in sources():
        name = path.relative_to(WEB).as_posix()
        for line, fragment in string_literals(path.read_text(encoding="utf-8")):
            faults += [f"{name}:{line}: {why}: {fragment!r}" for why in french_faults(fragment)]
    page = (WEB / "index.html").read_text(encoding="utf-8")
    for text in re.findall(r">([^<]+)<", page):
        faults += [f"index.html: {why}: {text!r}" for why in french_faults(text)]
    assert faults == [], "\n".join(faults)


def test_every_action_of_a_session_s_history_reads_in_french() -> None:
    """Pix staff read a session's history: an action the screen has no French name for shows
    its code. The center's own trail (team, pupils' data) and a deleted session's event never
    appear there."""
    text = (VIEWS / "pix" / "events.js").read_text(encoding="utf-8")
    named = set(re.findall(r"^\s+([A-Z_]+): \"", text, re.MULTILINE))
    never_shown = {"SESSION_DELETED"} | {
        a.value for a in AuditAction if a.name.startswith(("MEMBER_", "INVITATION_", "STUDENT"))
    }
    assert sorted({a.value for a in AuditAction} - never_shown - named) == []
