"""A pupil's personal data and the school's duties about them (RGPD): what an export of
everything stored about one pupil holds, when a pupil may be erased, and which pupils a roster
import must not purge (docs/data-protection.md).

The rule, the same for a purge at import and an erasure: the roster entry goes, unless the
pupil is a candidate of a session not finalized yet (the session is under way: its
candidates, reports and finalization still change). The records of finalized sessions — the
candidate's copy of their identity, their test's progress, issue reports, finalization
entries, audit events — are the certification's official record, which Pix keeps: neither a
purge nor an erasure touches them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import AuditEvent
from shared.domain.candidate import Candidate, candidate_id
from shared.domain.finalization import CandidateFinalization, IssueReport
from shared.domain.people import Center
from shared.domain.results import CertificationResult
from shared.domain.session import Session, SessionStatus
from shared.domain.student import Student


def student_not_found() -> errors.NotFound:
    return errors.NotFound("STUDENT_NOT_FOUND", "Cet élève est introuvable.")


def student_is_candidate(sessions: list[Session]) -> errors.Conflict:
    numbers = sorted(s.id for s in sessions)
    listed = ", ".join(f"n° {n}" for n in numbers)
    which = f"de la session {listed}" if len(numbers) == 1 else f"des sessions {listed}"
    return errors.Conflict(
        "STUDENT_IS_CANDIDATE",
        f"Cet élève est candidat {which}, pas encore finalisée"
        f"{'' if len(numbers) == 1 else 's'} : retirez-le de la session (s'il ne l'a pas "
        "commencée) ou finalisez-la, puis recommencez.",
        extra={"session_ids": numbers},
    )


def is_open(session: Session) -> bool:
    """A session not finalized yet: its candidates may still change."""
    return session.status is SessionStatus.CREATED


def enrolled_in_open_sessions(sessions: Iterable[Session]) -> frozenset[str]:
    """The pupils a purge must keep: candidates of a session not finalized."""
    return frozenset(i for s in sessions if is_open(s) for i in s.enrolled_student_ids)


def ensure_erasable(student: Student, sessions: Iterable[Session]) -> None:
    """A pupil may be erased unless they are a candidate of a session not finalized."""
    holding = [s for s in sessions if is_open(s) and student.id in s.enrolled_student_ids]
    if holding:
        raise student_is_candidate(holding)


def candidacy_sessions(student: Student, sessions: Iterable[Session]) -> list[Session]:
    """The sessions that have the pupil as candidate, oldest first."""
    found = [s for s in sessions if student.id in s.enrolled_student_ids]
    return sorted(found, key=lambda s: (s.date, s.time, s.id))


def mentions(value: Any, ids: frozenset[str]) -> bool:
    """Whether an event's `changes` name one of `ids` (a pupil's roster id, their candidate
    ids), wherever they are in it: `studentId`, `studentIds`, `candidateId`, a report's
    `candidate_id`… Ids are random or derived uuids: nothing else equals them."""
    if isinstance(value, str):
        return value in ids
    if isinstance(value, dict):
        return any(k in ids or mentions(v, ids) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(mentions(v, ids) for v in value)
    return False


# A candidate id (uuid5) or any other generated id (uuid4): in a map keyed by ids (a
# finalization's `aborted`), the keys that are not the pupil's stand for other pupils.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def only_about(value: Any, ids: frozenset[str]) -> Any:
    """An event's `changes` without what names other pupils: a list that names the pupil
    keeps only the elements that do (an enrolment's `studentIds`); a map keeps no other id as
    a key (a finalization's `aborted`: {candidateId: reason})."""
    if isinstance(value, dict):
        return {
            key: only_about(item, ids)
            for key, item in value.items()
            if key in ids or not _UUID.fullmatch(str(key))
        }
    if isinstance(value, list | tuple):
        if any(mentions(item, ids) for item in value):
            return [only_about(item, ids) for item in value if mentions(item, ids)]
        return [only_about(item, ids) for item in value]
    return value


def pupil_ids(student: Student, sessions: Iterable[Session]) -> frozenset[str]:
    """Every id that stands for the pupil: their roster id, and their candidate id in each
    session (derived from the two, so also for a candidate removed since)."""
    return frozenset({student.id, *(candidate_id(s.id, student.id) for s in sessions)})


class SessionSummary(BaseModel):
    """What an export says of a session: which one, when, where, how far — nothing of its
    other candidates, nor its codes."""

    model_config = ConfigDict(frozen=True)

    id: int
    date: date
    time: time
    status: SessionStatus
    address: str
    room: str

    @classmethod
    def of(cls, session: Session) -> SessionSummary:
        return cls(
            id=session.id,
            date=session.date,
            time=session.time,
            status=session.school_status,
            address=session.address,
            room=session.room,
        )


class Candidacy(BaseModel):
    """The pupil as a candidate of one session: the session, the candidate's record, their
    row of the finalization (draft or final), the issue reports about them, and their result
    once the session is published (with its copy of the pupil's names, birthdate and INE)."""

    model_config = ConfigDict(frozen=True)

    session: SessionSummary
    candidate: Candidate
    finalization: CandidateFinalization | None = None
    issue_reports: list[IssueReport] = []
    result: CertificationResult | None = None


class StudentRecord(BaseModel):
    """Everything stored about one pupil (the right of access): the roster entry, each
    candidacy, and the audit events that name them — of the sessions and of the center —
    with what they say of other pupils left out (`only_about`)."""

    model_config = ConfigDict(frozen=True)

    exported_at: datetime
    center: Center
    student: Student
    candidacies: list[Candidacy]
    session_events: list[AuditEvent]
    center_events: list[AuditEvent]
