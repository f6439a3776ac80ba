"""The RGPD requests about one pupil, answered by a center's admin: the export of everything
stored about them (access) and their erasure — both in the center's audit trail
(docs/data-protection.md)."""

from __future__ import annotations

from shared.domain.audit import Audit, AuditAction, AuditEvent
from shared.domain.candidate import candidate_id
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.people import Identity
from shared.domain.personal_data import (
    Candidacy,
    SessionSummary,
    StudentRecord,
    candidacy_sessions,
    ensure_erasable,
    is_open,
    mentions,
    only_about,
    pupil_ids,
    student_not_found,
)
from shared.domain.results import is_published
from shared.domain.session import Session
from shared.domain.student import Student
from shared.domain.validation import is_identifier
from shared.services.access import require_admin
from shared.services.dependencies import Dependencies
from shared.services.retry import retrying
from shared.services.roster import holding_import_lease


def export_student(
    deps: Dependencies, identity: Identity, center_id: str, student_id: str
) -> StudentRecord:
    """The roster entry, each candidacy in the center's sessions (the candidate's record, their
    finalization row, the issue reports about them) and every audit event that names them.
    The export itself is recorded in the center's trail before it is handed out."""
    center = require_admin(deps.users, identity, center_id).center
    student = _student(deps, center.id, student_id)
    sessions = deps.sessions.list_for_center(center.id)
    # A candidate removed from a session is named by that session's trail only: every
    # session's trail is read (a school runs a few dozen sessions a year).
    ids = pupil_ids(student, sessions)
    session_events = [
        event
        for session in sorted(sessions, key=lambda s: s.id)
        for event in _about(deps.events.list_for_session(session.id), ids)
    ]
    center_events = _about(deps.events.list_for_center(center.id), frozenset({student.id}))
    candidacies = [
        found
        for session in candidacy_sessions(student, sessions)
        if (found := _candidacy(deps, session, student)) is not None
    ]
    now = deps.clock()
    exported = Audit.by(identity, now).center_event(
        center.id, AuditAction.STUDENT_DATA_EXPORTED, {"studentId": student.id}
    )
    deps.events.record(exported)
    return StudentRecord(
        exported_at=now,
        center=center,
        student=student,
        candidacies=candidacies,
        session_events=session_events,
        center_events=[*center_events, exported],
    )


def erase_student(deps: Dependencies, identity: Identity, center_id: str, student_id: str) -> None:
    """Remove the pupil from the roster, unless a session not finalized has them as candidate
    (409 STUDENT_IS_CANDIDATE, naming the sessions), or a roster import is under way (409
    IMPORT_IN_PROGRESS). The records of finalized sessions stay: they are the certification's
    official record. The event names the pupil by id only."""
    center = require_admin(deps.users, identity, center_id).center
    # An import that read the roster before the deletion would write the pupil back (marked
    # as left): the erasure takes the import's lease, and the two take turns.
    with holding_import_lease(deps, center.id):
        retrying(lambda: _erase(deps, identity, center.id, student_id), _on_conflict)


def _erase(deps: Dependencies, identity: Identity, center_id: str, student_id: str) -> None:
    student = _student(deps, center_id, student_id)
    sessions = deps.sessions.list_for_center(center_id)
    ensure_erasable(student, sessions)
    kept = [s.id for s in candidacy_sessions(student, sessions)]
    erased = Audit.by(identity, deps.clock()).center_event(
        center_id,
        AuditAction.STUDENT_ERASED,
        {"studentId": student.id, "keptInFinalizedSessions": kept},
    )
    deps.students.erase(student, [s.id for s in sessions if is_open(s)], erased)


def _about(events: list[AuditEvent], ids: frozenset[str]) -> list[AuditEvent]:
    """The events that name the pupil, each without what it says of other pupils: a purge
    lists hundreds of them, an enrolment a class."""
    return [
        event.model_copy(update={"changes": only_about(event.changes, ids)})
        for event in events
        if mentions(event.changes, ids)
    ]


def _on_conflict(conflict: WriteConflict, last: bool) -> None:
    # An open session enrolled them meanwhile: the next round reads it and says so.
    if conflict.what is Conflicting.STUDENT:
        raise student_not_found() from conflict


def _student(deps: Dependencies, center_id: str, student_id: str) -> Student:
    """The center's pupil; another center's answers as an unknown one."""
    if not is_identifier(student_id):
        raise student_not_found()
    found = deps.students.get_many(center_id, [student_id])
    if not found:
        raise student_not_found()
    return found[0]


def _candidacy(deps: Dependencies, session: Session, student: Student) -> Candidacy | None:
    candidate = deps.candidates.get(session.id, candidate_id(session.id, student.id))
    if candidate is None:
        return None
    finalization = (
        deps.finalization.get_draft(session.id)
        if is_open(session)
        else deps.finalization.get_final(session.id)
    )
    reports = deps.issue_reports.list_for_session(session.id)
    # The result is the school's once published only (docs/results.md).
    result = deps.results.get(session.id, candidate.id) if is_published(session.status) else None
    return Candidacy(
        session=SessionSummary.of(session),
        candidate=candidate,
        finalization=finalization.candidates.get(candidate.id) if finalization else None,
        issue_reports=[r for r in reports if r.candidate_id == candidate.id],
        result=result,
    )
