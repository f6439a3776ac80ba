"""The composition root shared by every entry point (the API, the scheduled and S3-event
functions, the operators' CLI, the local stack, the benchmarks): adapters wired into one
`Dependencies`. Building it creates no AWS client and imports no adapter: each adapter's module
is imported, and the adapter built, when a use case first touches it (`Deferred`), and each
adapter creates its client on first use, so a request pays only for what it uses. A pupil's
`POST /sessions/{id}/join` thus loads neither Cognito's adapter nor the roster's, the results'
or the processing queues' (docs/cold-start.md)."""

from __future__ import annotations

import contextlib
import gc
import importlib
import threading
import uuid
from collections.abc import Callable, Iterator
from random import SystemRandom
from typing import TYPE_CHECKING, Any

from shared.adapters import aws
from shared.adapters.clock import utc_now
from shared.services.dependencies import Dependencies
from shared.settings import Settings

if TYPE_CHECKING:
    from shared.domain.attendance import AttendanceSheet
    from shared.domain.attestation import AttestationBook
    from shared.domain.invigilator_kit import InvigilatorKit


class Deferred:
    """An adapter stand-in: `target` ("module:Class") is imported and built with `arguments`
    on the first attribute read, then every attribute is the adapter's own."""

    def __init__(self, target: str, *arguments: Any, **keywords: Any) -> None:
        self._target = target
        self._build: Callable[[], Any] | None = lambda: _construct(target, arguments, keywords)
        self._adapter: Any = None
        self._lock = threading.Lock()

    def _built(self) -> Any:
        with self._lock:
            if self._build is not None:
                self._adapter = self._build()
                self._build = None
            return self._adapter

    def __getattr__(self, name: str) -> Any:
        # Called for the adapter's attributes only: ours are set in __init__.
        return getattr(self._built(), name)

    def __call__(self, *arguments: Any, **keywords: Any) -> Any:
        # A callable adapter (a secret's value): dunder calls bypass __getattr__.
        return self._built()(*arguments, **keywords)

    def __repr__(self) -> str:
        return f"Deferred({self._target})"


def _construct(target: str, arguments: tuple[Any, ...], keywords: dict[str, Any]) -> Any:
    module_name, _, name = target.partition(":")
    return getattr(importlib.import_module(module_name), name)(*arguments, **keywords)


def deferred(target: str, *arguments: Any, **keywords: Any) -> Any:
    """`Deferred(...)`, typed as the adapter it stands for (the ports are protocols)."""
    return Deferred(target, *arguments, **keywords)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off while a PDF is made (and left as found). The first PDF of a
    container parses the DejaVu fonts into ~100 000 lasting objects (with reportlab's import,
    the layout's): the collections they trigger each walk the container's whole heap (botocore's
    models, the app's pydantic models), 40-90 ms of the attendance sheet's first request. What
    the PDF leaves as garbage is collected after it; the collections that its lasting objects
    make due happen at a later allocation, as they would anyway."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_attendance(sheet: AttendanceSheet) -> bytes:
    with _collector_paused():
        # reportlab is imported here, by the first PDF only: no other route pays for it.
        from shared.adapters.pdf.attendance import render_attendance_sheet

        return render_attendance_sheet(sheet)


def render_invigilator_kit(kit: InvigilatorKit) -> bytes:
    with _collector_paused():
        from shared.adapters.pdf.invigilator_kit import render_invigilator_kit as render

        return render(kit)


def render_attestations(book: AttestationBook) -> bytes:
    with _collector_paused():
        from shared.adapters.pdf.attestations import render_attestations as render

        return render(book)


def new_id() -> str:
    return str(uuid.uuid4())


_DYNAMO = "shared.adapters.dynamo"


def dependencies(settings: Settings) -> Dependencies:
    table = settings.table_name
    dynamodb = aws.dynamodb
    return Dependencies(
        centers=deferred(f"{_DYNAMO}.users:DynamoCenters", table, client=dynamodb),
        users=deferred(f"{_DYNAMO}.users:DynamoUsers", table, client=dynamodb),
        identity_provider=deferred(
            "shared.adapters.cognito:CognitoIdentityProvider",
            settings.user_pool_id,
            settings.user_pool_client_id,
            client=aws.cognito,
        ),
        revocations=deferred(f"{_DYNAMO}.revocations:DynamoRevocations", table, client=dynamodb),
        sessions=deferred(f"{_DYNAMO}.sessions:DynamoSessions", table, client=dynamodb),
        events=deferred(f"{_DYNAMO}.events:DynamoEvents", table, client=dynamodb),
        invitations=deferred(f"{_DYNAMO}.invitations:DynamoInvitations", table, client=dynamodb),
        students=deferred(f"{_DYNAMO}.students:DynamoStudents", table, client=dynamodb),
        candidates=deferred(f"{_DYNAMO}.candidates:DynamoCandidates", table, client=dynamodb),
        attempts=deferred(f"{_DYNAMO}.attempts:DynamoAttempts", table, client=dynamodb),
        course_tokens=deferred(
            "shared.adapters.course_tokens:CourseTokens",
            deferred(
                "shared.adapters.course_tokens:SecretsManagerSecret",
                settings.course_token_secret_arn,
                client=aws.secrets_manager,
            ),
        ),
        invigilator_tokens=deferred(
            "shared.adapters.invigilator_tokens:InvigilatorTokens",
            deferred(
                "shared.adapters.invigilator_tokens:RotatingSecret",
                settings.invigilator_token_secret_arn,
                client=aws.secrets_manager,
            ),
        ),
        web_address=settings.web_origin,
        issue_reports=deferred(
            f"{_DYNAMO}.finalization:DynamoIssueReports", table, client=dynamodb
        ),
        finalization=deferred(f"{_DYNAMO}.finalization:DynamoFinalization", table, client=dynamodb),
        attachments=deferred(f"{_DYNAMO}.attachments:DynamoAttachments", table, client=dynamodb),
        files=deferred("shared.adapters.s3_files:S3Files", settings.bucket_name, client=aws.s3),
        results=deferred(f"{_DYNAMO}.results:DynamoResults", table, client=dynamodb),
        processing=deferred(f"{_DYNAMO}.processing:DynamoProcessing", table, client=dynamodb),
        compliance=deferred(f"{_DYNAMO}.compliance:DynamoCompliance", table, client=dynamodb),
        notifier=deferred(
            "shared.adapters.notifications:SnsNotifier", settings.topic_arn, client=aws.sns
        ),
        mailer=deferred(
            "shared.adapters.ses_mail:SesMailer",
            settings.mail_sender,
            settings.mail_configuration_set or None,
            client=aws.sesv2,
        ),
        render_attendance=render_attendance,
        render_invigilator_kit=render_invigilator_kit,
        render_attestations=render_attestations,
        clock=utc_now,
        rng=SystemRandom(),
        new_id=new_id,
    )
