"""`shared.adapters.pdf.lazy_regex`, and reportlab imported through it: the URL expression that
reportlab compiles at import (~35 ms of a container's first PDF) is compiled on first use, and
matches as the compiled one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from shared.adapters.pdf.lazy_regex import LazyPattern, compiled_on_first_use

ROOT = Path(__file__).resolve().parents[2]


def test_a_pattern_with_the_given_start_is_compiled_on_first_use_and_matches_the_same() -> None:
    with compiled_on_first_use("(?P<scheme>"):
        lazy = re.compile("(?P<scheme>[a-z]+)://", re.I)
        other = re.compile("[0-9]+")

    assert isinstance(lazy, LazyPattern)
    assert "compiled" not in vars(lazy)  # not compiled yet
    eager = re.compile("(?P<scheme>[a-z]+)://", re.I)
    for text in ("HTTPS://pix.fr", "ftp://x", "pix.fr", ""):
        assert bool(lazy.match(text)) == bool(eager.match(text)), text
    assert lazy.match("HTTPS://pix.fr").group("scheme") == "HTTPS"
    assert (lazy.pattern, lazy.flags) == (eager.pattern, eager.flags)
    assert isinstance(other, re.Pattern)


def test_re_compile_is_given_back_even_when_the_import_fails() -> None:
    compile_ = re.compile

    with pytest.raises(ImportError), compiled_on_first_use("x"):
        raise ImportError("a module that fails to import")

    assert re.compile is compile_


def test_reportlab_is_imported_with_its_url_expression_uncompiled_and_it_still_matches() -> None:
    # In a fresh interpreter, as a container's first PDF.
    code = (
        "import re, sys; sys.path.insert(0, sys.argv[1]); compile_ = re.compile\n"
        "from shared.adapters.pdf import attendance\n"
        "from reportlab.platypus import paragraph\n"
        "print(type(paragraph.uri_pat).__name__, 'compiled' in vars(paragraph.uri_pat),"
        " re.compile is compile_)\n"
        "print(paragraph._uri_split_pairs('https://pix.fr/a/b'))\n"
        "print(paragraph._uri_split_pairs('pas une adresse'))\n"
    )

    lines = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True
    ).stdout.splitlines()

    assert lines[0] == "LazyPattern False True"
    pairs = "[('https://pix.fr/a/', 'b'), ('https://pix.fr/', 'a/b'), ('https://', 'pix.fr/a/b')]"
    assert lines[1:] == [pairs, "None"]
