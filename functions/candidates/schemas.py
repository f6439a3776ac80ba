from __future__ import annotations

from datetime import datetime

from shared.domain.candidate import Candidate
from shared.domain.student import Student
from shared.services.joining import Joined
from shared.services.roster import ImportReport
from shared.web.schemas import RequestBody, ResponseBody


class EnrolBody(RequestBody):
    student_ids: list[str] | None = None


class ExtraTimeBody(RequestBody):
    extra_time_percentage: int | None = None


class JoinBody(RequestBody):
    access_code: str | None = None
    last_name: str | None = None
    first_name: str | None = None
    birthdate: str | None = None


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


class CandidateOut(PupilOut):
    id: str
    student_id: str
    extra_time_percentage: int
    status: str
    certification_number: int | None
    joined_at: datetime | None
    completed_at: datetime | None

    @classmethod
    def of(cls, candidate: Candidate) -> CandidateOut:
        return cls(**candidate.model_dump(mode="json", exclude={"session_id", "enrolled_at"}))


class CandidatesOut(ResponseBody):
    items: list[CandidateOut]


class EnrolmentOut(ResponseBody):
    added: int
    already_enrolled: int
    candidates: list[CandidateOut]


class JoinedOut(ResponseBody):
    candidate_id: str
    certification_number: int
    course_token: str

    @classmethod
    def of(cls, joined: Joined) -> JoinedOut:
        return cls(**joined.model_dump())


class CourseOut(ResponseBody):
    certification_number: int
    status: str
    completed_at: datetime | None
