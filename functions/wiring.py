"""Composition root of the API: one `Dependencies` per Lambda container, built on the first
request that needs it (no AWS client is created before a use case calls its adapter), and the
authentication of every protected route: a verified token whose user was not revoked since."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Mapping
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


# Lambda's init phase, per function: what the first invocation of its handler needs, prepared
# before it (in a Lambda container only: moto must start before any client exists, so tests
# never come here). Each function's entry module asks for its own: app.py the join's,
# functions/compliance/routes.py and functions/attachments/routes.py the sweep's and the
# verifier's when Lambda's runtime loads their handler (`_HANDLER`), so that the API's
# container does not prepare them and theirs do not prepare the join. An on-demand cold
# start still waits for the init (init + first invocation; the init is said to get more CPU
# than a 1 GB invocation, which AWS does not document); a provisioned or SnapStart container
# has paid it before any request. A failure is logged and left to the first invocation, which
# meets it again and fails as usual (the init must never fail because of it).

# A pupil's join: its handler (and through it the use case and the domain models it builds),
# the adapters it calls, their clients, the course-token key.
JOIN_HANDLER = "functions.joining.handlers:join"
JOIN_ADAPTERS = ("sessions", "candidates", "attempts", "course_tokens")
# The sweep: its handler, the store of due sessions and the notifier (every sweep calls
# `publish_all`, with nothing when nothing is due). The SNS and SES clients, the team and the
# e-mails are left to a sweep that finds a session due.
SWEEP_MODULES = ("functions.compliance.handlers",)
SWEEP_ADAPTERS = ("compliance", "notifier")
SWEEP_CLIENTS = ("dynamodb",)
# The upload verifier: its handler, the documents' store, the bucket, the file inspector.
VERIFIER_MODULES = ("functions.attachments.handlers", "shared.adapters.file_inspection")
VERIFIER_ADAPTERS = ("attachments", "files")
VERIFIER_CLIENTS = ("dynamodb", "s3")


def warm() -> None:
    """The API's init phase: what a pupil's `POST /sessions/{id}/join` needs (app.py)."""
    _warm(_prepare_join)


def warm_sweep() -> None:
    """The scheduled sweep's init phase (functions/compliance/routes.py)."""
    _warm(lambda: _prepare(SWEEP_MODULES, SWEEP_ADAPTERS, SWEEP_CLIENTS))


def warm_verifier() -> None:
    """The upload verifier's init phase (functions/attachments/routes.py)."""
    _warm(_prepare_verifier)


def _warm(prepare: Callable[[], object]) -> None:
    from shared.observability import logger

    try:
        prepare()
    except Exception:
        logger.exception("init-phase warm-up failed; the first request will build what it needs")
    finally:
        # What the init made (modules, models, clients) lives as long as the container: moved
        # out of the collector's generations, the first requests' collections no longer walk
        # it (they did, for tens of ms, while a first PDF's fonts were parsed). Not collected
        # first: that walk is what is being saved, and the init's garbage is small.
        gc.freeze()


def _prepare(
    modules: tuple[str, ...], adapters: tuple[str, ...], clients: tuple[str, ...]
) -> Dependencies:
    from shared.adapters import aws

    for module in modules:
        importlib.import_module(module)
    dependencies = deps()
    for name in adapters:
        # Reading any attribute builds a Deferred adapter, which imports its module.
        getattr(getattr(dependencies, name), "warmed_up", None)
    for client in clients:
        getattr(aws, client)()
    return dependencies


def _prepare_join() -> None:
    from functions.api import resolve

    resolve(JOIN_HANDLER, True)
    dependencies = _prepare((), JOIN_ADAPTERS, ("dynamodb", "secrets_manager"))
    # The course-token key, read once per container anyway.
    load_key = getattr(dependencies.course_tokens, "load_key", None)
    if load_key is not None:
        load_key()


def _prepare_verifier() -> None:
    _prepare(VERIFIER_MODULES, VERIFIER_ADAPTERS, VERIFIER_CLIENTS)
    # Every verdict that reaches the parsers uses Pillow (pypdf imports it too): its module
    # and the format plugins `Image.open` loads first. pypdf itself (~100 ms) is left to the
    # first PDF: an image's verdict does not use it.
    from PIL import Image

    Image.preinit()


def override(**collaborators: Any) -> None:
    """Replace some of the dependencies' collaborators, e.g. `override(clock=lambda: NOW)`."""
    _overrides.update(collaborators)
    root.cache_clear()


def reset() -> None:
    """Forget the built root and the overrides (tests change the environment between runs)."""
    get_settings.cache_clear()
    _overrides.clear()
    root.cache_clear()
