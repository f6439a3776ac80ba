"""`Dependencies` made of in-memory fakes that share one store of sessions, as the DynamoDB
adapters share one table.

`fake_dependencies()` when a test only calls use cases; `Fakes.new()` when it also arranges
or inspects what the fakes hold: `fakes.dependencies()` is then the `Dependencies` the use
cases see, over those very fakes."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from random import Random
from typing import Any

from shared.domain.attendance import AttendanceSheet
from shared.domain.attestation import AttestationBook
from shared.domain.auth import Tokens
from shared.domain.invigilator_kit import InvigilatorKit
from shared.domain.people import UserProfile
from shared.domain.revocation import Account
from shared.services.dependencies import Dependencies
from tests.fakes import (
    FakeAttempts,
    FakeCandidates,
    FakeCenters,
    FakeClock,
    FakeCompliance,
    FakeCourseTokens,
    FakeFinalization,
    FakeIdentityProvider,
    FakeInvigilatorTokens,
    FakeInvitations,
    FakeIssueReports,
    FakeMailer,
    FakeNotifier,
    FakeProcessing,
    FakeResults,
    FakeRevocations,
    FakeSessions,
    FakeStudents,
    FakeUsers,
)
from tests.fakes_files import FakeAttachments, FakeFiles

DEFAULT_NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class NoIdentityProvider:
    """Unit tests of the use cases never log in: Cognito is the integration tests' business."""

    def _unused(self, *args: Any) -> Any:
        raise AssertionError("no identity provider in unit tests")

    login: Callable[..., Tokens] = _unused
    complete_new_password: Callable[..., Tokens] = _unused
    refresh: Callable[..., Tokens] = _unused
    forgot_password: Callable[..., None] = _unused
    reset_password: Callable[..., None] = _unused
    create_user: Callable[..., str] = _unused
    create_user_with_password: Callable[..., str] = _unused
    find_user_id: Callable[..., str | None] = _unused
    add_to_group: Callable[..., None] = _unused
    find_account: Callable[..., Account | None] = _unused
    disable_user: Callable[..., None] = _unused
    enable_user: Callable[..., None] = _unused
    sign_out_everywhere: Callable[..., None] = _unused
    delete_user: Callable[..., None] = _unused
    list_users: Callable[..., list[UserProfile]] = _unused


class FakeAccounts(NoIdentityProvider):
    """Cognito's accounts as the operators' use cases see them: by e-mail address, each with
    its `sub` and whether it is enabled; `calls` lists what was asked, in order."""

    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}
        self.calls: list[tuple[str, str]] = []

    def add(self, email: str, user_id: str, *, enabled: bool = True) -> None:
        self.accounts[email] = Account(user_id=user_id, email=email, enabled=enabled)

    def find_user_id(self, email: str) -> str | None:
        account = self.find_account(email)
        return None if account is None else account.user_id

    def find_account(self, name: str) -> Account | None:
        if name in self.accounts:
            return self.accounts[name]
        return next((a for a in self.accounts.values() if a.user_id == name), None)

    def _existing(self, call: str, name: str) -> str:
        """The e-mail address of the account `name` names (Cognito: UserNotFound if none)."""
        email = next(
            (e for e, a in self.accounts.items() if name in (e, a.user_id)),
            None,
        )
        if email is None:
            raise AssertionError(f"{call}: no account {name}")
        self.calls.append((call, email))
        return email

    def disable_user(self, name: str) -> None:
        email = self._existing("disable", name)
        self.accounts[email] = self.accounts[email].model_copy(update={"enabled": False})

    def enable_user(self, name: str) -> None:
        email = self._existing("enable", name)
        self.accounts[email] = self.accounts[email].model_copy(update={"enabled": True})

    def sign_out_everywhere(self, name: str) -> None:
        self._existing("sign-out", name)

    def delete_user(self, name: str) -> None:
        del self.accounts[self._existing("delete", name)]


WEB_ADDRESS = "https://certif.example.test"


def render_kit(kit: InvigilatorKit) -> bytes:
    """A stand-in PDF that still says whose kit it is."""
    return f"%PDF-fake {kit.file_name} {kit.portal_url}".encode()


def render_attestations(book: AttestationBook) -> bytes:
    """A stand-in PDF that still says whose attestations it holds, one line per page."""
    pages = "\n".join(
        f"{a.last_name} {a.first_name} {a.verification_code}" for a in book.attestations
    )
    return f"%PDF-fake {book.file_name}\n{pages}".encode()


def render_sheet(sheet: AttendanceSheet) -> bytes:
    """A stand-in PDF that still says whose sheet it is."""
    return f"%PDF-fake {sheet.file_name}".encode()


@dataclass(frozen=True)
class Fakes:
    """The fakes behind a `Dependencies`, typed as themselves: what a test arranges directly
    (a state the use cases reach by other paths) or looks into after a use case ran."""

    clock: FakeClock
    centers: FakeCenters
    users: FakeUsers
    invitations: FakeInvitations
    identity_provider: FakeIdentityProvider
    sessions: FakeSessions
    students: FakeStudents
    candidates: FakeCandidates
    attempts: FakeAttempts
    course_tokens: FakeCourseTokens
    invigilator_tokens: FakeInvigilatorTokens
    issue_reports: FakeIssueReports
    finalization: FakeFinalization
    attachments: FakeAttachments
    files: FakeFiles
    results: FakeResults
    processing: FakeProcessing
    compliance: FakeCompliance
    notifier: FakeNotifier
    mailer: FakeMailer
    revocations: FakeRevocations

    @classmethod
    def new(cls, now: datetime = DEFAULT_NOW) -> Fakes:
        """Empty fakes; the clock shows `now` until a test moves it."""
        sessions = FakeSessions()
        users = FakeUsers(sessions.events)
        issue_reports = FakeIssueReports(sessions)
        finalization = FakeFinalization(sessions)
        return cls(
            clock=FakeClock(now),
            centers=FakeCenters(),
            users=users,
            invitations=FakeInvitations(users),
            identity_provider=FakeIdentityProvider(),
            sessions=sessions,
            students=FakeStudents(sessions),
            candidates=FakeCandidates(sessions),
            attempts=FakeAttempts(),
            course_tokens=FakeCourseTokens(),
            invigilator_tokens=FakeInvigilatorTokens(),
            issue_reports=issue_reports,
            finalization=finalization,
            attachments=FakeAttachments(sessions),
            files=FakeFiles(),
            results=FakeResults(sessions),
            processing=FakeProcessing(sessions, issue_reports, finalization),
            compliance=FakeCompliance(sessions),
            notifier=FakeNotifier(),
            mailer=FakeMailer(),
            revocations=FakeRevocations(),
        )

    def dependencies(self, **overrides: Any) -> Dependencies:
        """These fakes as the use cases see them, with a seeded rng and ids `id-1`, `id-2`…;
        `overrides` replace some of them (e.g. `notifier=`)."""
        ids = itertools.count(1)
        deps = Dependencies(
            centers=self.centers,
            users=self.users,
            identity_provider=self.identity_provider,
            revocations=self.revocations,
            sessions=self.sessions,
            events=self.sessions.events,
            invitations=self.invitations,
            students=self.students,
            candidates=self.candidates,
            attempts=self.attempts,
            course_tokens=self.course_tokens,
            invigilator_tokens=self.invigilator_tokens,
            web_address=WEB_ADDRESS,
            issue_reports=self.issue_reports,
            finalization=self.finalization,
            attachments=self.attachments,
            files=self.files,
            results=self.results,
            processing=self.processing,
            compliance=self.compliance,
            notifier=self.notifier,
            mailer=self.mailer,
            render_attendance=render_sheet,
            render_invigilator_kit=render_kit,
            render_attestations=render_attestations,
            clock=self.clock,
            rng=Random(1),
            new_id=lambda: f"id-{next(ids)}",
        )
        return replace(deps, **overrides)


def fake_dependencies(now: datetime = DEFAULT_NOW, **overrides: Any) -> Dependencies:
    """Fresh fakes; `overrides` replace some of them (e.g. `clock=`, `notifier=`)."""
    return Fakes.new(now).dependencies(**overrides)
