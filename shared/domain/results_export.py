"""What the school downloads for a class: its published results as a CSV file a French
spreadsheet opens as it is (UTF-8 with a BOM, `;`, dates jj/mm/aaaa), with no cell a
spreadsheet would take for a formula."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from datetime import date

from shared.domain import errors
from shared.domain.results import (
    COMPETENCE_CODES,
    STATUS_LABELS,
    CertificationResult,
)

CLASS_HEADER: tuple[str, ...] = (
    "Nom",
    "Prénom",
    "Date de naissance",
    "Classe",
    "INE",
    "Numéro de certification",
    "Session",
    "Date de passage",
    "Statut",
    "Score Pix",
    *COMPETENCE_CODES,
)
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection): such a
# cell is prefixed with an apostrophe, which the spreadsheet shows as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_FILE_NAME_PART = 40


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def french_date(day: date) -> str:
    """As a French spreadsheet reads a date: 05/11/2010."""
    return day.strftime("%d/%m/%Y")


def file_name_part(division: str) -> str:
    """A class name as a file name may spell it: letters without accents, digits, `-`."""
    bare = unicodedata.normalize("NFKD", division)
    ascii_only = bare.encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_only).strip("-_")
    return cleaned[:MAX_FILE_NAME_PART] or "classe"


def class_results_file_name(division: str) -> str:
    return f"resultats-{file_name_part(division)}.csv"


def class_results_csv(results: list[CertificationResult]) -> bytes:
    """One row per published result, in the order given (by name); bytes with a UTF-8 BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CLASS_HEADER)
    for result in results:
        writer.writerow([spreadsheet_safe(cell) for cell in _row(result)])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _row(result: CertificationResult) -> list[str]:
    pupil = result.pupil
    if pupil is None:
        raise ValueError("a published result carries its pupil's copy")
    levels = {c.code: str(c.level) for c in result.competences}
    return [
        pupil.last_name,
        pupil.first_name,
        french_date(pupil.birthdate),
        pupil.division,
        pupil.national_student_id or "",
        str(result.certification_number),
        str(result.session_id),
        french_date(result.session_date) if result.session_date else "",
        STATUS_LABELS[result.status],
        str(result.pix_score),
        *(levels.get(code, "") for code in COMPETENCE_CODES),
    ]


def no_results_for_division() -> errors.NotFound:
    return errors.NotFound(
        "NO_RESULTS_FOR_DIVISION",
        "Aucun résultat publié pour cette classe.",
    )


def division_required() -> errors.BadRequest:
    return errors.BadRequest(
        "INVALID_PARAMETER",
        "Indiquez la classe.",
        [errors.FieldError("division", "REQUIRED", "Indiquez la classe (paramètre division).")],
    )
