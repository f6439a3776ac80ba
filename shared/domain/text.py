"""Comparing people's names the way school staff and pupils expect: without case, accents or
surrounding spaces ("LECŒUR" = "Lecoeur", " Zoé" = "zoe")."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(value: str) -> str:
    """Lower case, no accents, ligatures spelled out, inner whitespace collapsed."""
    spelled = value.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", spelled)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def sort_key(value: str) -> str:
    """A key that sorts names alphabetically in French and fits in a DynamoDB sort key."""
    return fold(value).replace("#", " ")


def natural_key(value: str) -> str:
    """Like `sort_key`, with numbers compared as numbers: 3E2 before 3E10."""
    return re.sub(r"\d+", lambda m: m.group().zfill(6), sort_key(value))
