"""The 48-hour rule: "la finalisation de la session doit se faire dans les 48h suivant la fin
de la session". What is due when, and what the notifications say."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from shared.domain.email import EmailMessage, compose
from shared.domain.french import of_center, timezone_label
from shared.domain.session import Session, SessionStatus

REMINDER_BEFORE_DEADLINE = timedelta(hours=24)


class Check(StrEnum):
    """The next thing the sweep must look at for an open session."""

    REMINDER = "REMINDER"
    DEADLINE = "DEADLINE"


class DueCheck(BaseModel):
    model_config = ConfigDict(frozen=True)

    check: Check
    at: datetime


def next_check(session: Session) -> DueCheck | None:
    """None once nothing more can be due: finalized, or already flagged overdue."""
    if session.status is not SessionStatus.CREATED or session.finalization_overdue:
        return None
    if not session.reminder_sent:
        return DueCheck(
            check=Check.REMINDER, at=session.finalization_deadline - REMINDER_BEFORE_DEADLINE
        )
    return DueCheck(check=Check.DEADLINE, at=session.finalization_deadline)


def deserves_reminder(session: Session, now: datetime) -> bool:
    """Only a session that has begun, and whose deadline is still ahead."""
    return session.has_started and now < session.finalization_deadline


def is_overdue(session: Session, now: datetime) -> bool:
    return session.status is SessionStatus.CREATED and now >= session.finalization_deadline


class NotificationKind(StrEnum):
    REMINDER = "FINALIZATION_REMINDER"
    OVERDUE = "FINALIZATION_OVERDUE"


class Notification(BaseModel):
    """One message on the notifications topic: names the center, the session, the deadline;
    and, for the e-mails to the center's admins, when and where the session took place."""

    model_config = ConfigDict(frozen=True)

    kind: NotificationKind
    session_id: int
    center_id: str
    center_name: str
    center_timezone: str
    session_date: date
    session_time: time
    room: str
    deadline: datetime
    subject: str
    message: str


def _local(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y à %H:%M")


def _deadline(session: Session) -> str:
    """« 05/12/2026 à 12:00, heure de Paris (UTC+1) »."""
    moment = session.finalization_deadline
    zone = timezone_label(session.center_timezone, moment)
    return f"{_local(moment, session.center_timezone)}, {zone}"


def reminder(session: Session) -> Notification:
    deadline = _deadline(session)
    return _notification(
        NotificationKind.REMINDER,
        session,
        subject=f"certif-sco: session {session.id} to finalize within 24 hours",
        ending=f"doit être finalisée avant le {deadline}, soit dans moins de 24 heures.",
    )


def overdue(session: Session) -> Notification:
    deadline = _deadline(session)
    return _notification(
        NotificationKind.OVERDUE,
        session,
        subject=f"certif-sco: session {session.id} not finalized within 48 hours",
        ending=f"n'a pas été finalisée dans les 48 heures (échéance : {deadline}).",
    )


def _notification(
    kind: NotificationKind, session: Session, subject: str, ending: str
) -> Notification:
    return Notification(
        kind=kind,
        session_id=session.id,
        center_id=session.center_id,
        center_name=session.center_name,
        center_timezone=session.center_timezone,
        session_date=session.date,
        session_time=session.time,
        room=session.room,
        deadline=session.finalization_deadline,
        subject=subject,
        message=f"{session.center_name} : la session n° {session.id} du "
        f"{session.date:%d/%m/%Y} {ending}",
    )


# The session's page in the web front end (web/js/app.js, route `/sessions/{id}`): its
# « Finaliser la session » button is one click away.
SESSION_FRAGMENT = "/#/sessions/{session_id}"
EMAIL_TEMPLATES = {
    NotificationKind.REMINDER: "compliance-reminder",
    NotificationKind.OVERDUE: "compliance-overdue",
}


def notification_emails(
    notification: Notification, recipients: Sequence[str], web_address: str
) -> list[EmailMessage]:
    """The e-mail of a notification for each of `recipients` (the center's admins): one
    message per person, so that no admin sees the others' addresses, and one per address
    however often it is listed. `web_address` is the web front end's origin (WEB_ORIGIN), to
    which the e-mail links the session; the deadline is told in the center's timezone."""
    values = {
        "session_id": str(notification.session_id),
        "of_center": of_center(notification.center_name),
        "session_date": f"{notification.session_date:%d/%m/%Y}",
        "session_time": f"{notification.session_time:%H:%M}",
        "room": notification.room,
        "deadline": _local(notification.deadline, notification.center_timezone),
        "deadline_zone": timezone_label(notification.center_timezone, notification.deadline),
        "link": web_address.rstrip("/")
        + SESSION_FRAGMENT.format(session_id=notification.session_id),
    }
    template = EMAIL_TEMPLATES[notification.kind]
    seen: set[str] = set()
    emails: list[EmailMessage] = []
    for address in recipients:
        if address.casefold() in seen:
            continue
        seen.add(address.casefold())
        emails.append(compose(template, (address,), values))
    return emails
