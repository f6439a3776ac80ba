"""The composition root shared by every entry point (the API, the scheduled and S3-event
functions, the operators' CLI, the local stack, the benchmarks): adapters wired into one
`Dependencies`. Building it creates no AWS client: each adapter creates its client on first
use, so a request pays only for the services it calls."""

from __future__ import annotations

import uuid
from random import SystemRandom

from shared.adapters import aws
from shared.adapters.clock import utc_now
from shared.adapters.cognito import CognitoIdentityProvider
from shared.adapters.course_tokens import CourseTokens, SecretsManagerSecret
from shared.adapters.dynamo.attachments import DynamoAttachments
from shared.adapters.dynamo.attempts import DynamoAttempts
from shared.adapters.dynamo.candidates import DynamoCandidates
from shared.adapters.dynamo.compliance import DynamoCompliance
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.finalization import DynamoFinalization, DynamoIssueReports
from shared.adapters.dynamo.invitations import DynamoInvitations
from shared.adapters.dynamo.processing import DynamoProcessing
from shared.adapters.dynamo.results import DynamoResults
from shared.adapters.dynamo.revocations import DynamoRevocations
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.students import DynamoStudents
from shared.adapters.dynamo.users import DynamoCenters, DynamoUsers
from shared.adapters.invigilator_tokens import InvigilatorTokens, RotatingSecret
from shared.adapters.notifications import SnsNotifier
from shared.adapters.s3_files import S3Files
from shared.adapters.ses_mail import SesMailer
from shared.domain.attendance import AttendanceSheet
from shared.domain.attestation import AttestationBook
from shared.domain.invigilator_kit import InvigilatorKit
from shared.services.dependencies import Dependencies
from shared.settings import Settings


def render_attendance(sheet: AttendanceSheet) -> bytes:
    # reportlab is imported here, by the first PDF only: no other route pays for it.
    from shared.adapters.pdf.attendance import render_attendance_sheet

    return render_attendance_sheet(sheet)


def render_invigilator_kit(kit: InvigilatorKit) -> bytes:
    from shared.adapters.pdf.invigilator_kit import render_invigilator_kit as render

    return render(kit)


def render_attestations(book: AttestationBook) -> bytes:
    from shared.adapters.pdf.attestations import render_attestations as render

    return render(book)


def new_id() -> str:
    return str(uuid.uuid4())


def dependencies(settings: Settings) -> Dependencies:
    table = settings.table_name
    dynamodb = aws.dynamodb
    return Dependencies(
        centers=DynamoCenters(table, client=dynamodb),
        users=DynamoUsers(table, client=dynamodb),
        identity_provider=CognitoIdentityProvider(
            settings.user_pool_id, settings.user_pool_client_id, client=aws.cognito
        ),
        revocations=DynamoRevocations(table, client=dynamodb),
        sessions=DynamoSessions(table, client=dynamodb),
        events=DynamoEvents(table, client=dynamodb),
        invitations=DynamoInvitations(table, client=dynamodb),
        students=DynamoStudents(table, client=dynamodb),
        candidates=DynamoCandidates(table, client=dynamodb),
        attempts=DynamoAttempts(table, client=dynamodb),
        course_tokens=CourseTokens(
            SecretsManagerSecret(settings.course_token_secret_arn, client=aws.secrets_manager)
        ),
        invigilator_tokens=InvigilatorTokens(
            RotatingSecret(settings.invigilator_token_secret_arn, client=aws.secrets_manager)
        ),
        web_address=settings.web_origin,
        issue_reports=DynamoIssueReports(table, client=dynamodb),
        finalization=DynamoFinalization(table, client=dynamodb),
        attachments=DynamoAttachments(table, client=dynamodb),
        files=S3Files(settings.bucket_name, client=aws.s3),
        results=DynamoResults(table, client=dynamodb),
        processing=DynamoProcessing(table, client=dynamodb),
        compliance=DynamoCompliance(table, client=dynamodb),
        notifier=SnsNotifier(settings.topic_arn, client=aws.sns),
        mailer=SesMailer(
            settings.mail_sender, settings.mail_configuration_set or None, client=aws.sesv2
        ),
        render_attendance=render_attendance,
        render_invigilator_kit=render_invigilator_kit,
        render_attestations=render_attestations,
        clock=utc_now,
        rng=SystemRandom(),
        new_id=new_id,
    )
