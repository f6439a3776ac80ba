"""`Idempotency-Key` on the writes that create something: the same key and body replayed
within 24 h return the first answer and do nothing again (Powertools idempotency, records in
DynamoDB). Only successful answers are kept: a refused request can be retried."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from chalice.app import Response

from functions import wiring
from shared.domain import errors
from shared.domain.retention import IDEMPOTENCY_RETENTION

RETENTION_SECONDS = int(IDEMPOTENCY_RETENTION.total_seconds())
MAX_KEY_LENGTH = 255


def run_once(
    key: str,
    scope: str,
    body: bytes,
    lambda_context: Any,
    call: Callable[[], Response],
) -> Response:
    """Run `call` once per (scope, key); `scope` keeps two users' or two routes' keys apart."""
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise errors.BadRequest(
            "INVALID_IDEMPOTENCY_KEY", "L'en-tête Idempotency-Key doit faire de 1 à 255 caractères."
        )
    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="body",
        expires_after_seconds=RETENTION_SECONDS,
    )
    if lambda_context is not None and hasattr(lambda_context, "get_remaining_time_in_millis"):
        # Lets a crashed attempt's "in progress" record expire with the invocation.
        config.register_lambda_context(lambda_context)

    @idempotent_function(  # type: ignore[untyped-decorator]
        data_keyword_argument="request",
        persistence_store=wiring.root().idempotency_store,
        config=config,
    )
    def once(request: dict[str, str]) -> dict[str, Any]:
        response = call()
        return {
            "status": response.status_code,
            "body": response.body,
            "headers": dict(response.headers),
        }

    try:
        kept = once(request={"key": f"{scope}#{key}", "body": hashlib.sha256(body).hexdigest()})
    except IdempotencyValidationError as error:
        raise errors.RuleViolation(
            "IDEMPOTENCY_KEY_REUSED",
            "Cette action a déjà été envoyée avec d'autres informations : rechargez la page puis "
            "recommencez.",
        ) from error
    except IdempotencyAlreadyInProgressError as error:
        raise errors.Conflict(
            "REQUEST_IN_PROGRESS",
            "Cette action est déjà en cours d'enregistrement. Réessayez dans un instant.",
        ) from error
    return Response(body=kept["body"], status_code=kept["status"], headers=kept["headers"])
