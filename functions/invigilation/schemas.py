from __future__ import annotations

from datetime import date, datetime

from functions.sessions.schemas import SessionOut
from shared.domain.candidate import Candidate
from shared.domain.invigilation import AuthorizationInput, EndInput, InvigilatorLoginInput
from shared.services.invigilation import InvigilatorLogin, Supervising
from shared.web.schemas import RequestBody, ResponseBody


class InvigilatorLoginBody(RequestBody, InvigilatorLoginInput):
    pass


class AuthorizationBody(RequestBody, AuthorizationInput):
    pass


class EndBody(RequestBody, EndInput):
    pass


class InvigilatorLoginOut(ResponseBody):
    invigilator_token: str
    expires_in: int
    session: SessionOut

    @classmethod
    def of(cls, login: InvigilatorLogin) -> InvigilatorLoginOut:
        return cls(
            invigilator_token=login.token,
            expires_in=login.expires_in,
            session=SessionOut.of(login.session),
        )


class SupervisedCandidateOut(ResponseBody):
    candidate_id: str
    last_name: str
    first_name: str
    birthdate: date
    division: str
    extra_time_percentage: int
    authorized_to_start: bool
    resume_authorized: bool
    resumes: int
    status: str
    certification_number: int | None
    started_at: datetime | None
    theoretical_end_at: datetime | None
    completed_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None

    @classmethod
    def of(cls, candidate: Candidate) -> SupervisedCandidateOut:
        return cls(
            candidate_id=candidate.id,
            last_name=candidate.last_name,
            first_name=candidate.first_name,
            birthdate=candidate.birthdate,
            division=candidate.division,
            extra_time_percentage=candidate.extra_time_percentage,
            authorized_to_start=candidate.authorized_to_start,
            resume_authorized=candidate.resume_authorized,
            resumes=candidate.resumes,
            status=candidate.status.value,
            certification_number=candidate.certification_number,
            started_at=candidate.joined_at,
            theoretical_end_at=candidate.theoretical_end_at,
            completed_at=candidate.completed_at,
            ended_at=candidate.ended_at,
            end_reason=candidate.end_reason,
        )


class SupervisingOut(ResponseBody):
    session: SessionOut
    candidates: list[SupervisedCandidateOut]

    @classmethod
    def of(cls, view: Supervising) -> SupervisingOut:
        return cls(
            session=SessionOut.of(view.session),
            candidates=[SupervisedCandidateOut.of(c) for c in view.candidates],
        )
