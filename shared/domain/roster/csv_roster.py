"""A roster as a CSV file (see docs/roster-import.md): a header row naming the columns, then one
pupil per row."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator, Sequence

from shared.domain.errors import DomainError
from shared.domain.limits import MAX_ROSTER_STUDENTS
from shared.domain.roster.model import (
    MAX_IGNORED_LISTED,
    ParsedRoster,
    RosterIgnoredLine,
    RosterLineError,
    RosterStudent,
    Sex,
    ignored_without_class,
)
from shared.domain.roster.pupil import (
    Dialect,
    PupilChecker,
    RawPupil,
    empty_roster,
    invalid_roster,
    too_many_students,
)
from shared.domain.roster.text import clean, fold

# Field → the column's label as the documentation and the messages spell it.
REQUIRED_COLUMNS = {
    "last_name": "Nom de naissance",
    "first_name": "Prénom",
    "birthdate": "Date de naissance",
    "division": "Classe",
}
OPTIONAL_COLUMNS = {
    "national_student_id": "INE",
    "sex": "Sexe",
    "birth_city": "Commune de naissance",
    "birth_city_code": "Code commune de naissance",
    "birth_country": "Pays de naissance",
    "birth_country_code": "Code pays de naissance",
}
COLUMNS = REQUIRED_COLUMNS | OPTIONAL_COLUMNS
_FIELDS_BY_KEY = {fold(label): field for field, label in COLUMNS.items()}
_DELIMITERS = (";", ",")

CSV_DIALECT = Dialect(
    labels={
        "last_name": "le nom de naissance",
        "first_name": "le prénom",
        "birthdate": "la date de naissance",
        "division": "la classe",
        "national_student_id": "l'INE",
        "sex": "le sexe",
        "birth_city": "la commune de naissance",
        "birth_city_code": "le code commune de naissance",
        "birth_country": "le pays de naissance",
        "birth_country_code": "le code pays de naissance",
    },
    sexes={"m": Sex.M, "f": Sex.F, "masculin": Sex.M, "feminin": Sex.F},
    sex_hint="valeurs acceptées : M, F, Masculin, Féminin",
    date_hint="formats acceptés : jj/mm/aaaa ou aaaa-mm-jj",
    iso_dates=True,
    refer=lambda line: f"ligne {line}",
)


def parse_csv(content: bytes) -> ParsedRoster:
    text = decode_csv(content)
    first_line = first_non_blank_line(text)
    if first_line is None:
        raise empty_roster()
    delimiter, has_sep_line = delimiter_of(first_line)
    checker = PupilChecker(CSV_DIALECT)
    students: list[RosterStudent] = []
    errors: list[RosterLineError] = []
    columns: dict[str, int] | None = None
    count = skipped = 0
    ignored: list[RosterIgnoredLine] = []
    for line, row in csv_records(text, delimiter):
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if has_sep_line:
            has_sep_line = False  # Excel's "sep=;" line, before the header
            continue
        if columns is None:
            columns = _columns(row)
            continue
        count += 1
        if count > MAX_ROSTER_STUDENTS:
            raise too_many_students()
        outcome = _row(checker, line, row, columns)
        if outcome is None:
            skipped += 1
            if len(ignored) < MAX_IGNORED_LISTED:
                ignored.append(ignored_without_class(line, f"Ligne {line}"))
        elif isinstance(outcome, RosterStudent):
            students.append(outcome)
        else:
            errors.extend(outcome)
    if count == 0:
        raise empty_roster()
    return ParsedRoster(students=students, skipped=skipped, ignored=ignored, errors=errors)


def _row(
    checker: PupilChecker, line: int, row: Sequence[str], columns: dict[str, int]
) -> RosterStudent | list[RosterLineError] | None:
    """The row's pupil, or its errors; None for a pupil without a class (skipped)."""

    def cell(field: str) -> str:
        index = columns.get(field)
        return row[index] if index is not None and index < len(row) else ""

    if not clean(cell("division")):
        return None
    return checker.check(
        RawPupil(
            line=line,
            where=f"Ligne {line}",
            last_name=cell("last_name"),
            first_name=cell("first_name"),
            birthdate=cell("birthdate"),
            division=cell("division"),
            national_student_id=cell("national_student_id"),
            sex=cell("sex"),
            birth_city=cell("birth_city"),
            birth_city_code=cell("birth_city_code"),
            birth_country=cell("birth_country"),
            birth_country_code=cell("birth_country_code"),
        )
    )


def delimiter_of(first_line: str) -> tuple[str, bool]:
    """The delimiter, from the header line (the one used the most of ";" and ","), and whether
    the file starts with Excel's "sep=;" line that names it."""
    stripped = first_line.strip()
    if (
        len(stripped) == len("sep=;")
        and stripped.lower().startswith("sep=")
        and stripped[-1] in _DELIMITERS
    ):
        return stripped[-1], True
    return max(_DELIMITERS, key=first_line.count), False


# How a whole file is refused: the roster's INVALID_ROSTER, or another file's own code (the
# results file, shared/domain/results_csv.py, reads CSV with these same functions).
Refusal = Callable[[str], DomainError]


def decode_csv(content: bytes, invalid: Refusal = invalid_roster) -> str:
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise invalid(
            "Le fichier CSV est encodé en UTF-16 : enregistrez-le au format « CSV UTF-8 » ou "
            "« CSV (séparateur : point-virgule) », puis importez-le de nouveau."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        if content.startswith(codecs.BOM_UTF8):
            raise _not_decodable(invalid) from None
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_decodable(invalid) from None


def _not_decodable(invalid: Refusal) -> Exception:
    return invalid("Le fichier CSV doit être encodé en UTF-8 ou en Windows-1252 (ANSI).")


def first_non_blank_line(text: str) -> str | None:
    for line in io.StringIO(text, newline=None):
        if line.strip():
            return line
    return None


def csv_records(
    text: str, delimiter: str, invalid: Refusal = invalid_roster
) -> Iterator[tuple[int, list[str]]]:
    """The records with the physical line number of their first line (a quoted field may
    span several lines)."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True
    )
    previous_end = 0
    try:
        for row in reader:
            first_line = previous_end + 1
            previous_end = reader.line_num
            yield first_line, row
    except csv.Error:
        raise invalid(
            f"Le fichier CSV ne peut pas être lu à partir de la ligne {previous_end + 1} : "
            "guillemet mal placé ou jamais fermé, ou cellule trop longue."
        ) from None


def _columns(header: Sequence[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = _FIELDS_BY_KEY.get(fold(cell))
        if field is None:
            continue  # unknown columns are ignored
        if field in columns:
            raise invalid_roster(
                f"La colonne « {COLUMNS[field]} » figure plusieurs fois dans l'en-tête."
            )
        columns[field] = index
    missing = [label for field, label in REQUIRED_COLUMNS.items() if field not in columns]
    if missing:
        listed = ", ".join(f"« {label} »" for label in missing)
        plural = "s" if len(missing) > 1 else ""
        raise invalid_roster(
            f"Colonne{plural} obligatoire{plural} absente{plural} de la ligne d'en-tête : "
            f"{listed}. La première ligne du fichier doit nommer les colonnes, séparées par "
            "des « ; » ou des « , »."
        )
    return columns
