from __future__ import annotations

from datetime import datetime
from typing import Any

from functions.finalization.schemas import FinalizationOut
from functions.sessions.schemas import EventOut, SessionOut
from shared.domain.finalization import FinalizationDraft
from shared.domain.processing import QueuePage
from shared.domain.results import CertificationResult
from shared.domain.session import Session
from shared.services.finalization import FinalizationView
from shared.services.processing import ProcessingView
from shared.web.schemas import RequestBody, ResponseBody


class JuryCommentBody(RequestBody):
    comment: str | None = None


class ResolutionBody(RequestBody):
    resolution: str | None = None


class AdminSessionOut(SessionOut):
    """A session as Pix staff see it: its real status (IN_PROCESS included) and processing."""

    requires_action: bool
    assigned_to: str | None
    # Extra field: the name of the staff member `assignedTo` designates.
    assigned_to_name: str | None
    jury_comment: str

    @classmethod
    def of(cls, session: Session) -> AdminSessionOut:
        return cls(
            **SessionOut.of(session).model_dump(exclude={"status"}),
            status=session.status.value,
            requires_action=session.requires_action,
            assigned_to=session.assigned_to,
            assigned_to_name=session.assigned_to_name,
            jury_comment=session.jury_comment,
        )


class QueuePageOut(ResponseBody):
    items: list[AdminSessionOut]
    page: int
    page_size: int
    total: int
    # Extra fields: the next page in one read, and every queue's count.
    next_cursor: str | None
    counts: dict[str, int]

    @classmethod
    def of(cls, page: QueuePage) -> QueuePageOut:
        return cls(
            items=[AdminSessionOut.of(s) for s in page.sessions],
            page=page.page,
            page_size=page.page_size,
            total=page.total,
            next_cursor=page.next_cursor,
            counts=page.counts,
        )


class CompetenceOut(ResponseBody):
    code: str
    level: int


class ResultOut(ResponseBody):
    candidate_id: str
    certification_number: int
    status: str
    pix_score: int
    competences: list[CompetenceOut]
    # Staff read the code of a validated result (public once the session is published).
    verification_code: str | None
    saved_at: datetime

    @classmethod
    def of(cls, result: CertificationResult) -> ResultOut:
        return cls(
            candidate_id=result.candidate_id,
            certification_number=result.certification_number,
            status=result.status.value,
            pix_score=result.pix_score,
            competences=[CompetenceOut(code=c.code, level=c.level) for c in result.competences],
            verification_code=result.verification_code,
            saved_at=result.saved_at,
        )


class ProcessingOut(AdminSessionOut):
    finalization: FinalizationOut
    results: list[ResultOut]
    events: list[EventOut]

    @classmethod
    def of_view(cls, view: ProcessingView) -> ProcessingOut:
        finalization = FinalizationOut.of(
            FinalizationView(
                session=view.session,
                candidates=view.candidates,
                reports=view.reports,
                draft=FinalizationDraft.model_validate(view.finalization.model_dump()),
                attachments=view.attachments,
            )
        )
        # Staff see the real status in the finalization too.
        finalization = finalization.model_copy(update={"status": view.session.status.value})
        session: dict[str, Any] = AdminSessionOut.of(view.session).model_dump()
        return cls(
            **session,
            finalization=finalization,
            results=[ResultOut.of(r) for r in view.results],
            events=[EventOut.of(e) for e in view.events],
        )
