"""The results file Pix staff import (docs/results.md, « Le fichier CSV ») : a header row
`Numéro de certification;Statut;Score;1.1;…;5.2`, then one candidate per row. Read with the
roster's CSV functions (encoding, delimiter, quoted fields, line numbers)."""

from __future__ import annotations

from collections.abc import Sequence

from shared.domain.limits import MAX_RESULT_LINES
from shared.domain.results import COMPETENCE_CODES
from shared.domain.results_entry import (
    LineError,
    ParsedResults,
    RawResult,
    check_all,
    invalid_results_file,
    no_results,
    too_many_results,
)
from shared.domain.roster.csv_roster import (
    csv_records,
    decode_csv,
    delimiter_of,
    first_non_blank_line,
)
from shared.domain.roster.text import fold

NUMBER = "Numéro de certification"
STATUS = "Statut"
SCORE = "Score"
HEADER: tuple[str, ...] = (NUMBER, STATUS, SCORE, *COMPETENCE_CODES)
_FIELDS_BY_KEY = {fold(label): label for label in HEADER}
# "Score Pix" (the class file's header) is read as "Score".
_FIELDS_BY_KEY[fold("Score Pix")] = SCORE
# Integers as a spreadsheet may write them: "512", " 512 ", "512,0" is not one.
_MAX_DIGITS = 12


def parse_results_csv(content: bytes) -> ParsedResults:
    text = decode_csv(content, invalid_results_file)
    first_line = first_non_blank_line(text)
    if first_line is None:
        raise no_results()
    delimiter, has_sep_line = delimiter_of(first_line)
    columns: dict[str, int] | None = None
    width = 0
    raws: list[RawResult] = []
    errors: list[LineError] = []
    for line, row in csv_records(text, delimiter, invalid_results_file):
        if not any(cell.strip() for cell in row):
            continue
        if has_sep_line:
            has_sep_line = False
            continue
        if columns is None:
            columns = _columns(row)
            width = len(row)
            continue
        if len(raws) + len(errors) >= MAX_RESULT_LINES:
            raise too_many_results()
        extra = [cell for cell in row[width:] if cell.strip()]
        if len(row) < width or extra:
            errors.append(
                LineError(
                    line=line,
                    code="COLUMN_COUNT",
                    message=f"Ligne {line} : {len(row)} colonnes au lieu de {width} "
                    "(celles de la ligne d'en-tête).",
                )
            )
            continue
        raws.append(_raw(line, row, columns))
    if not raws and not errors:
        raise no_results()
    checked = check_all(raws, lambda other: f"ligne {other}")
    return ParsedResults(
        entries=checked.entries,
        errors=sorted([*errors, *checked.errors], key=lambda e: e.line),
    )


def _raw(line: int, row: Sequence[str], columns: dict[str, int]) -> RawResult:
    def cell(label: str) -> str:
        index = columns[label]
        return row[index].strip() if index < len(row) else ""

    number, bad_number = _integer(cell(NUMBER))
    score, bad_score = _integer(cell(SCORE))
    levels: list[tuple[str, int | None]] = []
    bad_levels: list[str] = []
    for code in COMPETENCE_CODES:
        level, bad = _integer(cell(code))
        if bad:
            bad_levels.append(code)
        else:
            levels.append((code, level))
    return RawResult(
        line=line,
        where=f"Ligne {line}",
        certification_number=number,
        status=cell(STATUS),
        pix_score=score,
        competences=levels,
        bad_number=bad_number,
        bad_score=bad_score,
        bad_levels=tuple(bad_levels),
    )


def _integer(value: str) -> tuple[int | None, bool]:
    """The cell's integer, and whether the cell held something else (blank: (None, False))."""
    if not value:
        return None, False
    if value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS:
        return int(value), False
    return None, True


def _columns(header: Sequence[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = _FIELDS_BY_KEY.get(fold(cell))
        if label is None:
            continue
        if label in columns:
            raise invalid_results_file(
                f"La colonne « {label} » figure plusieurs fois dans l'en-tête."
            )
        columns[label] = index
    missing = [label for label in HEADER if label not in columns]
    if missing:
        listed = ", ".join(f"« {label} »" for label in missing)
        raise invalid_results_file(
            f"Colonnes absentes de la ligne d'en-tête : {listed}. La première ligne du fichier "
            f"doit nommer les colonnes : {';'.join(HEADER)}."
        )
    return columns
