"""Text helpers shared by the roster readers: trimming, control characters, header keys."""

from __future__ import annotations

import functools
import re
import unicodedata

from shared.domain.text import fold

__all__ = ["fold"]  # header keys are folded like names

# Characters a spreadsheet reads as the start of a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@")
# Whitespace controls that are simply collapsed into one space, like any other whitespace.
_WHITESPACE_CONTROLS = frozenset("\t\n\r\x0b\x0c")
_QUOTE_LIMIT = 40


def clean(value: str | None) -> str:
    """Trimmed, internal runs of whitespace collapsed into one space, NFC-composed.

    Accents, apostrophes, hyphens (`--` included) and case are kept as given."""
    if not value:
        return ""
    return unicodedata.normalize("NFC", " ".join(value.split()))


def has_control_characters(value: str) -> bool:
    """True when `value` holds a control (Cc) or invisible format (Cf) character other than
    ordinary whitespace: NUL, escape, zero-width space, right-to-left override, stray BOM...
    Searched by a regular expression: a file of long values costs no loop per character."""
    if value.isprintable():
        return False
    return control_characters().search(value) is not None


# Format characters (Cf) are only found in planes 0, 1 and 14 (tags); the test suite checks
# that the pattern is the same as from a scan of every code point.
_CONTROL_PLANES = (range(0x20000), range(0xE0000, 0xF0000))


@functools.cache
def control_characters() -> re.Pattern[str]:
    """Cc and Cf characters but the whitespace controls, from the running Python's Unicode
    tables: built once, when a value first holds a character that is not printable (~70 ms)."""
    found = [
        chr(code)
        for plane in _CONTROL_PLANES
        for code in plane
        if unicodedata.category(chr(code)) in ("Cc", "Cf") and chr(code) not in _WHITESPACE_CONTROLS
    ]
    return re.compile("[" + "".join(re.escape(ch) for ch in found) + "]")


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def quoted(value: str) -> str:
    """`value` made safe to echo in an error message: no control characters, at most 40
    characters, between French quotes."""
    visible = _visible(value)
    if len(visible) > _QUOTE_LIMIT:
        visible = visible[: _QUOTE_LIMIT - 1] + "…"
    return f"« {visible} »"


def _visible(value: str) -> str:
    """`value`, characters that are not printable made spaces and blank space collapsed, or at
    least its first 41 characters: it is built from growing prefixes of `value` (a prefix's
    result is a prefix of the whole one), so a long value costs no loop over all of it."""
    size = 4 * (_QUOTE_LIMIT + 1)
    while True:
        part = value[:size]
        if not part.isprintable():
            part = "".join(ch if ch.isprintable() else " " for ch in part)
        visible = " ".join(part.split())
        if len(visible) > _QUOTE_LIMIT or size >= len(value):
            return visible
        size *= 4


def french_number(value: int) -> str:
    """5000 → "5 000"."""
    return f"{value:,}".replace(",", " ")
