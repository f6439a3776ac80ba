"""Reading a session's audit trail."""

from __future__ import annotations

from shared.domain.audit import AuditEvent
from shared.domain.pagination import Page, PageRequest, paginate
from shared.domain.people import Identity
from shared.services.ports import EventRepository, SessionRepository, UserRepository
from shared.services.sessions import get_session


def list_events(
    sessions: SessionRepository,
    users: UserRepository,
    events: EventRepository,
    identity: Identity,
    session_id: int,
    page: PageRequest,
) -> Page[AuditEvent]:
    """Oldest first; readable by the center's members (and Pix staff)."""
    session = get_session(sessions, users, identity, session_id)
    return paginate(events.list_for_session(session.id), page)
