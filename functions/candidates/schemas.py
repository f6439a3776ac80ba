from __future__ import annotations

from datetime import datetime

from functions.roster.schemas import PupilOut
from shared.domain.candidate import Candidate
from shared.web.schemas import RequestBody, ResponseBody


class EnrolBody(RequestBody):
    student_ids: list[str] | None = None


class ExtraTimeBody(RequestBody):
    extra_time_percentage: int | None = None


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
