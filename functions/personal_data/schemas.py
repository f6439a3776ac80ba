"""The export of everything stored about one pupil (camelCase, as every answer)."""

from __future__ import annotations

from datetime import datetime

from functions.candidates.schemas import CandidateOut
from functions.finalization.schemas import IssueReportOut
from functions.processing.schemas import ResultOut
from functions.roster.schemas import RosterStudentOut
from functions.sessions.schemas import EventOut
from shared.domain.audit import AuditEvent
from shared.domain.candidate import Candidate
from shared.domain.finalization import CandidateFinalization
from shared.domain.people import Center
from shared.domain.personal_data import Candidacy, SessionSummary, StudentRecord
from shared.domain.results import CertificationResult, CertifiedPupil
from shared.web.schemas import ResponseBody


class ExportCenterOut(ResponseBody):
    id: str
    name: str
    external_id: str

    @classmethod
    def of(cls, center: Center) -> ExportCenterOut:
        return cls(id=center.id, name=center.name, external_id=center.external_id)


class ExportSessionOut(ResponseBody):
    """The session: its number, when, where and how far — nothing of its other candidates."""

    id: int
    date: str
    time: str
    status: str
    address: str
    room: str

    @classmethod
    def of(cls, session: SessionSummary) -> ExportSessionOut:
        return cls(
            id=session.id,
            date=session.date.isoformat(),
            time=session.time.strftime("%H:%M"),
            status=session.status.value,
            address=session.address,
            room=session.room,
        )


class ExportCandidateOut(CandidateOut):
    """The candidate as the contract shows them, and what else the record holds."""

    enrolled_at: datetime
    authorized_to_start: bool
    resume_authorized: bool
    resumes: int
    ended_at: datetime | None
    end_reason: str | None

    @classmethod
    def of_candidate(cls, candidate: Candidate) -> ExportCandidateOut:
        return cls(**candidate.model_dump(mode="json", exclude={"session_id"}))


class ExportFinalizationOut(ResponseBody):
    """The candidate's row of the finalization: the draft while the session is open."""

    has_seen_end_test_screen: bool
    abort_reason: str | None

    @classmethod
    def of(cls, row: CandidateFinalization) -> ExportFinalizationOut:
        return cls(**row.model_dump(mode="json"))


class ExportPupilOut(ResponseBody):
    """The result's copy of the pupil, as saved with it (the class files, the certificate)."""

    last_name: str
    first_name: str
    birthdate: str
    division: str
    national_student_id: str | None

    @classmethod
    def of(cls, pupil: CertifiedPupil) -> ExportPupilOut:
        return cls(**pupil.model_dump(mode="json"))


class ExportResultOut(ResultOut):
    """The certification result of a published session, and its copy of the pupil."""

    pupil: ExportPupilOut | None

    @classmethod
    def of_result(cls, result: CertificationResult) -> ExportResultOut:
        pupil = ExportPupilOut.of(result.pupil) if result.pupil else None
        return cls(**ResultOut.of(result).model_dump(), pupil=pupil)


class CandidacyOut(ResponseBody):
    session: ExportSessionOut
    candidate: ExportCandidateOut
    finalization: ExportFinalizationOut | None
    issue_reports: list[IssueReportOut]
    # Once the session is published only (before, the school may not read it).
    result: ExportResultOut | None

    @classmethod
    def of(cls, candidacy: Candidacy) -> CandidacyOut:
        row = candidacy.finalization
        return cls(
            session=ExportSessionOut.of(candidacy.session),
            candidate=ExportCandidateOut.of_candidate(candidacy.candidate),
            finalization=ExportFinalizationOut.of(row) if row else None,
            issue_reports=[IssueReportOut.of(r) for r in candidacy.issue_reports],
            result=ExportResultOut.of_result(candidacy.result) if candidacy.result else None,
        )


class ExportEventOut(EventOut):
    """An audit event naming the pupil: of a session (`sessionId`), or of the center (null)."""

    session_id: int | None

    @classmethod
    def of(cls, event: AuditEvent) -> ExportEventOut:
        return cls(**EventOut.of(event).model_dump(), session_id=event.session_id)


class StudentExportOut(ResponseBody):
    """Everything stored about one pupil (RGPD access)."""

    exported_at: datetime
    center: ExportCenterOut
    student: RosterStudentOut
    candidacies: list[CandidacyOut]
    # Oldest first, the sessions' and the center's together.
    events: list[ExportEventOut]

    @classmethod
    def of(cls, record: StudentRecord) -> StudentExportOut:
        events = [*record.session_events, *record.center_events]
        return cls(
            exported_at=record.exported_at,
            center=ExportCenterOut.of(record.center),
            student=RosterStudentOut.of(record.student),
            candidacies=[CandidacyOut.of(c) for c in record.candidacies],
            events=[ExportEventOut.of(e) for e in sorted(events, key=lambda e: e.at)],
        )
