"""Everything the use cases need from the outside world, in one frozen object.

A composition root builds it once from the adapters (`shared/bootstrap.py`, for the API's
`functions/wiring.py`, the operators' CLI, the local stack and the benchmarks); the unit tests
build it from in-memory fakes (`tests/fake_dependencies.py`). Use cases take it as their first
argument and read only what they use.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from shared.services.ports import (
    AttachmentRepository,
    AttemptRepository,
    AttendanceRenderer,
    AttestationRenderer,
    CandidateRepository,
    CenterRepository,
    Clock,
    ComplianceRepository,
    CourseTokenIssuer,
    EventRepository,
    FileStore,
    FinalizationRepository,
    IdentityProvider,
    IdFactory,
    InvigilatorKitRenderer,
    InvigilatorTokenIssuer,
    InvitationRepository,
    IssueReportRepository,
    Mailer,
    Notifier,
    ProcessingRepository,
    ResultRepository,
    RevocationRepository,
    SessionRepository,
    StudentRepository,
    UserRepository,
)


@dataclass(frozen=True)
class Dependencies:
    # Centers, people and sessions.
    centers: CenterRepository
    users: UserRepository
    identity_provider: IdentityProvider
    # Users disabled or deleted in Cognito: their marks (shared/services/revocation.py).
    revocations: RevocationRepository
    sessions: SessionRepository
    events: EventRepository
    # The center's team: invitations (memberships are the users').
    invitations: InvitationRepository
    # The roster, candidates and the pupils' entry.
    students: StudentRepository
    candidates: CandidateRepository
    attempts: AttemptRepository
    course_tokens: CourseTokenIssuer
    # Exam day: the invigilator's tokens, and the web front end's address (printed in the
    # invigilator's kit; None where it is not configured).
    invigilator_tokens: InvigilatorTokenIssuer
    web_address: str | None
    # Finalization and its documents.
    issue_reports: IssueReportRepository
    finalization: FinalizationRepository
    attachments: AttachmentRepository
    files: FileStore
    # After finalization: the results Pix staff enter and publish.
    results: ResultRepository
    # Processing by Pix staff: the queues, assignments, resolutions, (un)publication.
    processing: ProcessingRepository
    # The 48-hour rule.
    compliance: ComplianceRepository
    notifier: Notifier
    # E-mails (Amazon SES): invitations, the 48-hour notices.
    mailer: Mailer
    # Outputs and sources of the outside world.
    render_attendance: AttendanceRenderer
    render_invigilator_kit: InvigilatorKitRenderer
    render_attestations: AttestationRenderer
    clock: Clock
    rng: Random
    new_id: IdFactory
