import re
from random import Random

from shared.domain.codes import (
    ACCESS_CODE_DIGITS,
    ACCESS_CODE_LETTERS,
    generate_access_code,
    generate_supervisor_password,
    is_access_code,
    is_supervisor_password,
)

CONFUSABLE = set("AEIOULNSZ015")


def test_access_codes_are_four_letters_then_two_digits_from_the_contract_alphabets() -> None:
    rng = Random(7)
    codes = [generate_access_code(rng) for _ in range(2000)]
    for code in codes:
        assert re.fullmatch(r"[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}", code), code
        assert is_access_code(code)


def test_access_codes_use_the_whole_alphabet_and_nothing_confusable() -> None:
    rng = Random(11)
    codes = [generate_access_code(rng) for _ in range(3000)]
    letters = {c for code in codes for c in code[:4]}
    digits = {c for code in codes for c in code[4:]}
    assert letters == set(ACCESS_CODE_LETTERS)
    assert digits == set(ACCESS_CODE_DIGITS)
    assert not (letters | digits) & CONFUSABLE


def test_access_codes_vary() -> None:
    rng = Random(3)
    assert len({generate_access_code(rng) for _ in range(500)}) > 490


def test_is_access_code_rejects_near_misses() -> None:
    for bad in ["BCDF2", "BCDF234", "bcdf23", "BCDA23", "BCDF13", "BCD223", ""]:
        assert not is_access_code(bad), bad


def test_supervisor_password_looks_like_the_seed() -> None:
    rng = Random(5)
    for _ in range(500):
        password = generate_supervisor_password(rng)
        assert re.fullmatch(r"C-[2346789BCDFGHJKMPQRTVWXY]{5}", password), password
        assert is_supervisor_password(password)
    assert not is_supervisor_password("C-7K2M")
    assert not is_supervisor_password("X-7K2MX")
