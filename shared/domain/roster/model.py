"""What a roster file says, once read: one entry per importable pupil, plus what was skipped
and what was wrong, line by line."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.domain.roster.birthplace import BirthPlace, birth_place


class Sex(StrEnum):
    M = "M"
    F = "F"


class Pupil(BaseModel):
    """Who a pupil is, as the school's roster says: the fields the roster, the school's pupils
    and the session's candidates (a copy made at enrolment) all carry."""

    model_config = ConfigDict(frozen=True)

    last_name: str
    first_name: str
    birthdate: date
    division: str
    sex: Sex | None = None
    birth_city: str | None = None
    birth_city_code: str | None = None
    birth_country: str | None = None
    birth_country_code: str | None = None

    @property
    def birth_place(self) -> BirthPlace:
        return birth_place(
            self.birth_city, self.birth_city_code, self.birth_country, self.birth_country_code
        )


class RosterStudent(Pupil):
    """One pupil as the file describes them; names are trimmed, never re-cased."""

    line: int
    national_student_id: str | None = None


class RosterLineError(BaseModel):
    """A line that could not be imported. `line`: the line number in a CSV file (header = 1);
    for SIECLE XML, the pupil's position among the ELEVE elements (1 = first)."""

    model_config = ConfigDict(frozen=True)

    line: int
    code: str
    message: str


class IgnoredReason(StrEnum):
    LEFT_SCHOOL = "LEFT_SCHOOL"  # SIECLE: a DATE_SORTIE
    NO_DIVISION = "NO_DIVISION"  # no class: not taught this year


class RosterIgnoredLine(BaseModel):
    """A pupil left out without error, and why, in French (`message`) and as a code."""

    model_config = ConfigDict(frozen=True)

    line: int
    reason: IgnoredReason
    message: str


# The report lists the first ignored pupils only (`skipped` counts them all): an export may
# list thousands of pupils who left over the years.
MAX_IGNORED_LISTED = 200


class ParsedRoster(BaseModel):
    model_config = ConfigDict(frozen=True)

    students: list[RosterStudent]
    skipped: int = 0
    # The first MAX_IGNORED_LISTED of the `skipped`, each with its reason.
    ignored: list[RosterIgnoredLine] = []
    errors: list[RosterLineError] = []
    # The school's UAI as the SIECLE file states it (PARAMETRES/UAJ); None for CSV.
    uai: str | None = None


def ignored_without_class(line: int, where: str) -> RosterIgnoredLine:
    return RosterIgnoredLine(
        line=line,
        reason=IgnoredReason.NO_DIVISION,
        message=f"{where} : élève sans classe cette année, non importé.",
    )


def ignored_left(line: int, where: str, left_on: str) -> RosterIgnoredLine:
    when = f"le {left_on}" if left_on else "de l'établissement"
    return RosterIgnoredLine(
        line=line,
        reason=IgnoredReason.LEFT_SCHOOL,
        message=f"{where} : élève sorti {when}, non importé.",
    )
