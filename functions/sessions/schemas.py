from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.domain.audit import AuditEvent
from shared.domain.deadline import local_start
from shared.domain.french import timezone_label
from shared.domain.session import Session, SessionInput
from shared.web.schemas import RequestBody, ResponseBody


class SessionBody(RequestBody, SessionInput):
    """Create (every field) or edit (the fields sent) a session."""


class SessionOut(ResponseBody):
    id: int
    center_id: str
    center_name: str
    address: str
    room: str
    date: str
    time: str
    examiner: str
    description: str
    access_code: str
    supervisor_password: str
    status: str
    version: int
    candidates_count: int
    started_count: int
    finalization_deadline: datetime
    finalization_overdue: bool
    finalized_at: datetime | None
    published_at: datetime | None
    # Extra field: the center's time zone in words at the session's start, « heure de Paris
    # (UTC+1) » (docs/french.md); `date` and `time` are in that zone.
    timezone_label: str

    @classmethod
    def of(cls, session: Session) -> SessionOut:
        start = local_start(session.date, session.time, session.center_timezone)
        return cls(
            **session.model_dump(
                include={
                    "id",
                    "center_id",
                    "center_name",
                    "address",
                    "room",
                    "examiner",
                    "description",
                    "access_code",
                    "supervisor_password",
                    "version",
                    "started_count",
                    "finalization_deadline",
                    "finalization_overdue",
                    "finalized_at",
                    "published_at",
                }
            ),
            date=session.date.isoformat(),
            time=session.time.strftime("%H:%M"),
            status=session.school_status.value,
            candidates_count=session.candidates_count,
            timezone_label=timezone_label(session.center_timezone, start),
        )


class ActorOut(ResponseBody):
    type: str
    id: str
    label: str


class EventOut(ResponseBody):
    at: datetime
    actor: ActorOut
    action: str
    changes: dict[str, Any]

    @classmethod
    def of(cls, event: AuditEvent) -> EventOut:
        return cls(
            at=event.at,
            actor=ActorOut(**event.actor.model_dump(mode="json")),
            action=event.action.value,
            changes=event.changes,
        )
