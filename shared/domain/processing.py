"""Processing by Pix staff after finalization (docs/processing.md): the queues, who has taken a
session, the jury's comment, the resolution of impactful issue reports, what a session needs
before its results are published, and sending a session back to the school (unfinalize).

FINALIZED → (assign) IN_PROCESS → (publish) PROCESSED → (unpublish) IN_PROCESS;
FINALIZED | IN_PROCESS → (unfinalize) CREATED."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.candidate import Candidate
from shared.domain.compliance import SESSION_FRAGMENT
from shared.domain.email import EmailMessage, compose
from shared.domain.errors import FieldError
from shared.domain.finalization import (
    MAX_COMMENT_LENGTH,
    Finalization,
    FinalizationDraft,
    IssueReport,
    not_finalized,
)
from shared.domain.french import of_center
from shared.domain.limits import MAX_RESOLUTION_LENGTH
from shared.domain.people import Identity, UserProfile
from shared.domain.results import CertificationResult, results_being_saved
from shared.domain.session import AFTER_FINALIZATION, Session, SessionStatus

# Unfinalized, the session is the school's again, with 48 hours to finalize it anew.
REFINALIZATION_DELAY = timedelta(hours=48)


class QueueStatus(StrEnum):
    """The `status` filter of GET /admin/sessions."""

    FINALIZED = "FINALIZED"
    IN_PROCESS = "IN_PROCESS"
    PROCESSED = "PROCESSED"


class Queue(BaseModel):
    """One view of the processing queues: a status, and perhaps only the sessions that
    require action (True) or only those that do not (False)."""

    model_config = ConfigDict(frozen=True)

    status: QueueStatus
    requires_action: bool | None = None

    @classmethod
    def parse(cls, status: str | None, requires_action: str | None) -> Queue:
        """`?status=` (FINALIZED when absent) and `?requiresAction=true|false` (both when
        absent); anything else is a 400."""
        problems: list[FieldError] = []
        wanted = QueueStatus.FINALIZED
        if status:
            try:
                wanted = QueueStatus(status)
            except ValueError:
                problems.append(
                    FieldError(
                        "status", "INVALID", "Le statut est FINALIZED, IN_PROCESS ou PROCESSED."
                    )
                )
        flag: bool | None = None
        if requires_action:
            if requires_action not in ("true", "false"):
                problems.append(
                    FieldError("requires_action", "INVALID", "requiresAction vaut true ou false.")
                )
            flag = requires_action == "true"
        if problems:
            raise errors.BadRequest(
                "INVALID_PARAMETER", "Paramètres de la file invalides.", problems
            )
        return cls(status=wanted, requires_action=flag)


class StaffMember(BaseModel):
    """A Pix staff member as the processing records them: id and the name shown."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    name: str

    @classmethod
    def of(cls, identity: Identity, profile: UserProfile | None) -> StaffMember:
        name = f"{profile.first_name} {profile.last_name}".strip() if profile else ""
        return cls(user_id=identity.user_id, name=name or identity.email)


# --- errors --------------------------------------------------------------------------------


def ensure_pix_admin(identity: Identity) -> None:
    if not identity.is_pix_admin:
        raise errors.pix_admin_required()


def already_processed() -> errors.Conflict:
    return errors.Conflict(
        "SESSION_ALREADY_PROCESSED",
        "Les résultats de la session ont déjà été transmis : annulez d'abord la publication.",
    )


def not_processed() -> errors.Conflict:
    return errors.Conflict(
        "SESSION_NOT_PROCESSED", "Les résultats de cette session n'ont pas été publiés."
    )


def assigned_meanwhile(name: str) -> errors.Conflict:
    return errors.Conflict(
        "SESSION_ASSIGNED_MEANWHILE",
        f"La session vient d'être prise en charge par {name}. Rechargez la page.",
    )


def ensure_being_processed(session: Session) -> None:
    """FINALIZED or IN_PROCESS: what assigning, commenting and resolving need."""
    if session.status is SessionStatus.CREATED:
        raise not_finalized()
    if session.status is SessionStatus.PROCESSED:
        raise already_processed()


# --- requiresAction ------------------------------------------------------------------------


def requires_action(examiner_comment: str, reports: Iterable[IssueReport]) -> bool:
    """The contract's rule: the examiner wrote a global comment, or an impactful report is
    not resolved yet."""
    return bool(examiner_comment.strip()) or any(r.awaits_resolution for r in reports)


# --- the transitions ----------------------------------------------------------------------


def assign(session: Session, staff: StaffMember) -> Session | None:
    """Take the session (IN_PROCESS). Taking it from another staff member is allowed (one on
    leave must not block the queue; the event names both); taking it again when one already
    has it changes nothing (None: nothing to write)."""
    ensure_being_processed(session)
    if session.status is SessionStatus.IN_PROCESS and session.assigned_to == staff.user_id:
        return None
    return session.model_copy(
        update={
            "status": SessionStatus.IN_PROCESS,
            "assigned_to": staff.user_id,
            "assigned_to_name": staff.name,
            "version": session.version + 1,
        }
    )


def validate_jury_comment(comment: str | None) -> str:
    cleaned = (comment or "").strip()
    if len(cleaned) > MAX_COMMENT_LENGTH:
        raise errors.RuleViolation(
            "COMMENT_TOO_LONG",
            f"Le commentaire du jury ne doit pas dépasser {MAX_COMMENT_LENGTH} caractères.",
            [FieldError("comment", "TOO_LONG", f"{MAX_COMMENT_LENGTH} caractères au plus.")],
        )
    return cleaned


def with_jury_comment(session: Session, comment: str) -> Session | None:
    """None when the comment is the one stored (nothing to write)."""
    ensure_being_processed(session)
    if comment == session.jury_comment:
        return None
    return session.model_copy(update={"jury_comment": comment, "version": session.version + 1})


def validate_resolution(resolution: str | None) -> str:
    cleaned = (resolution or "").strip()
    if not cleaned:
        raise errors.validation_failed(
            [FieldError("resolution", "REQUIRED", "Veuillez indiquer la résolution.")]
        )
    if len(cleaned) > MAX_RESOLUTION_LENGTH:
        raise errors.validation_failed(
            [
                FieldError(
                    "resolution",
                    "TOO_LONG",
                    f"La résolution ne doit pas dépasser {MAX_RESOLUTION_LENGTH} caractères.",
                )
            ]
        )
    return cleaned


def resolve(report: IssueReport, resolution: str, staff: StaffMember, now: datetime) -> IssueReport:
    """Resolved (again, if it was: the new resolution replaces the old one)."""
    return report.model_copy(
        update={"resolution": resolution, "resolved_at": now, "resolved_by": staff.user_id}
    )


def with_requires_action(
    session: Session, examiner_comment: str, reports: Iterable[IssueReport]
) -> Session:
    """The session after a change of its reports: `requires_action` judged again, and a new
    version in any case (the write is conditioned on it)."""
    return session.model_copy(
        update={
            "requires_action": requires_action(examiner_comment, reports),
            "version": session.version + 1,
        }
    )


class Unfinalized(BaseModel):
    """What sending a session back to the school writes: the session open again and the
    finalization turned back into the draft."""

    model_config = ConfigDict(frozen=True)

    session: Session
    draft: FinalizationDraft


def unfinalize(session: Session, final: Finalization | None, now: datetime) -> Unfinalized:
    """Back to CREATED: the finalization becomes the draft, the processing is forgotten
    (assignment, requiresAction; the jury's comment stays for when it comes back), and the
    48-hour rule starts again — the school has REFINALIZATION_DELAY from now, reminded
    24 hours before. The access code is reserved again by the store (a new one if taken)."""
    ensure_being_processed(session)
    draft = FinalizationDraft.model_validate(
        final.model_dump(exclude={"finalized_at", "finalized_by"})
        if final
        else {"session_id": session.id}
    )
    reopened = session.model_copy(
        update={
            "status": SessionStatus.CREATED,
            "finalized_at": None,
            "assigned_to": None,
            "assigned_to_name": None,
            "requires_action": False,
            "finalization_deadline": now + REFINALIZATION_DELAY,
            "finalization_overdue": False,
            "reminder_sent": False,
            # A results save under way stops at its next group (CREATED takes no results):
            # its mark must not outlive it into the next finalization.
            "results_saving_until": None,
            "version": session.version + 1,
        }
    )
    return Unfinalized(session=reopened, draft=draft)


def with_access_code(session: Session, code: str) -> Session:
    return session.model_copy(update={"access_code": code})


def unpublish(session: Session, staff: StaffMember) -> Session:
    """PROCESSED → IN_PROCESS, taken by whoever withdrew the results (they are the one who
    will publish them again)."""
    if session.status is not SessionStatus.PROCESSED:
        raise not_processed()
    return session.model_copy(
        update={
            "status": SessionStatus.IN_PROCESS,
            "published_at": None,
            "assigned_to": staff.user_id,
            "assigned_to_name": staff.name,
            "version": session.version + 1,
        }
    )


# --- publication --------------------------------------------------------------------------


def publication_blockers(
    joined: list[Candidate],
    results: list[CertificationResult],
    reports: list[IssueReport],
) -> list[FieldError]:
    """What is missing before the results can be published: a result for every candidate
    who joined, every impactful report resolved. Empty: publishable."""
    entered = {r.candidate_id for r in results}
    missing: list[FieldError] = []
    for candidate in joined:
        if candidate.id not in entered:
            missing.append(
                FieldError(
                    f"candidates.{candidate.id}",
                    "RESULT_MISSING",
                    f"{candidate.first_name} {candidate.last_name} n'a pas de résultat.",
                )
            )
    for report in reports:
        if report.awaits_resolution:
            missing.append(
                FieldError(
                    f"issueReports.{report.id}",
                    "ISSUE_REPORT_UNRESOLVED",
                    "Un signalement impactant n'est pas résolu.",
                )
            )
    return missing


def ensure_publishable(
    session: Session,
    joined: list[Candidate],
    results: list[CertificationResult],
    reports: list[IssueReport],
    now: datetime,
) -> None:
    ensure_publishable_state(session, now)
    ensure_nothing_missing(joined, results, reports)


def ensure_publishable_state(session: Session, now: datetime) -> None:
    """What the session alone tells: its status, and no results save under way. Checked
    before the candidates, results and reports are read for the rest."""
    if session.status is SessionStatus.PROCESSED:
        raise already_processed()
    if session.status not in AFTER_FINALIZATION:
        raise not_finalized()
    if results_being_saved(session, now):
        # Published now, the school would get some of the new results and some of the old.
        raise errors.Conflict(
            "SESSION_NOT_PUBLISHABLE",
            "Les résultats ne peuvent pas être publiés pendant leur enregistrement : "
            "réessayez dans quelques minutes.",
            [
                FieldError(
                    "results",
                    "RESULTS_BEING_SAVED",
                    "Des résultats sont en cours d'enregistrement : "
                    "réessayez dans quelques minutes.",
                )
            ],
        )


def ensure_nothing_missing(
    joined: list[Candidate], results: list[CertificationResult], reports: list[IssueReport]
) -> None:
    """A result for every candidate who joined, every impactful report resolved."""
    missing = publication_blockers(joined, results, reports)
    if missing:
        raise errors.Conflict(
            "SESSION_NOT_PUBLISHABLE",
            "Les résultats ne peuvent pas encore être publiés : "
            "il manque des résultats ou des signalements ne sont pas résolus.",
            missing,
        )


# --- the queues' pages ----------------------------------------------------------------------


class QueuePosition(BaseModel):
    """Where a session stands in its queue: oldest finalization first, then by number. The
    `cursor` of a page is the position of its last session, opaque to clients."""

    model_config = ConfigDict(frozen=True)

    finalized_at: datetime
    session_id: int

    @classmethod
    def of(cls, session: Session) -> QueuePosition:
        assert session.finalized_at is not None
        return cls(finalized_at=session.finalized_at, session_id=session.id)

    def cursor(self) -> str:
        text = f"{self.finalized_at.timestamp():.6f}:{self.session_id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def parse(cls, cursor: str) -> QueuePosition:
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
            if not _CURSOR.match(text):
                raise ValueError(cursor)
            seconds, number = text.split(":")
            return cls(
                finalized_at=datetime.fromtimestamp(float(seconds), UTC),
                session_id=int(number),
            )
        except (ValueError, UnicodeError) as error:
            raise errors.BadRequest(
                "INVALID_PARAMETER",
                "Paramètres de pagination invalides.",
                [FieldError("cursor", "INVALID", "Ce curseur de page n'est pas valide.")],
            ) from error


_CURSOR = re.compile(r"^[0-9]{1,12}\.[0-9]{6}:[0-9]{1,12}$")


class QueueSlice(BaseModel):
    """Sessions of a queue in order, and whether more follow."""

    model_config = ConfigDict(frozen=True)

    sessions: list[Session]
    more: bool


class QueuePage(BaseModel):
    model_config = ConfigDict(frozen=True)

    sessions: list[Session]
    page: int
    page_size: int
    total: int
    # The position after this page's last session, when more follow: GET …&cursor= reads the
    # next page with one Query whatever its depth.
    next_cursor: str | None
    # Every queue's count (`FINALIZED`, `FINALIZED#ACTION`…), for the staff screens' tabs.
    counts: dict[str, int]


def queue_counts(counted: dict[str, int]) -> dict[str, int]:
    """Each status's total and its two halves, from the stored counts of the halves."""
    counts: dict[str, int] = {}
    for status in QueueStatus:
        halves = {
            flag: max(0, counted.get(queue_counter(status, flag), 0)) for flag in (True, False)
        }
        counts[status.value] = halves[True] + halves[False]
        counts[queue_counter(status, True)] = halves[True]
        counts[queue_counter(status, False)] = halves[False]
    return counts


def queue_counter(status: QueueStatus, requires_action: bool | None) -> str:
    """A queue's name in the counts: `FINALIZED`, `FINALIZED#ACTION`, `FINALIZED#NO_ACTION`."""
    if requires_action is None:
        return status.value
    return f"{status.value}#{'ACTION' if requires_action else 'NO_ACTION'}"


# --- the backfill of data stored before the queues (certif-admin backfill-processing) ------


class StoredSession(BaseModel):
    """A session as stored, and whether its item carries its place in the queues (sessions
    finalized before the queues existed do not, and are not counted)."""

    model_config = ConfigDict(frozen=True)

    session: Session
    queued: bool

    @property
    def needs_queueing(self) -> bool:
        return (
            not self.queued
            and self.session.status in AFTER_FINALIZATION
            and self.session.finalized_at is not None
        )


# --- the e-mail of a publication -------------------------------------------------------------

RESULTS_TEMPLATE = "results-published"


def results_published_emails(
    session: Session, recipients: Iterable[str], web_address: str
) -> list[EmailMessage]:
    """One e-mail per admin of the center (none sees the others' addresses), linking to the
    session's page in the web front end."""
    values = {
        "session_id": str(session.id),
        "of_center": of_center(session.center_name),
        "session_date": f"{session.date:%d/%m/%Y}",
        "session_time": f"{session.time:%H:%M}",
        "room": session.room,
        "link": web_address.rstrip("/") + SESSION_FRAGMENT.format(session_id=session.id),
    }
    seen: set[str] = set()
    emails: list[EmailMessage] = []
    for address in recipients:
        if address.casefold() in seen:
            continue
        seen.add(address.casefold())
        emails.append(compose(RESULTS_TEMPLATE, (address,), values))
    return emails
