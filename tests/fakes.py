"""In-memory collaborators for unit tests.

They keep the same promises as the DynamoDB adapters (conditional writes, access-code
reservations): each tests/integration/test_*_contract.py runs one suite against both, and where
they disagreed the adapter was taken as the reference."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from shared.adapters.dynamo import keys
from shared.domain import errors
from shared.domain.attempts import (
    LOCKOUT_WINDOW,
    AttemptKind,
    Lockout,
    Reservation,
    max_failures,
)
from shared.domain.audit import Actor, AuditAction, AuditEvent
from shared.domain.auth import Tokens, check_password_policy
from shared.domain.candidate import Candidate, CandidateStatus
from shared.domain.compliance import Notification, next_check
from shared.domain.email import EmailMessage
from shared.domain.finalization import Finalization, FinalizationDraft, IssueReport
from shared.domain.invigilation import InvigilatorGrant, invalid_invigilator_token
from shared.domain.joining import CourseGrant, invalid_course_token
from shared.domain.limits import RESULTS_PER_WRITE
from shared.domain.people import Center, Membership, Role, UserProfile
from shared.domain.processing import (
    Queue,
    QueuePosition,
    QueueSlice,
    QueueStatus,
    StoredSession,
    Unfinalized,
    queue_counter,
)
from shared.domain.results import CertificationResult, ResultChange, SavingMark
from shared.domain.revocation import RecentRevocations
from shared.domain.session import Session, SessionStatus
from shared.domain.student import Student, same_division
from shared.domain.team import Invitation, InvitationStatus, account_already_exists
from shared.domain.text import sort_key


def dynamodb_key(key: str) -> None:
    """DynamoDB refuses a sort key over 1 024 bytes (a ValidationException, so a 500)."""
    if len(key.encode()) > 1024:
        raise ValueError("key too long for DynamoDB")


class FakeClock:
    """The clock of the use cases, where the test puts it: `clock.now = ...` moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class FakeCenters:
    def __init__(self) -> None:
        self.centers: dict[str, Center] = {}

    def get_center(self, center_id: str) -> Center | None:
        dynamodb_key(keys.center(center_id).pk)
        return self.centers.get(center_id)

    def put_center(self, center: Center) -> None:
        self.centers[center.id] = center


class FakeUsers:
    def __init__(self, events: FakeEvents | None = None) -> None:
        self.profiles: dict[str, UserProfile] = {}
        self.memberships: dict[tuple[str, str], Membership] = {}
        self.events = events if events is not None else FakeEvents()

    def get_membership(self, user_id: str, center_id: str) -> Membership | None:
        dynamodb_key(keys.membership(user_id, center_id).sk)
        return self.memberships.get((user_id, center_id))

    def get_user(self, user_id: str) -> tuple[UserProfile | None, list[Membership]]:
        mine = [m for (uid, _), m in self.memberships.items() if uid == user_id]
        return self.profiles.get(user_id), mine

    def put_profile(self, profile: UserProfile) -> None:
        self.profiles[profile.id] = profile

    def put_membership(self, membership: Membership) -> None:
        self.memberships[(membership.user_id, membership.center.id)] = membership

    def list_members(self, center_id: str) -> list[Membership]:
        """Only memberships with the member's snapshot are in the team's index."""
        dynamodb_key(keys.members_of(center_id).pk)
        return [
            m
            for (_, cid), m in self.memberships.items()
            if cid == center_id and m.email is not None
        ]

    def change_role(
        self, membership: Membership, role: Role, keeper: Membership | None, event: AuditEvent
    ) -> None:
        self._check(membership, keeper)
        self.put_membership(self._stored(membership).model_copy(update={"role": role}))
        self.events.record(event)

    def remove_membership(
        self, membership: Membership, keeper: Membership | None, event: AuditEvent
    ) -> None:
        self._check(membership, keeper)
        del self.memberships[(membership.user_id, membership.center.id)]
        self.events.record(event)

    def put_member_snapshot(self, membership: Membership) -> bool:
        stored = self.memberships.get((membership.user_id, membership.center.id))
        if stored is None:
            return False
        snapshot = {"email", "first_name", "last_name"}
        self.put_membership(stored.model_copy(update=membership.model_dump(include=snapshot)))
        return True

    def _stored(self, membership: Membership) -> Membership:
        stored = self.memberships.get((membership.user_id, membership.center.id))
        assert stored is not None
        return stored

    def _check(self, membership: Membership, keeper: Membership | None) -> None:
        """The conditions of the adapter's transaction: the role read, the keeper an ADMIN."""
        stored = self.memberships.get((membership.user_id, membership.center.id))
        if stored is None or stored.role is not membership.role:
            raise errors.WriteConflict(errors.Conflicting.MEMBERSHIP)
        if keeper is not None:
            kept = self.memberships.get((keeper.user_id, keeper.center.id))
            if kept is None or kept.role is not Role.ADMIN:
                raise errors.WriteConflict(errors.Conflicting.ADMIN)


class FakeInvitations:
    """One invitation per address and center, as the adapter keys them."""

    def __init__(self, users: FakeUsers) -> None:
        self.users = users
        self.invitations: dict[tuple[str, str], Invitation] = {}

    def get(self, invitation_id: str) -> Invitation | None:
        dynamodb_key(keys.invitation_by_id(invitation_id).pk)
        return next((i for i in self.invitations.values() if i.id == invitation_id), None)

    def list_for_center(self, center_id: str) -> list[Invitation]:
        return [i for (cid, _), i in self.invitations.items() if cid == center_id]

    def add(self, invitation: Invitation, event: AuditEvent) -> None:
        stored = self.invitations.get((invitation.center.id, invitation.email))
        if stored is not None and stored.status is InvitationStatus.PENDING:
            raise errors.WriteConflict(errors.Conflicting.INVITATION)
        self.invitations[(invitation.center.id, invitation.email)] = invitation
        self.users.events.record(event)

    def replace(self, read: Invitation, invitation: Invitation, event: AuditEvent) -> None:
        self._check_unchanged(read)
        self.invitations[(invitation.center.id, invitation.email)] = invitation
        self.users.events.record(event)

    def accept(self, read: Invitation, membership: Membership, event: AuditEvent) -> None:
        self._check_unchanged(read)
        if self.users.get_membership(membership.user_id, membership.center.id) is not None:
            raise errors.WriteConflict(errors.Conflicting.MEMBERSHIP)
        accepted = read.accepted(membership.user_id, event.at)
        self.invitations[(read.center.id, read.email)] = accepted
        self.users.put_membership(membership)
        self.users.events.record(event)

    def _check_unchanged(self, read: Invitation) -> None:
        stored = self.invitations.get((read.center.id, read.email))
        if (
            stored is None
            or stored.id != read.id
            or stored.code_hash != read.code_hash
            or stored.status is not InvitationStatus.PENDING
        ):
            raise errors.WriteConflict(errors.Conflicting.INVITATION)


class FakeIdentityProvider:
    """The accounts of a user pool, for the use cases that create or find accounts; logins
    are the integration tests' business. Keeps the adapter's promises: an existing address
    is ACCOUNT_ALREADY_EXISTS, a password off the pool's policy INVALID_PASSWORD."""

    def __init__(self) -> None:
        self.accounts: dict[str, UserProfile] = {}
        self.passwords: dict[str, str] = {}
        self.groups: dict[str, set[str]] = {}

    def _unused(self, *args: Any) -> Any:
        raise AssertionError("no login in unit tests")

    login: Callable[..., Tokens] = _unused
    complete_new_password: Callable[..., Tokens] = _unused
    refresh: Callable[..., Tokens] = _unused
    forgot_password: Callable[..., None] = _unused
    reset_password: Callable[..., None] = _unused

    def create_user(
        self, email: str, first_name: str, last_name: str, temporary_password: str
    ) -> str:
        return self._create(email, first_name, last_name, temporary_password)

    def create_user_with_password(
        self, email: str, first_name: str, last_name: str, password: str
    ) -> str:
        if email in self.accounts:
            raise account_already_exists()
        check_password_policy(password)
        return self._create(email, first_name, last_name, password)

    def _create(self, email: str, first_name: str, last_name: str, password: str) -> str:
        user_id = f"sub-{len(self.accounts) + 1}"
        self.accounts[email] = UserProfile(
            id=user_id, email=email, first_name=first_name, last_name=last_name
        )
        self.passwords[email] = password
        return user_id

    def find_user_id(self, email: str) -> str | None:
        found = self.accounts.get(email)
        return found.id if found is not None else None

    def add_to_group(self, email: str, group: str) -> None:
        self.groups.setdefault(email, set()).add(group)

    def list_users(self) -> list[UserProfile]:
        return list(self.accounts.values())

    def delete_user(self, name: str) -> None:
        """By address or `sub`, as Cognito's Username; an unknown one is USER_NOT_FOUND."""
        email = next((e for e, a in self.accounts.items() if name in (e, a.id)), None)
        if email is None:
            raise errors.NotFound("USER_NOT_FOUND", f"Utilisateur inconnu : {name}")
        del self.accounts[email]
        self.passwords.pop(email, None)
        self.groups.pop(email, None)

    # Disabling accounts is the operators' business (tests/fake_dependencies.py: FakeAccounts).
    find_account: Callable[..., Any] = _unused
    disable_user: Callable[..., None] = _unused
    enable_user: Callable[..., None] = _unused
    sign_out_everywhere: Callable[..., None] = _unused


class FakeEvents:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)

    def list_for_session(self, session_id: int) -> list[AuditEvent]:
        return sorted((e for e in self.events if e.session_id == session_id), key=lambda e: e.at)

    def list_for_center(self, center_id: str) -> list[AuditEvent]:
        return sorted((e for e in self.events if e.center_id == center_id), key=lambda e: e.at)


class FakeSessions:
    def __init__(self) -> None:
        self.sessions: dict[int, Session] = {}
        self.reserved_codes: dict[str, int] = {}
        self.counter = 0
        self.events = FakeEvents()

    def next_session_id(self) -> int:
        self.counter += 1
        return self.counter

    def add(self, session: Session, event: AuditEvent) -> None:
        if session.id in self.sessions:
            raise RuntimeError(f"session {session.id} exists")
        if session.access_code in self.reserved_codes:
            raise errors.AccessCodeTaken(session.access_code)
        self.sessions[session.id] = session
        if session.status is SessionStatus.CREATED:
            self.reserved_codes[session.access_code] = session.id
        self.events.record(event)

    def get(self, session_id: int) -> Session | None:
        return self.sessions.get(session_id)

    def save(self, session: Session, expected_version: int, event: AuditEvent) -> None:
        stored = self.sessions.get(session.id)
        if stored is None or stored.version != expected_version:
            raise errors.WriteConflict(errors.Conflicting.SESSION)
        self.sessions[session.id] = session
        self.events.record(event)

    def delete(self, session: Session, event: AuditEvent) -> None:
        stored = self.sessions.get(session.id)
        if stored is None or stored.version != session.version:
            raise errors.WriteConflict(errors.Conflicting.SESSION)
        del self.sessions[session.id]
        self.reserved_codes.pop(session.access_code, None)
        self.events.record(event)

    def ensure_open(self, session_id: int) -> None:
        """The condition the adapters put in their transactions (`session_is_open`): a
        session that is missing or no longer CREATED fails it."""
        stored = self.sessions.get(session_id)
        if stored is None or stored.status is not SessionStatus.CREATED:
            raise errors.WriteConflict(errors.Conflicting.SESSION)

    def list_for_center(self, center_id: str) -> list[Session]:
        dynamodb_key(keys.sessions_of_center(center_id).pk)
        return [s for s in self.sessions.values() if s.center_id == center_id]

    def alter(self, session_id: int, **changes: Any) -> Session:
        """Change a stored session behind the use cases' back: a state they reach by other
        paths (a pupil joined, the session was finalized), arranged in one line."""
        altered = self.sessions[session_id].model_copy(update=changes)
        self.sessions[session_id] = altered
        return altered


class FakeStudents:
    """`sessions`: the store whose sessions and trail an erasure checks and writes, as the
    adapter's transaction does in the one table."""

    def __init__(self, sessions: FakeSessions | None = None) -> None:
        self.sessions = sessions
        self.students: dict[str, Student] = {}
        self.divisions: dict[str, list[str]] = {}
        self.writes = 0
        self.leases: dict[str, tuple[str, datetime]] = {}

    def list_center(self, center_id: str) -> list[Student]:
        return [s for s in self.students.values() if s.center_id == center_id]

    def get_many(self, center_id: str, student_ids: list[str]) -> list[Student]:
        for student_id in student_ids:
            dynamodb_key(keys.student(center_id, student_id).sk)
        found = [self.students.get(i) for i in student_ids]
        return [s for s in found if s is not None and s.center_id == center_id]

    def save_many(self, students: list[Student]) -> None:
        self.writes += len(students)
        for student in students:
            self.students[student.id] = student

    def list_by_divisions(self, center_id: str, divisions: list[str] | None) -> list[Student]:
        for division in divisions or []:
            dynamodb_key(keys.roster_in_order(center_id, division).prefix)
        mine = [
            s for s in self.list_center(center_id) if divisions is None or s.division in divisions
        ]
        return sorted(mine, key=lambda s: s.roster_order)

    def list_divisions(self, center_id: str) -> list[str]:
        return self.divisions.get(center_id, [])

    def put_divisions(self, center_id: str, divisions: list[str]) -> None:
        self.divisions[center_id] = divisions

    def lock_import(self, center_id: str, holder: str, now: datetime, until: datetime) -> bool:
        held = self.leases.get(center_id)
        if held is not None and held[1] >= now:
            return False
        self.leases[center_id] = (holder, until)
        return True

    def unlock_import(self, center_id: str, holder: str) -> None:
        if self.leases.get(center_id, ("", None))[0] == holder:
            del self.leases[center_id]

    def delete_many(self, center_id: str, student_ids: list[str]) -> None:
        for student_id in student_ids:
            if student_id in self.students and self.students[student_id].center_id == center_id:
                del self.students[student_id]

    def erase(self, student: Student, open_sessions: list[int], event: AuditEvent) -> None:
        if self.sessions is None:
            raise AssertionError("an erasure needs the fakes' sessions")
        stored = self.students.get(student.id)
        if stored is None or stored.center_id != student.center_id:
            raise errors.WriteConflict(errors.Conflicting.STUDENT)
        for session_id in open_sessions:
            session = self.sessions.get(session_id)
            if (
                session is not None
                and session.status is SessionStatus.CREATED
                and student.id in session.enrolled_student_ids
            ):
                raise errors.WriteConflict(errors.Conflicting.SESSION)
        del self.students[student.id]
        self.sessions.events.record(event)


class FakeCandidates:
    """Writes the session through `sessions`, with the same conditions as the transactions."""

    def __init__(self, sessions: FakeSessions) -> None:
        self.sessions = sessions
        self.candidates: dict[tuple[int, str], Candidate] = {}
        self.counter = 0

    def list_for_session(self, session_id: int) -> list[Candidate]:
        return [c for (sid, _), c in self.candidates.items() if sid == session_id]

    def get(self, session_id: int, candidate_id: str) -> Candidate | None:
        return self.candidates.get((session_id, candidate_id))

    def find_by_join_key(self, session_id: int, join_key: str) -> Candidate | None:
        for candidate in self.list_for_session(session_id):
            if candidate.join_key == join_key:
                return candidate
        return None

    def next_certification_number(self) -> int:
        self.counter += 1
        return self.counter

    def enroll(self, session: Session, candidates: list[Candidate], event: AuditEvent) -> Session:
        stored = self.sessions.sessions[session.id]
        if stored.status is not SessionStatus.CREATED or stored.version != session.version:
            raise errors.WriteConflict(errors.Conflicting.SESSION)
        for candidate in candidates:
            self.candidates[(candidate.session_id, candidate.id)] = candidate
        updated = stored.model_copy(
            update={
                "enrolled_student_ids": stored.enrolled_student_ids
                | {c.student_id for c in candidates},
                "version": stored.version + 1,
            }
        )
        self.sessions.sessions[session.id] = updated
        self.sessions.events.record(event)
        return updated

    def start(self, candidate: Candidate, event: AuditEvent) -> None:
        stored = self.candidates.get((candidate.session_id, candidate.id))
        if (
            stored is None
            or stored.status is not CandidateStatus.ENROLLED
            or not stored.authorized_to_start
        ):
            raise errors.WriteConflict(errors.Conflicting.CANDIDATE)
        session = self.sessions.sessions[candidate.session_id]
        if session.status is not SessionStatus.CREATED:
            raise errors.WriteConflict(errors.Conflicting.SESSION)
        self.candidates[(candidate.session_id, candidate.id)] = candidate
        self.sessions.sessions[session.id] = session.model_copy(
            update={
                "started_count": session.started_count + 1,
                "version": session.version + 1,
                "first_started_at": session.first_started_at or candidate.joined_at,
            }
        )
        self.sessions.events.record(event)

    def authorize_start(self, candidate: Candidate, event: AuditEvent) -> None:
        stored = self._decidable(candidate)
        if not candidate.authorized_to_start and stored.status is not CandidateStatus.ENROLLED:
            raise errors.WriteConflict(errors.Conflicting.CANDIDATE)
        self._store(
            stored.model_copy(update={"authorized_to_start": candidate.authorized_to_start})
        )
        self.sessions.events.record(event)

    def authorize_resume(self, candidate: Candidate, event: AuditEvent) -> None:
        stored = self._decidable(candidate, CandidateStatus.STARTED)
        self._store(stored.model_copy(update={"resume_authorized": True}))
        self.sessions.events.record(event)

    def resume(self, candidate: Candidate, event: AuditEvent) -> None:
        stored = self._decidable(candidate, CandidateStatus.STARTED)
        if not stored.resume_authorized:
            raise errors.WriteConflict(errors.Conflicting.CANDIDATE)
        changes = {"resume_authorized": False, "resumes": stored.resumes + 1}
        self._store(stored.model_copy(update=changes))
        self.sessions.events.record(event)

    def end(self, candidate: Candidate, event: AuditEvent) -> None:
        stored = self._decidable(candidate, CandidateStatus.STARTED)
        ended = {
            "status": CandidateStatus.ENDED_BY_SUPERVISOR,
            "ended_at": candidate.ended_at,
            "end_reason": candidate.end_reason,
            "resume_authorized": False,
        }
        self._store(stored.model_copy(update=ended))
        self.sessions.events.record(event)

    def _decidable(self, candidate: Candidate, status: CandidateStatus | None = None) -> Candidate:
        """The stored candidate of an open session, in `status` if given (as the adapter's
        ConditionCheck then Update condition)."""
        self.sessions.ensure_open(candidate.session_id)
        stored = self.candidates.get((candidate.session_id, candidate.id))
        if stored is None or (status is not None and stored.status is not status):
            raise errors.WriteConflict(errors.Conflicting.CANDIDATE)
        return stored

    def _store(self, candidate: Candidate) -> None:
        self.candidates[(candidate.session_id, candidate.id)] = candidate

    def complete(self, candidate: Candidate, event: AuditEvent) -> None:
        if self.sessions.sessions[candidate.session_id].status is not SessionStatus.CREATED:
            raise errors.WriteConflict(errors.Conflicting.SESSION)
        stored = self.candidates.get((candidate.session_id, candidate.id))
        if stored is None or stored.status is not CandidateStatus.STARTED:
            raise errors.WriteConflict(errors.Conflicting.CANDIDATE)
        self.candidates[(candidate.session_id, candidate.id)] = candidate
        self.sessions.events.record(event)

    def set_extra_time(
        self, session: Session, expected_version: int, candidate: Candidate, event: AuditEvent
    ) -> None:
        self._check_session(session, expected_version)
        if (candidate.session_id, candidate.id) not in self.candidates:
            raise errors.WriteConflict(errors.Conflicting.CANDIDATE)
        self.candidates[(candidate.session_id, candidate.id)] = candidate
        self.sessions.sessions[session.id] = session
        self.sessions.events.record(event)

    def remove(
        self, session: Session, expected_version: int, candidate: Candidate, event: AuditEvent
    ) -> None:
        stored = self.candidates.get((candidate.session_id, candidate.id))
        if stored is None or stored.status is not CandidateStatus.ENROLLED:
            raise errors.WriteConflict(errors.Conflicting.CANDIDATE)
        self._check_session(session, expected_version)
        del self.candidates[(candidate.session_id, candidate.id)]
        self.sessions.sessions[session.id] = session.model_copy(
            update={"enrolled_student_ids": session.enrolled_student_ids - {candidate.student_id}}
        )
        self.sessions.events.record(event)

    def remove_all(self, session_id: int) -> None:
        for key in [k for k in self.candidates if k[0] == session_id]:
            del self.candidates[key]

    def alter(self, session_id: int, candidate_id: str, **changes: Any) -> Candidate:
        """Change a stored candidate behind the use cases' back (see `FakeSessions.alter`)."""
        altered = self.candidates[(session_id, candidate_id)].model_copy(update=changes)
        self.candidates[(session_id, candidate_id)] = altered
        return altered

    def _check_session(self, session: Session, expected_version: int) -> None:
        stored = self.sessions.sessions[session.id]
        if stored.version != expected_version or stored.status is not SessionStatus.CREATED:
            raise errors.WriteConflict(errors.Conflicting.SESSION)


class FakeAttempts:
    """The attempt windows of DynamoAttempts, in memory: the same places held and given back."""

    def __init__(self) -> None:
        self.windows: dict[tuple[AttemptKind, str], tuple[datetime, int]] = {}

    def reserve(self, kind: AttemptKind, subject: str, now: datetime) -> Reservation | Lockout:
        start, held = self.windows.get((kind, subject), (now, 0))
        if start + LOCKOUT_WINDOW <= now:
            start, held = now, 0
        if held >= max_failures(kind):
            return Lockout(window_start=start)
        self.windows[(kind, subject)] = (start, held + 1)
        return Reservation(kind=kind, subject=subject, window_start=start)

    def release(self, reservation: Reservation) -> None:
        key = (reservation.kind, reservation.subject)
        start, held = self.windows.get(key, (reservation.window_start, 0))
        if start == reservation.window_start and held > 0:
            self.windows[key] = (start, held - 1)

    def held(self, kind: AttemptKind, subject: str) -> int:
        return self.windows.get((kind, subject), (None, 0))[1]


class FakeInvigilatorTokens:
    """Tokens are the grant's JSON prefixed by a marker (as FakeCourseTokens)."""

    PREFIX = "fake-invigilator-token:"

    def issue(self, grant: InvigilatorGrant, now: datetime) -> str:
        return self.PREFIX + grant.model_dump_json()

    def read(self, token: str, now: datetime) -> InvigilatorGrant:
        if not token.startswith(self.PREFIX):
            raise invalid_invigilator_token()
        grant = InvigilatorGrant.model_validate_json(token.removeprefix(self.PREFIX))
        if grant.expires_at <= now:
            raise invalid_invigilator_token()
        return grant


class FakeCourseTokens:
    """Tokens are the grant's JSON prefixed by a marker: enough to check who verifies what."""

    PREFIX = "fake-course-token:"

    def issue(self, grant: CourseGrant) -> str:
        return self.PREFIX + grant.model_dump_json()

    def read(self, token: str, now: datetime) -> CourseGrant:
        if not token.startswith(self.PREFIX):
            raise invalid_course_token()
        grant = CourseGrant.model_validate_json(token.removeprefix(self.PREFIX))
        if grant.expires_at <= now:
            raise invalid_course_token()
        return grant


def an_event(session_id: int, action: AuditAction = AuditAction.SESSION_UPDATED) -> AuditEvent:
    """An audit event for tests that call repositories directly."""
    return AuditEvent(
        session_id=session_id,
        at=datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
        actor=Actor.system("tests"),
        action=action,
    )


class FakeIssueReports:
    def __init__(self, sessions: FakeSessions) -> None:
        self.sessions = sessions
        self.reports: dict[tuple[int, str], IssueReport] = {}

    def list_for_session(self, session_id: int) -> list[IssueReport]:
        return [r for (sid, _), r in self.reports.items() if sid == session_id]

    def get(self, session_id: int, report_id: str) -> IssueReport | None:
        dynamodb_key(keys.issue_report(session_id, report_id).sk)
        return self.reports.get((session_id, report_id))

    def add(self, report: IssueReport, event: AuditEvent) -> None:
        self.sessions.ensure_open(report.session_id)
        if (report.session_id, report.id) in self.reports:
            raise errors.WriteConflict(errors.Conflicting.REPORT)
        self.reports[(report.session_id, report.id)] = report
        self.sessions.events.record(event)

    def delete(self, report: IssueReport, event: AuditEvent) -> None:
        self.sessions.ensure_open(report.session_id)
        if self.reports.pop((report.session_id, report.id), None) is None:
            raise errors.WriteConflict(errors.Conflicting.REPORT)
        self.sessions.events.record(event)


class FakeResults:
    """Results by (session, candidate), and the verification codes reserved (`codes`: code →
    that key). Given the sessions, it checks their status as the adapter's transaction does."""

    def __init__(self, sessions: FakeSessions | None = None) -> None:
        self.results: dict[tuple[int, str], CertificationResult] = {}
        self.codes: dict[str, tuple[int, str]] = {}
        self.sessions = sessions
        # Calls of each method, for the tests that count reads.
        self.calls: list[str] = []

    def list_for_session(self, session_id: int) -> list[CertificationResult]:
        return [r for (sid, _), r in sorted(self.results.items()) if sid == session_id]

    def get(self, session_id: int, candidate_id: str) -> CertificationResult | None:
        return self.results.get((session_id, candidate_id))

    def save(
        self,
        session_id: int,
        changes: list[ResultChange],
        event: AuditEvent,
        mark: SavingMark | None = None,
    ) -> None:
        if len(changes) > RESULTS_PER_WRITE:
            raise ValueError(f"at most {RESULTS_PER_WRITE} results per write")
        assert self.sessions is not None, "FakeResults(sessions) to save results"
        session = self.sessions.get(session_id)
        if session is None or session.status in (SessionStatus.CREATED, SessionStatus.PROCESSED):
            raise errors.WriteConflict(errors.Conflicting.SESSION)
        if mark is not None and session.results_saving_until != mark.expected:
            raise errors.WriteConflict(errors.Conflicting.SESSION)
        for change in changes:
            key = (change.result.session_id, change.result.candidate_id)
            if self.results.get(key) != change.previous:
                raise errors.WriteConflict(errors.Conflicting.RESULT)
        new_codes = [c.new_code for c in changes if c.new_code is not None]
        if len(set(new_codes)) < len(new_codes) or any(c in self.codes for c in new_codes):
            raise errors.WriteConflict(errors.Conflicting.CERTIFICATE)
        for change in changes:
            key = (change.result.session_id, change.result.candidate_id)
            self.results[key] = change.result
            if change.new_code is not None:
                self.codes[change.new_code] = key
            if change.dropped_code is not None:
                self.codes.pop(change.dropped_code, None)
        if mark is not None:
            self.sessions.sessions[session_id] = session.model_copy(
                update={
                    "results_saving_until": mark.left,
                    "version": session.version + 1,
                }
            )
        self.sessions.events.record(event)

    def find_by_code(self, verification_code: str) -> CertificationResult | None:
        self.calls.append("find_by_code")
        key = self.codes.get(verification_code)
        return self.results.get(key) if key is not None else None

    def list_published_for_division(
        self, center_id: str, division: str
    ) -> list[CertificationResult]:
        assert self.sessions is not None, "FakeResults(sessions) to list published results"
        self.calls.append("list_published_for_division")
        found = []
        for result in self.results.values():
            session = self.sessions.get(result.session_id)
            if (
                result.center_id == center_id
                and result.pupil is not None
                and same_division(result.pupil.division, division)
                and session is not None
                and session.status is SessionStatus.PROCESSED
            ):
                found.append(result)
        return sorted(
            found,
            key=lambda r: (
                sort_key(r.pupil.last_name) if r.pupil else "",
                sort_key(r.pupil.first_name) if r.pupil else "",
                r.session_id,
                r.candidate_id,
            ),
        )


class FakeFinalization:
    def __init__(self, sessions: FakeSessions) -> None:
        self.sessions = sessions
        self.drafts: dict[int, FinalizationDraft] = {}
        self.finals: dict[int, Finalization] = {}

    def get_draft(self, session_id: int) -> FinalizationDraft | None:
        return self.drafts.get(session_id)

    def get_final(self, session_id: int) -> Finalization | None:
        return self.finals.get(session_id)

    def save_draft(self, draft: FinalizationDraft, event: AuditEvent) -> None:
        self.sessions.ensure_open(draft.session_id)
        self.drafts[draft.session_id] = draft
        self.sessions.events.record(event)

    def finalize(self, session: Session, final: Finalization, event: AuditEvent) -> None:
        """Like the adapter's update: the status, its instant and the version, nothing else."""
        stored = self.sessions.sessions.get(session.id)
        if (
            stored is None
            or stored.status is not SessionStatus.CREATED
            or stored.version != session.version - 1
        ):
            raise errors.WriteConflict(errors.Conflicting.SESSION)
        self.sessions.sessions[session.id] = stored.model_copy(
            update={
                "status": SessionStatus.FINALIZED,
                "finalized_at": session.finalized_at,
                "requires_action": session.requires_action,
                "version": session.version,
            }
        )
        self.sessions.reserved_codes.pop(session.access_code, None)
        self.finals[session.id] = final
        self.sessions.events.record(event)


class FakeProcessing:
    """The processing's view of the fakes, with the adapter's conditions: status and version
    of the session as read, the report still there, the access code free."""

    def __init__(
        self,
        sessions: FakeSessions,
        issue_reports: FakeIssueReports,
        finalization: FakeFinalization,
    ) -> None:
        self.sessions = sessions
        self.issue_reports = issue_reports
        self.finalization = finalization
        # Data stored before the queues: sessions in no queue (nor counted), reports that
        # cannot be found by their id. A test puts them here; the backfill takes them out.
        self.unqueued: set[int] = set()
        self.unindexed: set[tuple[int, str]] = set()

    def _queued(self, queue: Queue) -> list[Session]:
        found = [
            s
            for s in self.sessions.sessions.values()
            if s.id not in self.unqueued
            and s.status.value == queue.status.value
            and s.finalized_at is not None
            and queue.requires_action in (None, s.requires_action)
        ]
        return sorted(found, key=lambda s: (s.finalized_at, s.id))

    def list_queue(
        self, queue: Queue, skip: int, limit: int, after: QueuePosition | None
    ) -> QueueSlice:
        found = self._queued(queue)
        if after is not None:
            found = [
                s for s in found if (s.finalized_at, s.id) > (after.finalized_at, after.session_id)
            ]
        return QueueSlice(sessions=found[skip : skip + limit], more=len(found) > skip + limit)

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for status in QueueStatus:
            for flag in (True, False):
                name = queue_counter(status, flag)
                counted[name] = len(self._queued(Queue(status=status, requires_action=flag)))
        return counted

    def find_report(self, report_id: str) -> IssueReport | None:
        found = [
            r
            for key, r in self.issue_reports.reports.items()
            if key[1] == report_id and key not in self.unindexed
        ]
        return found[0] if found else None

    def _check(self, before: Session) -> None:
        stored = self.sessions.sessions.get(before.id)
        if stored is None or (stored.status, stored.version) != (before.status, before.version):
            raise errors.WriteConflict(errors.Conflicting.SESSION)

    def transition(self, before: Session, after: Session, event: AuditEvent) -> None:
        self._check(before)
        self.sessions.sessions[after.id] = after
        self.unqueued.discard(after.id)  # the whole item is written, queue keys included
        self.sessions.events.record(event)

    def resolve_report(
        self, report: IssueReport, before: Session, after: Session, event: AuditEvent
    ) -> None:
        if (report.session_id, report.id) not in self.issue_reports.reports:
            raise errors.WriteConflict(errors.Conflicting.REPORT)
        self._check(before)
        self.issue_reports.reports[(report.session_id, report.id)] = report
        self.sessions.sessions[after.id] = after
        self.unqueued.discard(after.id)
        self.sessions.events.record(event)

    def unfinalize(self, before: Session, reopened: Unfinalized, event: AuditEvent) -> None:
        self._check(before)
        after = reopened.session
        if after.access_code in self.sessions.reserved_codes:
            raise errors.AccessCodeTaken(after.access_code)
        self.sessions.sessions[after.id] = after
        self.unqueued.discard(after.id)
        self.sessions.reserved_codes[after.access_code] = after.id
        self.finalization.drafts[after.id] = reopened.draft
        self.finalization.finals.pop(after.id, None)
        self.sessions.events.record(event)

    def last_session_id(self) -> int:
        return self.sessions.counter

    def read_sessions(self, session_ids: list[int]) -> list[StoredSession]:
        return [
            StoredSession(session=s, queued=s.id not in self.unqueued)
            for n in sorted(session_ids)
            if (s := self.sessions.sessions.get(n)) is not None
        ]

    def enqueue(self, before: Session, after: Session) -> bool:
        stored = self.sessions.sessions.get(before.id)
        if (
            before.id not in self.unqueued
            or stored is None
            or (stored.status, stored.version) != (before.status, before.version)
        ):
            return False
        self.sessions.sessions[after.id] = stored.model_copy(
            update={"requires_action": after.requires_action, "version": after.version}
        )
        self.unqueued.discard(before.id)
        return True

    def unindexed_reports(self, session_id: int) -> list[IssueReport]:
        return [
            r
            for key, r in sorted(self.issue_reports.reports.items())
            if key[0] == session_id and key in self.unindexed
        ]

    def index_report(self, report: IssueReport) -> bool:
        key = (report.session_id, report.id)
        if key not in self.unindexed or key not in self.issue_reports.reports:
            return False
        self.unindexed.discard(key)
        return True


class FakeCompliance:
    """The sweep's view of FakeSessions, with the same conditional record as DynamoDB."""

    def __init__(self, sessions: FakeSessions) -> None:
        self.sessions = sessions

    def due(self, now: datetime) -> list[Session]:
        found = []
        for session in self.sessions.sessions.values():
            check = next_check(session)
            if check is not None and check.at <= now:
                found.append((check.at, session.id, session))
        return [s for _, _, s in sorted(found)]

    def overdue(self) -> list[Session]:
        flagged = [
            s
            for s in self.sessions.sessions.values()
            if s.finalization_overdue and s.status is SessionStatus.CREATED
        ]
        return sorted(flagged, key=lambda s: (s.finalization_deadline, s.id))

    def record_all(self, verdicts: list[tuple[Session, Session]]) -> list[bool]:
        return [self.record(judged, after) for judged, after in verdicts]

    def record(self, judged: Session, after: Session) -> bool:
        stored = self.sessions.sessions.get(judged.id)
        if stored is None or (
            stored.status,
            stored.finalization_deadline,
            stored.finalization_overdue,
            stored.reminder_sent,
        ) != (
            SessionStatus.CREATED,
            judged.finalization_deadline,
            judged.finalization_overdue,
            judged.reminder_sent,
        ):
            return False
        self.sessions.sessions[judged.id] = stored.model_copy(
            update={
                "reminder_sent": after.reminder_sent,
                "finalization_overdue": after.finalization_overdue,
                "version": stored.version + 1,
            }
        )
        return True


class FakeMailer:
    """Keeps what was sent; `failing` makes every send fail, as SES refusing would."""

    def __init__(self, failing: bool = False) -> None:
        self.sent: list[EmailMessage] = []
        self.failing = failing

    def send(self, message: EmailMessage) -> bool:
        if self.failing:
            return False
        self.sent.append(message)
        return True


class FakeNotifier:
    def __init__(self, failing: bool = False) -> None:
        self.sent: list[Notification] = []
        self.failing = failing

    def publish_all(self, notifications: list[Notification]) -> list[bool]:
        if self.failing:
            return [False for _ in notifications]
        self.sent.extend(notifications)
        return [True for _ in notifications]


class FakeRevocations:
    """The marks' item: a version that moves at each write, a write refused over a stale
    version (as DynamoRevocations' condition does); `reads` counts the reads."""

    def __init__(self) -> None:
        self.stored = RecentRevocations()
        self.reads = 0
        # Writes to refuse as if another writer had come first (a race, for the tests).
        self.races = 0

    def read(self) -> RecentRevocations:
        self.reads += 1
        return self.stored

    def save(self, revocations: RecentRevocations) -> bool:
        if self.races:
            self.races -= 1
            self.stored = self.stored.model_copy(update={"version": self.stored.version + 1})
            return False
        if revocations.version != self.stored.version:
            return False
        self.stored = revocations.model_copy(update={"version": revocations.version + 1})
        return True
