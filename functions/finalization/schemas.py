from __future__ import annotations

from datetime import datetime

from functions.attachments.schemas import AttachmentOut
from shared.domain.finalization import (
    CandidateFinalizationInput,
    FinalizationInput,
    IssueReport,
    IssueReportInput,
)
from shared.domain.issue_reports import code_of
from shared.services.finalization import FinalizationView
from shared.web.schemas import RequestBody, ResponseBody


class IssueReportBody(RequestBody, IssueReportInput):
    pass


class CandidateFinalizationBody(RequestBody, CandidateFinalizationInput):
    pass


class FinalizationBody(RequestBody, FinalizationInput):
    """The draft ("Sauvegarder") and the submission ("Valider") have the same shape."""

    candidates: list[CandidateFinalizationBody] | None = None


class IssueReportOut(ResponseBody):
    id: str
    candidate_id: str
    category: str
    subcategory: str | None
    code: str | None
    description: str | None
    question_number: int | None
    created_at: datetime
    # Processing by Pix staff (docs/processing.md).
    is_impactful: bool
    resolution: str | None
    resolved_at: datetime | None

    @classmethod
    def of(cls, report: IssueReport) -> IssueReportOut:
        issue = code_of(report.category, report.subcategory)
        return cls(
            **report.model_dump(exclude={"session_id", "created_by", "category", "resolved_by"}),
            category=report.category.value,
            code=issue.code if issue else None,
            is_impactful=report.is_impactful,
        )


class FinalizationCandidateOut(ResponseBody):
    candidate_id: str
    last_name: str
    first_name: str
    certification_number: int | None
    status: str
    has_seen_end_test_screen: bool
    abort_reason: str | None
    issue_reports: list[IssueReportOut]
    # What the invigilator recorded on the day.
    authorized_to_start: bool
    resumes: int
    ended_at: datetime | None
    end_reason: str | None


class FinalizationOut(ResponseBody):
    session_id: int
    status: str
    examiner_global_comment: str
    has_incident: bool
    has_joining_issue: bool
    candidates: list[FinalizationCandidateOut]
    attachments: list[AttachmentOut]
    finalized_at: datetime | None

    @classmethod
    def of(cls, view: FinalizationView) -> FinalizationOut:
        draft = view.draft
        rows = []
        for candidate in view.candidates:
            entry = draft.candidates.get(candidate.id)
            rows.append(
                FinalizationCandidateOut(
                    candidate_id=candidate.id,
                    last_name=candidate.last_name,
                    first_name=candidate.first_name,
                    certification_number=candidate.certification_number,
                    status=candidate.status.value,
                    has_seen_end_test_screen=bool(entry and entry.has_seen_end_test_screen),
                    abort_reason=entry.abort_reason.value if entry and entry.abort_reason else None,
                    issue_reports=[
                        IssueReportOut.of(r) for r in view.reports if r.candidate_id == candidate.id
                    ],
                    authorized_to_start=candidate.authorized_to_start,
                    resumes=candidate.resumes,
                    ended_at=candidate.ended_at,
                    end_reason=candidate.end_reason,
                )
            )
        return cls(
            session_id=view.session.id,
            status=view.session.school_status.value,
            examiner_global_comment=draft.examiner_global_comment,
            has_incident=draft.has_incident,
            has_joining_issue=draft.has_joining_issue,
            candidates=rows,
            attachments=[AttachmentOut.of(a) for a in view.attachments],
            finalized_at=view.session.finalized_at,
        )
