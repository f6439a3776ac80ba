from __future__ import annotations

from datetime import datetime

from pydantic import computed_field

from shared.domain.roster.birthplace import birth_place
from shared.domain.student import Student
from shared.services.roster import ImportReport
from shared.web.schemas import ResponseBody


class LineErrorOut(ResponseBody):
    line: int
    code: str
    message: str


class IgnoredLineOut(ResponseBody):
    line: int
    reason: str
    message: str


class ImportReportOut(ResponseBody):
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[LineErrorOut]
    # Extra fields: pupils of the roster the file does not list (kept for now, marked as
    # left), and those this import removed from the roster (docs/data-protection.md).
    absent: int
    purged: int
    # Extra field: the first 200 of the `skipped`, each with its reason in French.
    ignored: list[IgnoredLineOut]

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportOut:
        return cls(
            **report.model_dump(exclude={"errors", "ignored"}),
            errors=[LineErrorOut(**e.model_dump()) for e in report.errors],
            ignored=[IgnoredLineOut(**i.model_dump(mode="json")) for i in report.ignored],
        )


class DivisionsOut(ResponseBody):
    items: list[str]


class PupilOut(ResponseBody):
    """The roster fields a student and a candidate both show."""

    last_name: str
    first_name: str
    birthdate: str
    division: str
    sex: str | None
    birth_city: str | None
    birth_city_code: str | None
    birth_country: str | None
    birth_country_code: str | None

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented use
    @property
    def birth_place_label(self) -> str:
        """Extra field: the birthplace in words, as the attendance sheet prints it."""
        return birth_place(
            self.birth_city, self.birth_city_code, self.birth_country, self.birth_country_code
        ).label


class RosterStudentOut(PupilOut):
    id: str
    national_student_id: str | None
    # Extra field: since when the roster imports no longer list them (null: they do).
    left_since: datetime | None

    @classmethod
    def of(cls, student: Student) -> RosterStudentOut:
        return cls(**student.model_dump(mode="json", exclude={"center_id"}))


class StudentOut(RosterStudentOut):
    is_enrolled: bool

    @classmethod
    def enrolled_or_not(cls, student: Student, enrolled: frozenset[str]) -> StudentOut:
        return cls(
            **student.model_dump(mode="json", exclude={"center_id"}),
            is_enrolled=student.id in enrolled,
        )
