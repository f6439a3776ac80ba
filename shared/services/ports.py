"""What the services need from the outside world. Adapters and test fakes both fit these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeAlias

# The domain's types are annotations only: importing this module (every service does, through
# `Dependencies`) loads none of the domain's models, which a request loads as it uses them.
if TYPE_CHECKING:
    from shared.domain.attachments import Attachment, Inspection, StoredObject, UploadTarget
    from shared.domain.attempts import AttemptKind, Lockout, Reservation
    from shared.domain.attendance import AttendanceSheet
    from shared.domain.attestation import AttestationBook
    from shared.domain.audit import AuditEvent
    from shared.domain.auth import Tokens
    from shared.domain.candidate import Candidate
    from shared.domain.compliance import Notification
    from shared.domain.email import EmailMessage
    from shared.domain.finalization import Finalization, FinalizationDraft, IssueReport
    from shared.domain.invigilation import InvigilatorGrant
    from shared.domain.invigilator_kit import InvigilatorKit
    from shared.domain.joining import CourseGrant
    from shared.domain.people import Center, Membership, Role, UserProfile
    from shared.domain.processing import (
        Queue,
        QueuePosition,
        QueueSlice,
        StoredSession,
        Unfinalized,
    )
    from shared.domain.results import CertificationResult, ResultChange, SavingMark
    from shared.domain.revocation import Account, RecentRevocations
    from shared.domain.session import Session
    from shared.domain.student import Student
    from shared.domain.team import Invitation

Clock = Callable[[], datetime]
IdFactory = Callable[[], str]
# Renders the attendance sheet and PV d'incident as a PDF (reportlab, loaded on first use).
AttendanceRenderer: TypeAlias = "Callable[[AttendanceSheet], bytes]"
InvigilatorKitRenderer: TypeAlias = "Callable[[InvigilatorKit], bytes]"
# Renders a class's certification attestations, one page per pupil.
AttestationRenderer: TypeAlias = "Callable[[AttestationBook], bytes]"


class CenterRepository(Protocol):
    def get_center(self, center_id: str) -> Center | None: ...

    def put_center(self, center: Center) -> None: ...


class UserRepository(Protocol):
    def get_membership(self, user_id: str, center_id: str) -> Membership | None:
        """Read at every request, strongly consistent: a removed membership opens nothing."""
        ...

    def get_user(self, user_id: str) -> tuple[UserProfile | None, list[Membership]]:
        """The profile and every membership of a user, in one read."""
        ...

    def put_profile(self, profile: UserProfile) -> None: ...

    def put_membership(self, membership: Membership) -> None: ...

    def list_members(self, center_id: str) -> list[Membership]:
        """The center's team: the memberships that carry the member's snapshot (one Query)."""
        ...

    def change_role(
        self, membership: Membership, role: Role, keeper: Membership | None, event: AuditEvent
    ) -> None:
        """Give `membership` the `role` if its role is still the one read (WriteConflict
        (MEMBERSHIP) otherwise) and, given a `keeper`, if that other membership is still ADMIN
        when the change commits (WriteConflict(ADMIN) otherwise)."""
        ...

    def remove_membership(
        self, membership: Membership, keeper: Membership | None, event: AuditEvent
    ) -> None:
        """Remove `membership`, on the same conditions as `change_role`."""
        ...

    def put_member_snapshot(self, membership: Membership) -> bool:
        """Store the member's snapshot of `membership` (not its role) on the stored
        membership; False if there is none any more."""
        ...


class SessionRepository(Protocol):
    def next_session_id(self) -> int: ...

    def add(self, session: Session, event: AuditEvent) -> None:
        """Store a new session and reserve its access code; `AccessCodeTaken` if it is not free."""
        ...

    def get(self, session_id: int) -> Session | None: ...

    def save(self, session: Session, expected_version: int, event: AuditEvent) -> None:
        """Replace a session if its stored version is still `expected_version`."""
        ...

    def delete(self, session: Session, event: AuditEvent) -> None:
        """Remove a session and free its access code, if its version has not moved."""
        ...

    def list_for_center(self, center_id: str) -> list[Session]: ...


class IdentityProvider(Protocol):
    def login(self, email: str, password: str) -> Tokens: ...

    def complete_new_password(self, email: str, session: str, new_password: str) -> Tokens: ...

    def refresh(self, refresh_token: str) -> Tokens: ...

    def forgot_password(self, email: str) -> None: ...

    def reset_password(self, email: str, code: str, new_password: str) -> None: ...

    def create_user(
        self, email: str, first_name: str, last_name: str, temporary_password: str
    ) -> str:
        """Create a user who must choose a password at first login; return their id (sub)."""
        ...

    def create_user_with_password(
        self, email: str, first_name: str, last_name: str, password: str
    ) -> str:
        """Create a user with the password they chose (verified address, no message, no
        first-login change); return their id. `ACCOUNT_ALREADY_EXISTS` if the address has an
        account, `INVALID_PASSWORD` if the pool refuses the password (nothing created)."""
        ...

    def find_user_id(self, email: str) -> str | None: ...

    def add_to_group(self, email: str, group: str) -> None: ...

    # The operators' and the console's account changes: a user is named by their e-mail
    # address or by their `sub` (in our pool, the username Cognito gives them).
    def find_account(self, name: str) -> Account | None: ...

    def disable_user(self, name: str) -> None:
        """The user can no longer sign in nor refresh tokens (the account stays)."""
        ...

    def enable_user(self, name: str) -> None: ...

    def sign_out_everywhere(self, name: str) -> None:
        """Revoke every refresh token of the user: no new ID token without signing in."""
        ...

    def delete_user(self, name: str) -> None: ...

    def list_users(self) -> list[UserProfile]:
        """Every account, as a profile (id, address, names): the operators' backfills."""
        ...


class RevocationRepository(Protocol):
    """The revocation marks of the last hour, kept together (shared/domain/revocation.py)."""

    def read(self) -> RecentRevocations:
        """The marks as stored now (none before the first one), with their version."""
        ...

    def save(self, revocations: RecentRevocations) -> bool:
        """Store `revocations` as the next version, if the stored one is still
        `revocations.version`; False if another writer came first (read again)."""
        ...


class StudentRepository(Protocol):
    def list_center(self, center_id: str) -> list[Student]: ...

    def get_many(self, center_id: str, student_ids: list[str]) -> list[Student]:
        """The center's pupils among `student_ids`; ids of other centers are not found."""
        ...

    def save_many(self, students: list[Student]) -> None: ...

    def list_by_divisions(self, center_id: str, divisions: list[str] | None) -> list[Student]:
        """The pupils of these classes (all classes if None), in roster order."""
        ...

    def list_divisions(self, center_id: str) -> list[str]: ...

    def put_divisions(self, center_id: str, divisions: list[str]) -> None: ...

    def lock_import(self, center_id: str, holder: str, now: datetime, until: datetime) -> bool:
        """Hold the center's roster-import lease until `until`; False while another import
        holds an unexpired one (one import at a time per center: no pupil twice)."""
        ...

    def unlock_import(self, center_id: str, holder: str) -> None:
        """Give the lease back, if `holder` still holds it."""
        ...

    def delete_many(self, center_id: str, student_ids: list[str]) -> None: ...

    def erase(self, student: Student, open_sessions: list[int], event: AuditEvent) -> None:
        """Delete the pupil's entry and record `event`, at once, provided it is still there
        (WriteConflict(STUDENT)) and none of the `open_sessions` (by number) has enrolled them
        while open (WriteConflict(SESSION))."""
        ...


class CandidateRepository(Protocol):
    def list_for_session(self, session_id: int) -> list[Candidate]: ...

    def get(self, session_id: int, candidate_id: str) -> Candidate | None: ...

    def find_by_join_key(self, session_id: int, join_key: str) -> Candidate | None: ...

    def next_certification_number(self) -> int: ...

    def enroll(self, session: Session, candidates: list[Candidate], event: AuditEvent) -> Session:
        """Store the candidates and add their pupils to the session; the session as stored
        after. WriteConflict(SESSION) if the session was finalized meanwhile (nothing kept)."""
        ...

    def start(self, candidate: Candidate, event: AuditEvent) -> None:
        """`candidate` has joined: store it and count it in its session (the session's first
        entry opens its entry window). WriteConflict
        (CANDIDATE) if it had already joined, (SESSION) if the session is closed."""
        ...

    def complete(self, candidate: Candidate, event: AuditEvent) -> None:
        """`candidate` has finished. WriteConflict(SESSION) if the session is closed,
        (CANDIDATE) if it was not started."""
        ...

    def set_extra_time(
        self, session: Session, expected_version: int, candidate: Candidate, event: AuditEvent
    ) -> None:
        """Store the candidate's extra time and the session's new deadline together;
        WriteConflict(SESSION) if the session's version moved."""
        ...

    def remove(
        self, session: Session, expected_version: int, candidate: Candidate, event: AuditEvent
    ) -> None:
        """Delete a candidate who has not joined, and update the session; WriteConflict
        (CANDIDATE) if the candidate joined meanwhile, (SESSION) if the session moved."""
        ...

    def remove_all(self, session_id: int) -> None: ...

    def authorize_start(self, candidate: Candidate, event: AuditEvent) -> None:
        """Store `candidate.authorized_to_start` while the session is open (SESSION);
        withdrawing it needs the candidate not to have joined (CANDIDATE)."""
        ...

    def authorize_resume(self, candidate: Candidate, event: AuditEvent) -> None:
        """Allow one more entry to a STARTED candidate; WriteConflict(CANDIDATE) otherwise."""
        ...

    def resume(self, candidate: Candidate, event: AuditEvent) -> None:
        """A STARTED candidate enters again, using up their resume authorization;
        WriteConflict(CANDIDATE) if there was none (or it was just used)."""
        ...

    def end(self, candidate: Candidate, event: AuditEvent) -> None:
        """`candidate` as ENDED_BY_SUPERVISOR; WriteConflict(CANDIDATE) unless it was STARTED."""
        ...


class AttemptRepository(Protocol):
    def reserve(self, kind: AttemptKind, subject: str, now: datetime) -> Reservation | Lockout:
        """Hold a place among the subject's attempts of this kind in the current window, or
        say when the full window ends. Atomic: concurrent callers never exceed the limit."""
        ...

    def release(self, reservation: Reservation) -> None:
        """Give back the place of an attempt that was not a failure."""
        ...


class InvigilatorTokenIssuer(Protocol):
    def issue(self, grant: InvigilatorGrant, now: datetime) -> str: ...

    def read(self, token: str, now: datetime) -> InvigilatorGrant:
        """The grant of a token we signed that has not expired; 401 otherwise."""
        ...


class CourseTokenIssuer(Protocol):
    def issue(self, grant: CourseGrant) -> str: ...

    def read(self, token: str, now: datetime) -> CourseGrant: ...


class EventRepository(Protocol):
    def list_for_session(self, session_id: int) -> list[AuditEvent]:
        """The session's audit trail, oldest first."""
        ...

    def list_for_center(self, center_id: str) -> list[AuditEvent]:
        """The center's own trail (its team), oldest first."""
        ...

    def record(self, event: AuditEvent) -> None:
        """An event on its own; events of a change are written with the change itself."""
        ...


class InvitationRepository(Protocol):
    def get(self, invitation_id: str) -> Invitation | None:
        """The invitation of this id, as stored now (strongly consistent)."""
        ...

    def list_for_center(self, center_id: str) -> list[Invitation]:
        """The center's invitations still kept, whatever their status."""
        ...

    def add(self, invitation: Invitation, event: AuditEvent) -> None:
        """Store a new invitation; WriteConflict(INVITATION) if its address already has a
        pending one in the center (renew that one instead)."""
        ...

    def replace(self, read: Invitation, invitation: Invitation, event: AuditEvent) -> None:
        """Store `invitation` (renewed, cancelled) in place of `read` if the stored one is
        still `read`: same id and code, PENDING; WriteConflict(INVITATION) otherwise."""
        ...

    def accept(self, read: Invitation, membership: Membership, event: AuditEvent) -> None:
        """In one transaction: `read` becomes ACCEPTED (by the membership's user, at the
        event's instant) if it is still as read (WriteConflict(INVITATION): used once, even
        under concurrency), and the membership is created if the user has none in the center
        (WriteConflict(MEMBERSHIP))."""
        ...


class IssueReportRepository(Protocol):
    def list_for_session(self, session_id: int) -> list[IssueReport]: ...

    def get(self, session_id: int, report_id: str) -> IssueReport | None: ...

    def add(self, report: IssueReport, event: AuditEvent) -> None:
        """Store the report while its session is open; WriteConflict(SESSION) otherwise."""
        ...

    def delete(self, report: IssueReport, event: AuditEvent) -> None:
        """Remove the report while its session is open; WriteConflict(SESSION) otherwise,
        WriteConflict(REPORT) if it is already gone."""
        ...


class FinalizationRepository(Protocol):
    def get_draft(self, session_id: int) -> FinalizationDraft | None: ...

    def save_draft(self, draft: FinalizationDraft, event: AuditEvent) -> None:
        """Replace the draft while the session is open; WriteConflict(SESSION) otherwise."""
        ...

    def get_final(self, session_id: int) -> Finalization | None: ...

    def finalize(self, session: Session, final: Finalization, event: AuditEvent) -> None:
        """`session` as finalized: store it, the finalization and the event, and free its
        access code — once: WriteConflict(SESSION) if it was not open any more."""
        ...


# --- attachments


class ProcessingRepository(Protocol):
    """Processing by Pix staff (docs/processing.md). Every write is one transaction with its
    event, conditioned on the session still being `before` (status and version):
    WriteConflict(SESSION) otherwise, so that of two staff members acting at once only one
    wins; the queues' index and counts follow the session in the same transaction."""

    def list_queue(
        self, queue: Queue, skip: int, limit: int, after: QueuePosition | None
    ) -> QueueSlice:
        """`limit` sessions of the queue, oldest finalization first, after `skip` others or
        after the position `after`; one Query when `skip` is 0."""
        ...

    def counts(self) -> dict[str, int]:
        """Each queue's stored count, by its name (`FINALIZED#ACTION`…): one read."""
        ...

    def find_report(self, report_id: str) -> IssueReport | None:
        """A report by its id alone (possibly a moment stale: read it again by its key)."""
        ...

    def transition(self, before: Session, after: Session, event: AuditEvent) -> None:
        """Store `after` (assign, jury comment, publish, unpublish) if it is still `before`."""
        ...

    def resolve_report(
        self, report: IssueReport, before: Session, after: Session, event: AuditEvent
    ) -> None:
        """Store the resolved report and the session's new requiresAction together;
        WriteConflict(REPORT) if the report is gone."""
        ...

    def unfinalize(self, before: Session, reopened: Unfinalized, event: AuditEvent) -> None:
        """Open the session again: the draft from the finalization, the access code reserved
        again (AccessCodeTaken if an open session holds it now), out of the queues."""
        ...

    # The backfill of data stored before the queues (certif-admin backfill-processing).

    def last_session_id(self) -> int:
        """The highest session number ever drawn (0 if none): sessions are numbered 1, 2, 3…
        by one counter, so they can be visited without a table scan."""
        ...

    def read_sessions(self, session_ids: list[int]) -> list[StoredSession]:
        """The sessions stored under these numbers (deleted ones absent), each with whether
        it carries its place in the queues."""
        ...

    def enqueue(self, before: Session, after: Session) -> bool:
        """File a finalized session that is in no queue, as `after` (its requiresAction
        judged, a new version), and count it, together; False (and nothing written) if it is
        in a queue already or is no longer `before` (status, version)."""
        ...

    def unindexed_reports(self, session_id: int) -> list[IssueReport]:
        """The session's reports written before reports could be found by their id."""
        ...

    def index_report(self, report: IssueReport) -> bool:
        """Make the report findable by its id; False if it already is, or is gone."""
        ...


class ResultRepository(Protocol):
    def list_for_session(self, session_id: int) -> list[CertificationResult]:
        """Every result entered for the session's candidates (one Query)."""
        ...

    def get(self, session_id: int, candidate_id: str) -> CertificationResult | None:
        """One candidate's result, if entered (one GetItem)."""
        ...

    def save(
        self,
        session_id: int,
        changes: list[ResultChange],
        event: AuditEvent,
        mark: SavingMark | None = None,
    ) -> None:
        """Write at most RESULTS_PER_WRITE results and the event atomically, only while the
        session accepts results — neither CREATED nor PROCESSED (WriteConflict(SESSION)) —
        each result only if the stored one is still its `previous` (WriteConflict(RESULT));
        a new verification code is reserved (already taken: WriteConflict(CERTIFICATE)), a
        code the result no longer carries is freed. With a `mark` (a save in several groups,
        shared.domain.results.SavingMark), in the same transaction: the first group sets the
        session's "results being saved" mark to `mark.until` if it is still `mark.replaces`,
        the last removes it if it is still `mark.until` (else WriteConflict(SESSION)); either
        moves the session's version."""
        ...

    def find_by_code(self, verification_code: str) -> CertificationResult | None:
        """The result whose code this is, whatever its session's status (two GetItems)."""
        ...

    def list_published_for_division(
        self, center_id: str, division: str
    ) -> list[CertificationResult]:
        """The results of a class (the pupils' division when the result was saved, compared
        as the roster compares classes) whose session is PROCESSED now, by name: one Query and
        one BatchGetItem of the sessions' statuses."""
        ...


class AttachmentRepository(Protocol):
    def get(self, session_id: int, attachment_id: str) -> Attachment | None: ...

    def list_for_session(self, session_id: int) -> list[Attachment]:
        """The session's documents, oldest first."""
        ...

    def add(self, attachment: Attachment, event: AuditEvent) -> None:
        """Store a new document of an open session, counting it; WriteConflict(SESSION) if
        the session is not open, (LIMIT) if it already has its maximum of documents."""
        ...

    def record_verdict(self, judged: Attachment, event: AuditEvent) -> None:
        """Store the verdict of a PENDING document; WriteConflict(ATTACHMENT) if it is not
        PENDING any more (judged meanwhile, or deleted)."""
        ...

    def delete(self, attachment: Attachment, event: AuditEvent) -> None:
        """Remove a document of an open session if its status has not moved;
        WriteConflict(SESSION) or (ATTACHMENT)."""
        ...


class FileStore(Protocol):
    @property
    def bucket(self) -> str: ...

    def upload_form(self, key: str, content_type: str, size: int, expires_in: int) -> UploadTarget:
        """A presigned POST for exactly this key, content type and size."""
        ...

    def read(self, key: str, limit: int) -> StoredObject | None:
        """Size, ETag and bytes (the first `limit` of them) of a stored object, read at once
        so that the three describe the same version of it; None if there is none."""
        ...

    def inspect(self, content_type: str, data: bytes) -> Inspection:
        """The structure of a file's bytes, read as the declared (accepted) type: is it,
        all the way through, a file of that type? (shared/adapters/file_inspection.py)"""
        ...

    def copy_if_unchanged(
        self, source_key: str, target_key: str, etag: str, content_type: str
    ) -> bool:
        """Copy the object if it still has `etag`; False if it changed or vanished."""
        ...

    def delete(self, key: str) -> None: ...

    def download_url(self, key: str, file_name: str, content_type: str, expires_in: int) -> str:
        """A short-lived link that downloads the object as `file_name`."""
        ...


# --- the 48-hour rule


class ComplianceRepository(Protocol):
    def due(self, now: datetime) -> list[Session]:
        """Open sessions whose next check (reminder, then deadline) has come."""
        ...

    def overdue(self) -> list[Session]:
        """Overdue sessions, oldest deadline first."""
        ...

    def record(self, judged: Session, after: Session) -> bool:
        """Store `after` (reminder_sent / finalization_overdue) if the session is still as
        `judged`; False if it changed meanwhile (another sweep, an edit, a finalization)."""
        ...

    def record_all(self, verdicts: list[tuple[Session, Session]]) -> list[bool]:
        """`record` for many (judged, after) pairs, in as few requests as possible; one
        answer per pair."""
        ...


class Notifier(Protocol):
    def publish_all(self, notifications: list[Notification]) -> list[bool]:
        """Publish each notification; one answer per notification (False: not sent)."""
        ...


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> bool:
        """Send one e-mail (retried on throttling and server errors); False when it could not
        be sent — the failure is logged, without the addresses."""
        ...
