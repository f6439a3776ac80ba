"""The 48-hour sweep (every 15 minutes, and on demand with an explicit clock) and the list of
overdue sessions for Pix staff."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from shared.domain.compliance import (
    Check,
    Notification,
    NotificationKind,
    deserves_reminder,
    is_overdue,
    next_check,
    notification_emails,
    overdue,
    reminder,
)
from shared.domain.pagination import Page, PageRequest, paginate
from shared.domain.people import Identity, Role
from shared.domain.processing import ensure_pix_admin
from shared.domain.session import Session
from shared.observability import logger
from shared.services.dependencies import Dependencies


class SweepReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime
    examined: int
    reminded: list[int]
    flagged: list[int]
    failed: list[int]
    # E-mails to the centers' admins, one per person and notice (docs/compliance.md).
    emails_sent: int = 0
    emails_failed: int = 0


def verdict(session: Session, now: datetime) -> tuple[Session, Notification | None] | None:
    """What the sweep records for a due session, and what it announces (None: not due)."""
    check = next_check(session)
    if check is None or check.at > now:
        return None
    after = session.model_copy(update={"reminder_sent": True})
    if is_overdue(session, now):
        return after.model_copy(update={"finalization_overdue": True}), overdue(session)
    if check.check is Check.REMINDER and deserves_reminder(session, now):
        return after, reminder(session)
    return after, None  # a reminder skipped: nobody joined


def sweep(deps: Dependencies, now: datetime) -> SweepReport:
    """Read only the sessions whose next check has come; record every verdict with
    conditional writes (together when nothing raced, so that a sweep costs a few requests
    whatever the number due), so that of two overlapping sweeps only one notifies; publish
    after recording, and undo a record whose notification failed, so the next sweep tries
    again."""
    store = deps.compliance
    due = store.due(now)
    judged = [(session, *found) for session in due if (found := verdict(session, now))]
    recorded = store.record_all([(before, after) for before, after, _ in judged])
    announced = [
        (before, after, note)
        for (before, after, note), won in zip(judged, recorded, strict=True)
        if won and note is not None
    ]
    published = deps.notifier.publish_all([note for _, _, note in announced])
    reminded: list[int] = []
    flagged: list[int] = []
    failed: list[int] = []
    notified: list[Notification] = []
    for (before, after, note), sent in zip(announced, published, strict=True):
        if not sent:
            store.record(after, before)
            failed.append(before.id)
            continue
        notified.append(note)
        if note.kind is NotificationKind.OVERDUE:
            flagged.append(before.id)
        else:
            reminded.append(before.id)
    emails_sent, emails_failed = email_admins(deps, notified)
    return SweepReport(
        at=now,
        examined=len(due),
        reminded=reminded,
        flagged=flagged,
        failed=failed,
        emails_sent=emails_sent,
        emails_failed=emails_failed,
    )


def email_admins(deps: Dependencies, notified: list[Notification]) -> tuple[int, int]:
    """E-mail each notice to its center's admins (one Query per center). Sent once the notice
    is recorded and published: an e-mail that fails is logged and counted, not retried — the
    SNS notice went out, and the overdue list shows the session to Pix staff anyway."""
    if not notified:
        return 0, 0
    if deps.web_address is None:
        logger.warning("48-hour e-mails not sent: no web address (WEB_ORIGIN) configured")
        return 0, 0
    admins: dict[str, list[str] | None] = {}
    sent = failed = 0
    for note in notified:
        if note.center_id not in admins:
            admins[note.center_id] = admin_addresses(deps, note.center_id)
        recipients = admins[note.center_id]
        if recipients is None:
            failed += 1
            continue
        for message in notification_emails(note, recipients, deps.web_address):
            if deps.mailer.send(message):
                sent += 1
            else:
                failed += 1
    return sent, failed


def admin_addresses(deps: Dependencies, center_id: str) -> list[str] | None:
    """The addresses of the center's admins; None when its team cannot be read (the notice
    went out on SNS, the results are published: one center's trouble must not cost the
    other centers their e-mails, nor undo what was done)."""
    try:
        members = deps.users.list_members(center_id)
    except Exception as error:
        logger.error("48-hour e-mails: team not read", extra={"reason": type(error).__name__})
        return None
    return [m.email for m in members if m.role is Role.ADMIN and m.email]


def list_overdue(deps: Dependencies, identity: Identity, page: PageRequest) -> Page[Session]:
    """Pix staff: every overdue session, oldest deadline first."""
    ensure_pix_admin(identity)
    return paginate(deps.compliance.overdue(), page)
