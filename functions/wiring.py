"""Composition root of the API: builds the adapters once per Lambda container, lazily."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from functools import lru_cache
from random import Random, SystemRandom
from typing import TYPE_CHECKING

from shared.adapters import aws
from shared.adapters.clock import utc_now
from shared.adapters.cognito import CognitoIdentityProvider
from shared.adapters.cognito_tokens import CognitoTokenVerifier
from shared.adapters.course_tokens import CourseTokens, SecretsManagerSecret
from shared.adapters.dynamo.attachments import DynamoAttachments
from shared.adapters.dynamo.candidates import DynamoCandidates
from shared.adapters.dynamo.compliance import DynamoCompliance
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.finalization import DynamoFinalization, DynamoIssueReports
from shared.adapters.dynamo.join_attempts import DynamoJoinAttempts
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.students import DynamoStudents
from shared.adapters.dynamo.users import DynamoCenters, DynamoUsers
from shared.adapters.idempotency import persistence_layer
from shared.adapters.notifications import SnsNotifier
from shared.adapters.s3_files import S3Files
from shared.domain.attendance import AttendanceSheet
from shared.domain.people import Identity
from shared.settings import Settings, get_settings
from shared.web.auth import bearer_token
from shared.web.request import header

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

clock = utc_now


def settings() -> Settings:
    return get_settings()


@lru_cache(maxsize=1)
def users() -> DynamoUsers:
    return DynamoUsers(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def centers() -> DynamoCenters:
    return DynamoCenters(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def sessions() -> DynamoSessions:
    return DynamoSessions(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def students() -> DynamoStudents:
    return DynamoStudents(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def candidates() -> DynamoCandidates:
    return DynamoCandidates(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def events() -> DynamoEvents:
    return DynamoEvents(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def issue_reports() -> DynamoIssueReports:
    return DynamoIssueReports(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def finalization() -> DynamoFinalization:
    return DynamoFinalization(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def attachments() -> DynamoAttachments:
    return DynamoAttachments(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def files() -> S3Files:
    return S3Files(settings().bucket_name, client=aws.s3)


def documents() -> tuple[DynamoAttachments, S3Files]:
    """A session's documents: their records and their files."""
    return attachments(), files()


@lru_cache(maxsize=1)
def compliance() -> DynamoCompliance:
    return DynamoCompliance(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def notifier() -> SnsNotifier:
    return SnsNotifier(settings().topic_arn, client=aws.sns)


@lru_cache(maxsize=1)
def join_attempts() -> DynamoJoinAttempts:
    return DynamoJoinAttempts(settings().table_name, client=aws.dynamodb)


@lru_cache(maxsize=1)
def course_tokens() -> CourseTokens:
    secret = SecretsManagerSecret(settings().course_token_secret_arn, client=aws.secrets_manager)
    return CourseTokens(secret)


@lru_cache(maxsize=1)
def identity_provider() -> CognitoIdentityProvider:
    config = settings()
    return CognitoIdentityProvider(
        config.user_pool_id, config.user_pool_client_id, client=aws.cognito
    )


@lru_cache(maxsize=1)
def token_verifier() -> CognitoTokenVerifier:
    config = settings()
    return CognitoTokenVerifier(
        issuer=config.issuer, audience=config.user_pool_client_id, jwks_url=config.jwks_url
    )


@lru_cache(maxsize=1)
def idempotency_store() -> DynamoDBPersistenceLayer:
    return persistence_layer(settings().table_name, client=aws.dynamodb)


def attendance_renderer() -> Callable[[AttendanceSheet], bytes]:
    # reportlab is imported here, by the attendance sheet's first request only.
    from shared.adapters.pdf.attendance import render_attendance_sheet

    return render_attendance_sheet


def rng() -> Random:
    return SystemRandom()


def new_id() -> str:
    return str(uuid.uuid4())


def authenticate(headers: Mapping[str, str]) -> Identity:
    return token_verifier().verify(bearer_token(header(headers, "authorization")))


def reset() -> None:
    """Forget every built collaborator (tests change the environment between runs)."""
    get_settings.cache_clear()
    for factory in (
        users,
        centers,
        sessions,
        students,
        candidates,
        join_attempts,
        events,
        course_tokens,
        identity_provider,
        token_verifier,
        attachments,
        files,
        idempotency_store,
        issue_reports,
        finalization,
        compliance,
        notifier,
    ):
        factory.cache_clear()
