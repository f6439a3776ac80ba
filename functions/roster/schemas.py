from __future__ import annotations

from shared.domain.student import Student
from shared.services.roster import ImportReport
from shared.web.schemas import ResponseBody


class LineErrorOut(ResponseBody):
    line: int
    code: str
    message: str


class ImportReportOut(ResponseBody):
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[LineErrorOut]

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportOut:
        return cls(
            **report.model_dump(exclude={"errors"}),
            errors=[LineErrorOut(**e.model_dump()) for e in report.errors],
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


class StudentOut(PupilOut):
    id: str
    national_student_id: str | None
    is_enrolled: bool

    @classmethod
    def of(cls, student: Student, enrolled: frozenset[str]) -> StudentOut:
        return cls(
            **student.model_dump(mode="json", exclude={"center_id"}),
            is_enrolled=student.id in enrolled,
        )
