"""Use cases on certification sessions: create, read, list, edit, delete; their audit trail
and their attendance sheet."""

from __future__ import annotations

from shared.domain import errors
from shared.domain.attendance import attendance_sheet
from shared.domain.audit import Audit, AuditAction, AuditEvent, diff
from shared.domain.candidate import Candidate, sort_by_name
from shared.domain.codes import generate_access_code, generate_supervisor_password
from shared.domain.errors import AccessCodeTaken, WriteConflict
from shared.domain.invigilation import invigilation_closed
from shared.domain.pagination import Page, PageRequest, paginate
from shared.domain.people import Caller, Identity
from shared.domain.session import (
    SESSION_FIELDS,
    Session,
    SessionCodes,
    SessionFilter,
    SessionInput,
    SessionStatus,
    ensure_not_in_the_past,
    new_session,
    sort_newest_first,
    validate_session_details,
)
from shared.services.access import require_membership
from shared.services.dependencies import Dependencies
from shared.services.ports import CandidateRepository
from shared.services.retry import retrying

# 17⁴ × 7² ≈ 4 million codes: a handful of tries always finds a free one.
ACCESS_CODE_ATTEMPTS = 10
# An edit without If-Match loses a race only to another edit that succeeded: a few rounds
# settle several staff editing the same session at once.
EDIT_ATTEMPTS = 8


def create_session(
    deps: Dependencies, identity: Identity, center_id: str, form: SessionInput
) -> Session:
    center = require_membership(deps.users, identity, center_id).center
    details = validate_session_details(form)
    now = deps.clock()
    ensure_not_in_the_past(details.date, now, center.timezone)

    session_id = deps.sessions.next_session_id()
    supervisor_password = generate_supervisor_password(deps.rng)
    audit = Audit.by(identity, now)
    created = audit.event(
        session_id, AuditAction.SESSION_CREATED, {"details": details.model_dump(mode="json")}
    )
    for _ in range(ACCESS_CODE_ATTEMPTS):
        codes = SessionCodes(
            access_code=generate_access_code(deps.rng), supervisor_password=supervisor_password
        )
        session = new_session(session_id, center, details, codes, audit)
        try:
            deps.sessions.add(session, created)
        except AccessCodeTaken:
            continue
        return session
    raise RuntimeError("no free access code found")


def get_session(deps: Dependencies, identity: Identity, session_id: int) -> Session:
    """A session its center's members may read (Pix staff read it through /admin)."""
    return session_of_member(deps, identity, session_id)


def session_of_member(deps: Dependencies, identity: Identity, session_id: int) -> Session:
    """A session its center's members may read and change."""
    session = deps.sessions.get(session_id)
    if session is None or deps.users.get_membership(identity.user_id, session.center_id) is None:
        raise errors.session_not_found()
    return session


def session_of_caller(deps: Dependencies, caller: Caller, session_id: int) -> Session:
    """A session its invigilator (their token names it) or its center's members may
    supervise. An invigilator's access ends with the session's finalization."""
    if isinstance(caller, Identity):
        return session_of_member(deps, caller, session_id)
    session = deps.sessions.get(session_id) if caller.session_id == session_id else None
    if session is None:
        raise errors.session_not_found()
    if session.status is not SessionStatus.CREATED:
        raise invigilation_closed()
    return session


def list_sessions(
    deps: Dependencies,
    identity: Identity,
    center_id: str,
    wanted: SessionFilter | None,
    page: PageRequest,
) -> Page[Session]:
    require_membership(deps.users, identity, center_id)
    found = deps.sessions.list_for_center(center_id)
    if wanted is not None:
        found = [session for session in found if session.matches(wanted)]
    return paginate(sort_newest_first(found), page)


def update_session(
    deps: Dependencies,
    identity: Identity,
    session_id: int,
    changes: SessionInput,
    if_match: int | None,
) -> Session:
    """Apply the fields sent in `changes`; the merged form is validated as a whole (once a
    pupil joined, only the observations may change: `Session.ensure_editable_to`). With
    `If-Match`, a session that moved is refused (412); without it, the edit is applied to the
    session as it is now (read again after a lost race). Changing nothing writes nothing."""

    def attempt() -> Session:
        session = session_of_member(deps, identity, session_id)
        current = session.details
        merged = changes.over(current)
        session.ensure_editable_to(merged)
        if if_match is not None and if_match != session.version:
            raise errors.version_mismatch()
        details = validate_session_details(merged)
        if details == current:
            return session
        now = deps.clock()
        if details.date != current.date:
            ensure_not_in_the_past(details.date, now, session.center_timezone)
        updated = session.with_details(details)
        edited = Audit.by(identity, now).event(
            session.id, AuditAction.SESSION_UPDATED, diff(current, details, SESSION_FIELDS)
        )
        deps.sessions.save(updated, session.version, edited)
        return updated

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        if if_match is not None or last:
            raise errors.version_mismatch() from conflict

    return retrying(attempt, on_conflict, attempts=EDIT_ATTEMPTS)


def delete_session(deps: Dependencies, identity: Identity, session_id: int) -> None:
    session = session_of_member(deps, identity, session_id)
    session.ensure_editable()
    deleted = Audit.by(identity, deps.clock()).event(
        session.id, AuditAction.SESSION_DELETED, {"candidatesCount": session.candidates_count}
    )
    try:
        deps.sessions.delete(session, deleted)
    except WriteConflict as conflict:
        # Something changed between our read and the delete (a pupil joined, an edit): say what.
        session_of_member(deps, identity, session_id).ensure_editable()
        raise errors.version_mismatch() from conflict
    # The session is gone (its number is never reused): its candidates, none of whom joined,
    # and the files of any document uploaded to it go with it.
    deps.candidates.remove_all(session.id)
    for attachment in deps.attachments.list_for_session(session.id):
        deps.files.delete(attachment.key)
        deps.files.delete(attachment.verified_key)


def list_events(
    deps: Dependencies, identity: Identity, session_id: int, page: PageRequest
) -> Page[AuditEvent]:
    """The session's audit trail, oldest first; readable by its center's members."""
    session = session_of_member(deps, identity, session_id)
    return paginate(deps.events.list_for_session(session.id), page)


def render_attendance_sheet(
    deps: Dependencies, identity: Identity, session_id: int
) -> tuple[str, bytes]:
    """The file name and the PDF: the sheet of the candidates enrolled right now (plus blank
    rows for late additions), followed by the PV d'incident."""
    session = session_of_member(deps, identity, session_id)
    sheet = attendance_sheet(session, enrolled_candidates(deps.candidates, session))
    return sheet.file_name, deps.render_attendance(sheet)


def enrolled_candidates(candidates: CandidateRepository, session: Session) -> list[Candidate]:
    """The candidates whose pupil is in the session's set: a candidate written by an
    enrolment that did not reach its commit point stays invisible."""
    return sort_by_name(
        [
            c
            for c in candidates.list_for_session(session.id)
            if c.student_id in session.enrolled_student_ids
        ]
    )
