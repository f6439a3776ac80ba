"""From the raw values of one pupil (a CSV row, a SIECLE ELEVE) to a `RosterStudent`, or to the
list of what is wrong with it. Shared by both readers; only the wording differs (a `Dialect`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from shared.domain.errors import RuleViolation
from shared.domain.limits import MAX_DIVISION_LENGTH, MAX_ROSTER_STUDENTS
from shared.domain.roster.countries import country_name
from shared.domain.roster.model import RosterLineError, RosterStudent, Sex
from shared.domain.roster.text import (
    clean,
    fold,
    french_number,
    has_control_characters,
    looks_like_formula,
    quoted,
)

MAX_NAME_LENGTH = 100
MAX_PLACE_LENGTH = 100
MIN_BIRTH_YEAR = 1900

_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_YEAR_MONTH_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# INE (identifiant national élève): 11 characters, digits and letters (10 digits + 1 letter,
# or 9 digits + 2 letters).
_INE = re.compile(r"[0-9A-Z]{11}")
_COUNTRY_CODE = re.compile(r"(?:99)?([0-9]{3})")
# INSEE commune code: 5 characters, Corsica's départements being 2A and 2B.
_CITY_CODE = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{3}")

EMPTY_ROSTER_MESSAGE = "Le fichier ne contient aucun élève."


def invalid_roster(message: str) -> RuleViolation:
    return RuleViolation("INVALID_ROSTER", message)


def empty_roster() -> RuleViolation:
    return invalid_roster(EMPTY_ROSTER_MESSAGE)


def too_many_students() -> RuleViolation:
    return RuleViolation(
        "TOO_MANY_STUDENTS",
        f"Le fichier contient plus de {french_number(MAX_ROSTER_STUDENTS)} élèves : "
        f"un import en accepte au plus {french_number(MAX_ROSTER_STUDENTS)}.",
    )


@dataclass(frozen=True)
class RawPupil:
    """The values of one pupil as found in the file, untouched ("" when absent)."""

    line: int
    # How the messages name this pupil: "Ligne 4", "Élève n° 3 (ELEVE_ID 9000103)".
    where: str
    last_name: str
    first_name: str
    birthdate: str
    division: str
    national_student_id: str = ""
    sex: str = ""
    birth_city: str = ""
    birth_city_code: str = ""
    birth_country: str = ""
    birth_country_code: str = ""


@dataclass(frozen=True)
class Dialect:
    """How one file format names its fields and reads its codes."""

    # French label of each field, with its article: "le nom de naissance", "la classe".
    labels: Mapping[str, str]
    # The accepted sex values, as `fold`ed keys ("m", "feminin", "1").
    sexes: Mapping[str, Sex]
    sex_hint: str
    date_hint: str
    iso_dates: bool
    # How a duplicate refers to an earlier pupil: "ligne 3", "pour l'élève n° 3".
    refer: Callable[[int], str]


class LineProblems:
    def __init__(self, raw: RawPupil) -> None:
        self._raw = raw
        self.errors: list[RosterLineError] = []

    def add(self, code: str, problem: str) -> None:
        self.errors.append(
            RosterLineError(
                line=self._raw.line, code=code, message=f"{self._raw.where} : {problem}"
            )
        )


class PupilChecker:
    """Checks pupils one after the other, remembering the INEs already seen."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._ines: dict[str, int] = {}

    def check(self, raw: RawPupil) -> RosterStudent | list[RosterLineError]:
        problems = LineProblems(raw)
        labels = self._dialect.labels
        last_name = _text(problems, raw.last_name, labels["last_name"], "INVALID_NAME")
        first_name = _text(problems, raw.first_name, labels["first_name"], "INVALID_NAME")
        birthdate = self._birthdate(problems, raw.birthdate)
        division = _text(
            problems, raw.division, labels["division"], "INVALID_DIVISION", MAX_DIVISION_LENGTH
        )
        ine = self._ine(problems, raw)
        sex = self._sex(problems, raw.sex)
        birth_city = _optional_text(
            problems, raw.birth_city, labels["birth_city"], "INVALID_BIRTH_CITY"
        )
        city_code = _city_code(problems, raw.birth_city_code, labels["birth_city_code"])
        birth_country = _optional_text(
            problems, raw.birth_country, labels["birth_country"], "INVALID_BIRTH_COUNTRY"
        )
        country_code = _country_code(problems, raw.birth_country_code, labels["birth_country_code"])
        if problems.errors or birthdate is None:
            return problems.errors
        return RosterStudent(
            line=raw.line,
            national_student_id=ine,
            last_name=last_name,
            first_name=first_name,
            birthdate=birthdate,
            division=division,
            sex=sex,
            birth_city=birth_city or None,
            birth_city_code=city_code,
            birth_country=birth_country or country_name(country_code),
            birth_country_code=country_code,
        )

    def _birthdate(self, problems: LineProblems, value: str) -> date | None:
        label = self._dialect.labels["birthdate"]
        text = clean(value)
        if not text:
            problems.add("REQUIRED_FIELD", f"{label} est obligatoire.")
            return None
        parsed = parse_date(text, iso=self._dialect.iso_dates)
        if parsed is None:
            problems.add(
                "INVALID_BIRTHDATE",
                f"{label} {quoted(text)} n'est pas valide ({self._dialect.date_hint}).",
            )
            return None
        if parsed.year < MIN_BIRTH_YEAR:
            problems.add(
                "INVALID_BIRTHDATE",
                f"{label} {quoted(text)} n'est pas valide (année antérieure à {MIN_BIRTH_YEAR}).",
            )
            return None
        return parsed

    def _ine(self, problems: LineProblems, raw: RawPupil) -> str | None:
        label = self._dialect.labels["national_student_id"]
        text = clean(raw.national_student_id).upper()
        if not text:
            return None
        if not _INE.fullmatch(text):
            problems.add(
                "INVALID_INE",
                f"{label} {quoted(text)} n'est pas valide (11 caractères, chiffres et lettres).",
            )
            return None
        first = self._ines.setdefault(text, raw.line)
        if first != raw.line:
            problems.add("DUPLICATE_INE", f"l'INE {text} figure déjà {self._dialect.refer(first)}.")
            return None
        return text

    def _sex(self, problems: LineProblems, value: str) -> Sex | None:
        text = clean(value)
        if not text:
            return None
        sex = self._dialect.sexes.get(fold(text))
        if sex is None:
            label = self._dialect.labels["sex"]
            problems.add(
                "INVALID_SEX",
                f"{label} {quoted(text)} n'est pas valide ({self._dialect.sex_hint}).",
            )
        return sex


def parse_date(value: str, *, iso: bool) -> date | None:
    """jj/mm/aaaa (day and month on one or two digits), and aaaa-mm-jj when `iso`; None when
    the text is not a real calendar date in one of these formats."""
    match = _DAY_MONTH_YEAR.fullmatch(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    elif iso and (match := _YEAR_MONTH_DAY.fullmatch(value)):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _text(
    problems: LineProblems, value: str, label: str, code: str, max_length: int = MAX_NAME_LENGTH
) -> str:
    """A required free-text value, trimmed, or "" (and a problem) when it cannot be imported."""
    if not has_control_characters(value) and not clean(value):
        problems.add("REQUIRED_FIELD", f"{label} est obligatoire.")
        return ""
    return _optional_text(problems, value, label, code, max_length)


def _optional_text(
    problems: LineProblems, value: str, label: str, code: str, max_length: int = MAX_PLACE_LENGTH
) -> str:
    """A free-text value, trimmed ("" when blank), or "" and a problem when it cannot be
    imported: control characters, a formula, too long."""
    if has_control_characters(value):
        problems.add(code, f"{label} contient des caractères de contrôle ou invisibles.")
        return ""
    text = clean(value)
    if text and looks_like_formula(text):
        problems.add(
            code, f"{label} {quoted(text)} ne peut pas commencer par =, +, - ou @ (formule)."
        )
        return ""
    if len(text) > max_length:
        problems.add(code, f"{label} {quoted(text)} dépasse {max_length} caractères.")
        return ""
    return text


def _city_code(problems: LineProblems, value: str, label: str) -> str | None:
    text = clean(value).upper()
    if not text:
        return None
    if len(text) == 4 and text.isascii() and text.isdigit():
        # A spreadsheet dropped the leading zero of départements 01 to 09: 1053 → 01053.
        text = "0" + text
    if not _CITY_CODE.fullmatch(text):
        problems.add(
            "INVALID_BIRTH_CITY_CODE",
            f"{label} {quoted(text)} n'est pas un code commune INSEE (5 caractères).",
        )
        return None
    return text


def _country_code(problems: LineProblems, value: str, label: str) -> str | None:
    text = clean(value)
    if not text:
        return None
    match = _COUNTRY_CODE.fullmatch(text)
    if not match:
        problems.add(
            "INVALID_BIRTH_COUNTRY_CODE",
            f"{label} {quoted(text)} n'est pas un code pays INSEE (3 chiffres, ou 5 chiffres "
            "commençant par 99).",
        )
        return None
    return match.group(1)
