from __future__ import annotations

from datetime import datetime

from shared.domain.joining import JoinInput
from shared.services.joining import Joined
from shared.web.schemas import RequestBody, ResponseBody


class JoinBody(RequestBody, JoinInput):
    pass


class JoinedOut(ResponseBody):
    candidate_id: str
    certification_number: int
    course_token: str
    started_at: datetime
    theoretical_end_at: datetime
    extra_time_percentage: int

    @classmethod
    def of(cls, joined: Joined) -> JoinedOut:
        return cls(**joined.model_dump())


class CourseOut(ResponseBody):
    certification_number: int
    status: str
    completed_at: datetime | None
