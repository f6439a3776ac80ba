"""Text helpers shared by the roster readers: trimming, control characters, header keys."""

from __future__ import annotations

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
    ordinary whitespace: NUL, escape, zero-width space, right-to-left override, stray BOM..."""
    if value.isprintable():
        return False
    return any(
        ch not in _WHITESPACE_CONTROLS and unicodedata.category(ch) in ("Cc", "Cf") for ch in value
    )


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def quoted(value: str) -> str:
    """`value` made safe to echo in an error message: no control characters, at most 40
    characters, between French quotes."""
    visible = "".join(ch if ch.isprintable() else " " for ch in value)
    visible = " ".join(visible.split())
    if len(visible) > _QUOTE_LIMIT:
        visible = visible[: _QUOTE_LIMIT - 1] + "…"
    return f"« {visible} »"


def french_number(value: int) -> str:
    """5000 → "5 000"."""
    return f"{value:,}".replace(",", " ")
