"""Use cases on certification sessions: create, read, list, edit, delete."""

from __future__ import annotations

from collections.abc import Mapping
from random import Random

from shared.domain import errors
from shared.domain.audit import Actor, AuditAction, AuditEvent, diff
from shared.domain.codes import generate_access_code, generate_supervisor_password
from shared.domain.errors import AccessCodeTaken
from shared.domain.pagination import Page, PageRequest, paginate
from shared.domain.people import Identity
from shared.domain.session import (
    SESSION_FIELDS,
    Session,
    SessionFilter,
    ensure_not_in_the_past,
    new_session,
    sort_newest_first,
    validate_session_details,
)
from shared.services.access import can_read_center, require_membership
from shared.services.ports import (
    CandidateRepository,
    Clock,
    Documents,
    SessionRepository,
    UserRepository,
)

# 17⁴ × 7² ≈ 4 million codes: a handful of tries always finds a free one.
ACCESS_CODE_ATTEMPTS = 10


def parse_session_id(raw: str) -> int:
    """A session number in a path; anything else is a session that does not exist."""
    if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 12 and int(raw) > 0:
        return int(raw)
    raise errors.session_not_found()


def create_session(
    sessions: SessionRepository,
    users: UserRepository,
    identity: Identity,
    center_id: str,
    form: Mapping[str, str | None],
    clock: Clock,
    rng: Random,
) -> Session:
    membership = require_membership(users, identity, center_id)
    center = membership.center
    details = validate_session_details(form)
    now = clock()
    ensure_not_in_the_past(details.date, now, center.timezone)

    session_id = sessions.next_session_id()
    supervisor_password = generate_supervisor_password(rng)
    for _ in range(ACCESS_CODE_ATTEMPTS):
        session = new_session(
            session_id=session_id,
            center_id=center.id,
            center_name=center.name,
            center_timezone=center.timezone,
            details=details,
            access_code=generate_access_code(rng),
            supervisor_password=supervisor_password,
            created_by=identity.user_id,
            now=now,
        )
        created = AuditEvent(
            session_id=session.id,
            at=now,
            actor=Actor.user(identity),
            action=AuditAction.SESSION_CREATED,
            changes={"details": details.model_dump(mode="json")},
        )
        try:
            sessions.add(session, created)
        except AccessCodeTaken:
            continue
        return session
    raise RuntimeError("no free access code found")


def get_session(
    sessions: SessionRepository, users: UserRepository, identity: Identity, session_id: int
) -> Session:
    session = sessions.get(session_id)
    if session is None or not can_read_center(users, identity, session.center_id):
        raise errors.session_not_found()
    return session


def session_of_member(
    sessions: SessionRepository, users: UserRepository, identity: Identity, session_id: int
) -> Session:
    session = sessions.get(session_id)
    if session is None or users.get_membership(identity.user_id, session.center_id) is None:
        raise errors.session_not_found()
    return session


def list_sessions(
    sessions: SessionRepository,
    users: UserRepository,
    identity: Identity,
    center_id: str,
    wanted: SessionFilter | None,
    page: PageRequest,
) -> Page[Session]:
    if not can_read_center(users, identity, center_id):
        raise errors.center_not_found()
    found = sessions.list_for_center(center_id)
    if wanted is not None:
        found = [session for session in found if session.matches(wanted)]
    return paginate(sort_newest_first(found), page)


def update_session(
    sessions: SessionRepository,
    users: UserRepository,
    identity: Identity,
    session_id: int,
    changes: Mapping[str, str | None],
    if_match: int | None,
    clock: Clock,
) -> Session:
    """Apply the fields present in `changes`; the merged form is validated as a whole."""
    session = session_of_member(sessions, users, identity, session_id)
    session.ensure_editable()
    if if_match is not None and if_match != session.version:
        raise errors.version_mismatch()

    current = session.details
    form: dict[str, str | None] = {
        "address": current.address,
        "room": current.room,
        "date": current.date.isoformat(),
        "time": current.time.strftime("%H:%M"),
        "examiner": current.examiner,
        "description": current.description,
        **changes,
    }
    details = validate_session_details(form)
    now = clock()
    if details.date != current.date:
        ensure_not_in_the_past(details.date, now, session.center_timezone)

    updated = session.with_details(details)
    edited = AuditEvent(
        session_id=session.id,
        at=now,
        actor=Actor.user(identity),
        action=AuditAction.SESSION_UPDATED,
        changes=diff(current, details, SESSION_FIELDS),
    )
    try:
        sessions.save(updated, session.version, edited)
    except errors.WriteConflict as conflict:
        raise errors.version_mismatch() from conflict
    return updated


def delete_session(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    documents: Documents,
    identity: Identity,
    session_id: int,
    clock: Clock,
) -> None:
    session = session_of_member(sessions, users, identity, session_id)
    session.ensure_editable()
    deleted = AuditEvent(
        session_id=session.id,
        at=clock(),
        actor=Actor.user(identity),
        action=AuditAction.SESSION_DELETED,
        changes={"candidatesCount": session.candidates_count},
    )
    try:
        sessions.delete(session, deleted)
    except errors.WriteConflict as conflict:
        # Something changed between our read and the delete (a pupil joined, an edit): say what.
        fresh = session_of_member(sessions, users, identity, session_id)
        fresh.ensure_editable()
        raise errors.version_mismatch() from conflict
    # The session is gone (its number is never reused): its candidates, none of whom joined,
    # and the files of any document uploaded to it go with it.
    candidates.remove_all(session.id)
    attachments, files = documents
    for attachment in attachments.list_for_session(session.id):
        files.delete(attachment.key)
        files.delete(attachment.verified_key)
