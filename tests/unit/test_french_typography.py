"""The French the server writes (API messages, e-mails, PDFs, the operators' command) follows
docs/french.md: a non-breaking space (U+00A0) before « : ; ! ? » and inside « », real
agreement instead of « (s) » or « (e) », « du Collège » rather than « de Collège ».

The check reads every string literal of the application's code (docstrings aside: they are
English for engineers) and the e-mail templates, as written in the source: the strings are
right where they are written, nothing rewrites them at run time."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for folder in ("shared", "functions", "ops") for p in (ROOT / folder).rglob("*.py")]
TEMPLATES = sorted((ROOT / "shared" / "domain" / "email_templates").glob("*.*"))

# An ordinary space before a high punctuation mark that ends a word group (« Centre inconnu :
# X »): not before a DynamoDB placeholder (« = :pk ») or an operator (« != »).
SPACE_BEFORE_MARK = re.compile(r" [:;!?](?![\w={])")
QUOTES_WITH_SPACE = re.compile(r"« | »")
# « candidat(s) », « présent(e) », « inscrit(e)s »: French says the number and the person.
INCLUSIVE = re.compile(r"\w\((?:s|e|es|x)\)")
BARE_ARTICLE = re.compile(r"\bde (?:Collège|Lycée)\b")
# The seed's own wording, kept as the paper forms print it.
ALLOWED = ("Surveillant(s)", "surveillant(s)", "nom(s) et prénom(s)")


def faults(text: str) -> list[str]:
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    found = []
    for name, pattern in (
        ("ordinary space before : ; ! ?", SPACE_BEFORE_MARK),
        ("ordinary space inside « »", QUOTES_WITH_SPACE),
        ("(s)/(e) instead of agreement", INCLUSIVE),
        ("« de Collège/Lycée » instead of « du »", BARE_ARTICLE),
    ):
        if pattern.search(text):
            found.append(name)
    return found


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
        ):
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def literals(tree: ast.AST) -> list[tuple[int, str]]:
    """Each string literal's line and text, docstrings aside. In an f-string, a piece followed
    by a placeholder ends with « {} »: « = :{name} » is a DynamoDB placeholder, not prose."""
    skipped = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for piece, after in zip(node.values, [*node.values[1:], None], strict=True):
                if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                    skipped.add(id(piece))
                    followed = isinstance(after, ast.FormattedValue)
                    found.append((node.lineno, piece.value + ("{}" if followed else "")))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
        ):
            found.append((node.lineno, node.value))
    return found


def string_faults(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{line}: {fault}: {text!r}"
        for line, text in literals(tree)
        for fault in faults(text)
    ]


def test_the_checks_catch_what_they_are_for() -> None:
    assert faults("Centre inconnu : X") == ["ordinary space before : ; ! ?"]
    assert faults("cliquez sur « Valider »") == ["ordinary space inside « »"]
    assert faults("3 candidat(s) ajouté(s)") == ["(s)/(e) instead of agreement"]
    assert faults("Était présent(e)") == ["(s)/(e) instead of agreement"]
    assert faults("l'équipe de Collège Anne Frank") == ["« de Collège/Lycée » instead of « du »"]
    assert faults("Centre inconnu\u00a0: X, cliquez sur «\u00a0Valider\u00a0»") == []
    assert faults("Surveillant(s) et nom(s) et prénom(s)") == []
    assert faults("version = :expected AND #status <> :created") == []


def test_the_application_strings_are_typeset_in_french() -> None:
    report = [line for path in SOURCES for line in string_faults(path)]
    assert report == [], "\n".join(report)


def test_the_email_templates_are_typeset_in_french() -> None:
    report = [
        f"{path.name}: {fault}"
        for path in TEMPLATES
        for fault in faults(path.read_text(encoding="utf-8"))
    ]
    assert report == [], "\n".join(report)
