"""Access codes and supervisor passwords.

The alphabets leave out letters and digits that are easily confused when read aloud or
copied from a board (0/O, 1/I/L, 5/S, A, E, N, U, Z).
"""

from __future__ import annotations

import re
from random import Random

ACCESS_CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
ACCESS_CODE_DIGITS = "2346789"
SUPERVISOR_PASSWORD_ALPHABET = ACCESS_CODE_DIGITS + ACCESS_CODE_LETTERS

_ACCESS_CODE_PATTERN = re.compile(f"^[{ACCESS_CODE_LETTERS}]{{4}}[{ACCESS_CODE_DIGITS}]{{2}}$")
_SUPERVISOR_PASSWORD_PATTERN = re.compile(f"^C-[{SUPERVISOR_PASSWORD_ALPHABET}]{{5}}$")


def generate_access_code(rng: Random) -> str:
    letters = "".join(rng.choice(ACCESS_CODE_LETTERS) for _ in range(4))
    digits = "".join(rng.choice(ACCESS_CODE_DIGITS) for _ in range(2))
    return letters + digits


def is_access_code(value: str) -> bool:
    return bool(_ACCESS_CODE_PATTERN.match(value))


def generate_supervisor_password(rng: Random) -> str:
    return "C-" + "".join(rng.choice(SUPERVISOR_PASSWORD_ALPHABET) for _ in range(5))


def is_supervisor_password(value: str) -> bool:
    return bool(_SUPERVISOR_PASSWORD_PATTERN.match(value))
