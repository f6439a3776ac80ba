"""The fakes keep the ports' shape: mypy checks each fake against its Protocol through the typed
assignments below, and the test checks what mypy lets through — the names of the parameters
(a renamed positional parameter still type-checks, but breaks a call by keyword)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime, time

from shared.domain.attendance import AttendanceSheet
from shared.services import ports
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import (
    FakeAccounts,
    Fakes,
    NoIdentityProvider,
    fake_dependencies,
    render_sheet,
)
from tests.fakes import FakeIdentityProvider


def _members(port: type) -> dict[str, object]:
    return {
        name: value
        for name, value in vars(port).items()
        if not name.startswith("_") and (inspect.isfunction(value) or isinstance(value, property))
    }


def _parameters(function: Callable[..., object]) -> list[tuple[str, str]]:
    return [(p.name, p.kind.name) for p in inspect.signature(function).parameters.values()]


def test_the_fakes_fit_the_ports() -> None:
    fakes = Fakes.new()
    centers: ports.CenterRepository = fakes.centers
    users: ports.UserRepository = fakes.users
    invitations: ports.InvitationRepository = fakes.invitations
    pool_accounts: ports.IdentityProvider = fakes.identity_provider
    identity_provider: ports.IdentityProvider = NoIdentityProvider()
    sessions: ports.SessionRepository = fakes.sessions
    events: ports.EventRepository = fakes.sessions.events
    students: ports.StudentRepository = fakes.students
    candidates: ports.CandidateRepository = fakes.candidates
    attempts: ports.AttemptRepository = fakes.attempts
    course_tokens: ports.CourseTokenIssuer = fakes.course_tokens
    invigilator_tokens: ports.InvigilatorTokenIssuer = fakes.invigilator_tokens
    issue_reports: ports.IssueReportRepository = fakes.issue_reports
    finalization: ports.FinalizationRepository = fakes.finalization
    attachments: ports.AttachmentRepository = fakes.attachments
    files: ports.FileStore = fakes.files
    compliance: ports.ComplianceRepository = fakes.compliance
    notifier: ports.Notifier = fakes.notifier
    revocations: ports.RevocationRepository = fakes.revocations
    operators_accounts: ports.IdentityProvider = FakeAccounts()
    clock: ports.Clock = fakes.clock
    render: ports.AttendanceRenderer = render_sheet

    for port, fake in [
        (ports.CenterRepository, centers),
        (ports.UserRepository, users),
        (ports.InvitationRepository, invitations),
        (ports.SessionRepository, sessions),
        (ports.EventRepository, events),
        (ports.StudentRepository, students),
        (ports.CandidateRepository, candidates),
        (ports.AttemptRepository, attempts),
        (ports.CourseTokenIssuer, course_tokens),
        (ports.InvigilatorTokenIssuer, invigilator_tokens),
        (ports.IssueReportRepository, issue_reports),
        (ports.FinalizationRepository, finalization),
        (ports.AttachmentRepository, attachments),
        (ports.FileStore, files),
        (ports.ComplianceRepository, compliance),
        (ports.Notifier, notifier),
        (ports.RevocationRepository, revocations),
    ]:
        for name, member in _members(port).items():
            assert hasattr(fake, name), f"{type(fake).__name__} has no {name}"
            if inspect.isfunction(member):
                expected = _parameters(member)[1:]  # without self
                assert _parameters(getattr(fake, name)) == expected, f"{port.__name__}.{name}"
    # The identity provider of the unit tests refuses every call, whatever its arguments.
    assert set(_members(ports.IdentityProvider)) <= set(dir(identity_provider))
    # The accounts of the operators' use cases answer what they fake, by the port's names.
    for name in (
        "find_user_id",
        "find_account",
        "disable_user",
        "enable_user",
        "sign_out_everywhere",
        "delete_user",
    ):
        expected = _parameters(getattr(ports.IdentityProvider, name))[1:]
        assert _parameters(getattr(operators_accounts, name)) == expected, name
    # The accounts' fake keeps the shape of what it implements, and refuses logins.
    for name, member in _members(ports.IdentityProvider).items():
        implemented = getattr(FakeIdentityProvider, name)
        assert inspect.isfunction(member) and hasattr(pool_accounts, name)
        if implemented is not FakeIdentityProvider._unused:
            assert _parameters(implemented) == _parameters(member), f"IdentityProvider.{name}"
    assert clock() == fakes.clock.now
    sheet = AttendanceSheet(
        session_id=1,
        date=date(2026, 12, 14),
        start_time=time(12),
        end_time=time(13, 45),
        center_name="Collège",
        address="Collège",
        room="Salle 208",
        examiner="Paul Eluard",
        rows=[],
    )
    assert render(sheet).startswith(b"%PDF")


def test_fake_dependencies_share_one_store_of_sessions() -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    deps: Dependencies = fake_dependencies(now)
    assert deps.clock() == now
    assert (deps.new_id(), deps.new_id()) == ("id-1", "id-2")
    stores = [
        deps.candidates,
        deps.issue_reports,
        deps.finalization,
        deps.attachments,
        deps.compliance,
    ]
    assert all(getattr(store, "sessions", None) is deps.sessions for store in stores)
