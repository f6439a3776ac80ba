"""Composition root of the API: one `Dependencies` per Lambda container, built on the first
request that needs it (no AWS client is created before a use case calls its adapter), and the
authentication of every protected route: a verified token whose user was not revoked since."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from shared import bootstrap
from shared.services.dependencies import Dependencies
from shared.settings import Settings, get_settings
from shared.web.auth import bearer_token
from shared.web.request import header

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    from shared.adapters.cognito_tokens import CognitoTokenVerifier
    from shared.domain.people import Caller, Identity
    from shared.services.revocation import RevocationCache


@dataclass(frozen=True)
class Root:
    """What the API's edge needs: the use cases' dependencies, the token verifier, the
    container's copy of the revocation marks and the store of idempotency records."""

    settings: Settings
    deps: Dependencies

    # Built by the first protected request: a pupil's public join loads neither the token
    # verifier nor the revocation rules (docs/cold-start.md).
    @cached_property
    def token_verifier(self) -> CognitoTokenVerifier:
        from shared.adapters.cognito_tokens import CognitoTokenVerifier

        return CognitoTokenVerifier(
            issuer=self.settings.issuer,
            audience=self.settings.user_pool_client_id,
            jwks_url=self.settings.jwks_url,
        )

    @cached_property
    def revocations(self) -> RevocationCache:
        from shared.services.revocation import RevocationCache

        return RevocationCache()

    @cached_property
    def idempotency_store(self) -> DynamoDBPersistenceLayer:
        # Powertools' idempotency module is loaded by the first request with a key only.
        from shared.adapters import aws
        from shared.adapters.idempotency import persistence_layer

        return persistence_layer(self.settings.table_name, client=aws.dynamodb)


# Collaborators replaced by tests (a pinned clock, a failing store), until `reset()`.
_overrides: dict[str, Any] = {}


@lru_cache(maxsize=1)
def root() -> Root:
    settings = get_settings()
    return Root(settings=settings, deps=replace(bootstrap.dependencies(settings), **_overrides))


def deps() -> Dependencies:
    return root().deps


def authenticate(headers: Mapping[str, str]) -> Identity:
    return _member(bearer_token(header(headers, "authorization")))


def authenticate_caller(headers: Mapping[str, str]) -> Caller:
    """A member's ID token, or the invigilator token of one session (supervising routes)."""
    # Imported here: its module builds the invigilation domain's models, which a pupil's join
    # does not use.
    from shared.adapters.invigilator_tokens import is_invigilator_token

    token = bearer_token(header(headers, "authorization"))
    if not is_invigilator_token(token):
        return _member(token)
    from shared.domain.people import Invigilator

    dependencies = deps()
    grant = dependencies.invigilator_tokens.read(token, dependencies.clock())
    return Invigilator(session_id=grant.session_id)


def _member(token: str) -> Identity:
    """A valid Cognito ID token of a user not disabled nor deleted since they signed in."""
    from shared.services.revocation import ensure_not_revoked

    current = root()
    verified = current.token_verifier.sign_in(token)
    ensure_not_revoked(current.deps, current.revocations, verified)
    return verified.identity


# What a pupil's join uses, prepared by `warm()`: its handler (and through it the use case and
# the domain models it builds), the adapters it calls, their clients.
JOIN_HANDLER = "functions.joining.handlers:join"
JOIN_ADAPTERS = ("sessions", "candidates", "attempts", "course_tokens")


def warm() -> None:
    """Lambda's init phase: what a pupil's `POST /sessions/{id}/join` needs, prepared before
    the first request (app.py, in a Lambda container only: moto must start before any client
    exists, so tests never come here). The init phase runs with the full CPU whatever the
    memory size; a cold start still waits for it (init + first request), but a provisioned or
    SnapStart container has paid it before any request. A failure here is logged and left to
    the first request, which will meet it again and answer with the usual error."""
    from functions.api import resolve
    from shared.adapters import aws
    from shared.observability import logger

    try:
        resolve(JOIN_HANDLER, True)
        dependencies = deps()
        for name in JOIN_ADAPTERS:
            # Building the adapter (Deferred) imports its module.
            getattr(getattr(dependencies, name), "table", None)
        aws.dynamodb()
        aws.secrets_manager()
        # The course-token key, read once per container anyway.
        load_key = getattr(dependencies.course_tokens, "load_key", None)
        if load_key is not None:
            load_key()
    except Exception:
        logger.exception("init-phase warm-up failed; the first request will build what it needs")


def override(**collaborators: Any) -> None:
    """Replace some of the dependencies' collaborators, e.g. `override(clock=lambda: NOW)`."""
    _overrides.update(collaborators)
    root.cache_clear()


def reset() -> None:
    """Forget the built root and the overrides (tests change the environment between runs)."""
    get_settings.cache_clear()
    _overrides.clear()
    root.cache_clear()
