"""The audit trails: who changed what, when — a session's story, and a center's own trail:
its team (roles, departures, invitations) and its pupils' data (purges, exports, erasures).
Written in the same transaction as the change wherever the change is one write, so that no
change goes unrecorded."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from shared.domain.people import Caller, Identity, Invigilator


class AuditAction(StrEnum):
    SESSION_CREATED = "SESSION_CREATED"
    SESSION_UPDATED = "SESSION_UPDATED"
    SESSION_DELETED = "SESSION_DELETED"
    CANDIDATES_ENROLLED = "CANDIDATES_ENROLLED"
    CANDIDATE_REMOVED = "CANDIDATE_REMOVED"
    EXTRA_TIME_SET = "EXTRA_TIME_SET"
    CANDIDATE_JOINED = "CANDIDATE_JOINED"
    COURSE_COMPLETED = "COURSE_COMPLETED"
    ISSUE_REPORT_ADDED = "ISSUE_REPORT_ADDED"
    ISSUE_REPORT_DELETED = "ISSUE_REPORT_DELETED"
    FINALIZATION_DRAFT_SAVED = "FINALIZATION_DRAFT_SAVED"
    ATTACHMENT_ADDED = "ATTACHMENT_ADDED"
    ATTACHMENT_VERIFIED = "ATTACHMENT_VERIFIED"
    ATTACHMENT_DELETED = "ATTACHMENT_DELETED"
    SESSION_FINALIZED = "SESSION_FINALIZED"
    SESSION_PUBLISHED = "SESSION_PUBLISHED"
    # Processing by Pix staff (docs/processing.md).
    SESSION_ASSIGNED = "SESSION_ASSIGNED"
    JURY_COMMENT_SET = "JURY_COMMENT_SET"
    ISSUE_REPORT_RESOLVED = "ISSUE_REPORT_RESOLVED"
    SESSION_UNFINALIZED = "SESSION_UNFINALIZED"
    SESSION_UNPUBLISHED = "SESSION_UNPUBLISHED"
    # Published, but the e-mails telling the school's admins could not all be sent: the staff
    # see it in the session's trail (the publication stands).
    RESULTS_EMAIL_FAILED = "RESULTS_EMAIL_FAILED"
    RESULTS_SAVED = "RESULTS_SAVED"
    INVIGILATOR_LOGGED_IN = "INVIGILATOR_LOGGED_IN"
    CANDIDATE_AUTHORIZED_TO_START = "CANDIDATE_AUTHORIZED_TO_START"
    CANDIDATE_AUTHORIZATION_WITHDRAWN = "CANDIDATE_AUTHORIZATION_WITHDRAWN"
    CANDIDATE_RESUME_AUTHORIZED = "CANDIDATE_RESUME_AUTHORIZED"
    CANDIDATE_RESUMED = "CANDIDATE_RESUMED"
    CANDIDATE_ENDED_BY_SUPERVISOR = "CANDIDATE_ENDED_BY_SUPERVISOR"
    # The center's trail (its team).
    MEMBER_ROLE_CHANGED = "MEMBER_ROLE_CHANGED"
    MEMBER_REMOVED = "MEMBER_REMOVED"
    MEMBER_LEFT = "MEMBER_LEFT"
    INVITATION_SENT = "INVITATION_SENT"
    INVITATION_RESENT = "INVITATION_RESENT"
    INVITATION_CANCELLED = "INVITATION_CANCELLED"
    INVITATION_ACCEPTED = "INVITATION_ACCEPTED"
    # The center's trail (its pupils' data, docs/data-protection.md): pupils named by their
    # roster id only, never by name (an erased pupil's event must not keep it).
    STUDENTS_PURGED = "STUDENTS_PURGED"
    STUDENT_DATA_EXPORTED = "STUDENT_DATA_EXPORTED"
    STUDENT_ERASED = "STUDENT_ERASED"


class ActorType(StrEnum):
    USER = "USER"
    INVIGILATOR = "INVIGILATOR"
    CANDIDATE = "CANDIDATE"
    SYSTEM = "SYSTEM"


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    type: ActorType
    id: str
    label: str

    @classmethod
    def user(cls, identity: Identity, label: str | None = None) -> Actor:
        """Labelled with the address, or with `label` (a Pix staff member's name)."""
        return cls(type=ActorType.USER, id=identity.user_id, label=label or identity.email)

    @classmethod
    def candidate(cls, certification_number: int) -> Actor:
        return cls(
            type=ActorType.CANDIDATE,
            id=str(certification_number),
            label=f"Candidat n° {certification_number}",
        )

    @classmethod
    def invigilator(cls, session_id: int) -> Actor:
        """The person in the exam room, logged in with the session's supervisor password."""
        return cls(
            type=ActorType.INVIGILATOR,
            id=f"invigilator:{session_id}",
            label=f"Surveillant de la session {session_id}",
        )

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(type=ActorType.SYSTEM, id=name, label=name)


class AuditEvent(BaseModel):
    """An event of one trail: a session's (`session_id`) or a center's (`center_id`)."""

    model_config = ConfigDict(frozen=True)

    session_id: int | None = None
    center_id: str | None = None
    at: datetime
    actor: Actor
    action: AuditAction
    changes: dict[str, Any] = {}

    @model_validator(mode="after")
    def _one_trail(self) -> AuditEvent:
        if (self.session_id is None) == (self.center_id is None):
            raise ValueError("an event belongs to a session's trail or to a center's")
        return self


class Audit(BaseModel):
    """Who acts and when, for the events of one use case: `audit.event(...)` per write."""

    model_config = ConfigDict(frozen=True)

    actor: Actor
    at: datetime

    @classmethod
    def by(cls, caller: Caller, at: datetime, label: str | None = None) -> Audit:
        if isinstance(caller, Invigilator):
            return cls(actor=Actor.invigilator(caller.session_id), at=at)
        return cls(actor=Actor.user(caller, label), at=at)

    def event(
        self, session_id: int, action: AuditAction, changes: dict[str, Any] | None = None
    ) -> AuditEvent:
        return AuditEvent(
            session_id=session_id,
            at=self.at,
            actor=self.actor,
            action=action,
            changes=changes or {},
        )

    def center_event(
        self, center_id: str, action: AuditAction, changes: dict[str, Any] | None = None
    ) -> AuditEvent:
        """An event of the center's own trail (its team), read by its administrators."""
        return AuditEvent(
            center_id=center_id,
            at=self.at,
            actor=self.actor,
            action=action,
            changes=changes or {},
        )


def diff(before: BaseModel, after: BaseModel, fields: tuple[str, ...]) -> dict[str, Any]:
    """`{field: {"from": old, "to": new}}` for the fields that changed, in JSON terms."""
    changes: dict[str, Any] = {}
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes[name] = {"from": _plain(old), "to": _plain(new)}
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
