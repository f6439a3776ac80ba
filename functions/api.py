"""How a route is declared: authentication (deny by default), body parsing, the error table,
and one log line and one metric per request. Every route of the API goes through `route`.

Routes name their handler as "module:function" and the module is imported by the route's
first request, not when the app is imported: a Lambda container pays only for the routes it
serves (the PDF renderer, the roster parsers and pydantic's model machinery stay out of the
cold import). `tests/integration/test_authentication.py` resolves every handler.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, get_type_hints

from aws_lambda_powertools.metrics import MetricUnit
from chalice.app import Blueprint, CORSConfig, Response

from shared.domain.errors import DomainError
from shared.observability import logger, metrics, subsegment
from shared.settings import WEB_ORIGIN, clean_origin
from shared.web.errors import INTERNAL_ERROR_BODY, error_body, status_of

JSON_CONTENT_TYPE = "application/json; charset=utf-8"

CORS_ALLOW_HEADERS = ("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "Accept")
CORS_EXPOSE_HEADERS = ("ETag", "X-Request-Id", "Content-Disposition")
CORS_MAX_AGE = 600
# On every answer: no content sniffing, HTTPS only (two years, as the web front end's
# CloudFront policy), and nothing kept by caches (answers carry pupils' personal data).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Cache-Control": "no-store",
}


def web_origin(environ: Mapping[str, str] | None = None) -> str | None:
    """The browser front end (web/) is served from another origin than the API: only that
    origin may call the API from a browser. Read when the routes are declared."""
    return clean_origin((environ if environ is not None else os.environ).get(WEB_ORIGIN))


def cors_config(origin: str | None) -> CORSConfig | None:
    """CORS for `origin` only, or none at all. Chalice adds these headers to every answer of
    the route, errors included (our views return error responses, they do not raise), and
    answers the browser's preflight OPTIONS itself: `chalice local` from the same config, and
    API Gateway through the mock OPTIONS method that `chalice package` writes for each path."""
    if origin is None:
        return None
    return CORSConfig(
        allow_origin=origin,
        allow_headers=list(CORS_ALLOW_HEADERS),
        expose_headers=list(CORS_EXPOSE_HEADERS),
        max_age=CORS_MAX_AGE,
        allow_credentials=False,
    )


@dataclass(frozen=True)
class Route:
    """One route as declared in functions/<area>/routes.py. What the view does with a request,
    and what docs/openapi.json says of it (functions/openapi/document.py), both come from here
    and from the handler's signature (`body` model, return annotation)."""

    path: str
    method: str
    operation: str
    # "module:function", imported by the route's first request.
    handler: str
    summary: str
    public: bool = False
    # Success status; a handler that returns None answers 204 instead of 200.
    status: int = 200
    max_body_bytes: int | None = None
    # Honours an `Idempotency-Key` header (functions/idempotency.py).
    idempotent: bool = False
    # The route's own error codes by status; the ones every route shares (401, 413, 500,
    # malformed bodies…) are added by the document.
    errors: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # Query parameters, by name: see functions/openapi/parameters.py.
    query: tuple[str, ...] = ()
    # Request headers the route reads, documented: "If-Match", "Accept".
    headers: tuple[str, ...] = ()
    # A raw (non-JSON) request body accepted in these media types.
    consumes: tuple[str, ...] = ()
    # A handler that builds its own Response: the media type and, for JSON, the body's model
    # ("module:Model"); the response headers it sets.
    produces: str = "application/json"
    response_model: str | None = None
    response_headers: tuple[str, ...] = ()
    # Public routes with a token of their own (the pupils' course token).
    security: tuple[str, ...] = ()
    # Also open to the session's invigilator (the token of POST /invigilator/login): the
    # handler's `identity` is then an `Invigilator`.
    invigilator: bool = False


# Every route declared, in declaration order: the OpenAPI document is generated from it.
ROUTES: list[Route] = []


@dataclass(frozen=True)
class Handler:
    """A handler function and what it asks for: `identity` (the verified caller), `body` (the
    request body, validated with the model its annotation names) and `request`."""

    function: Callable[..., Any]
    wants_request: bool
    body_model: Any


@cache
def resolve(target: str, public: bool) -> Handler:
    module_name, _, function_name = target.partition(":")
    function = getattr(importlib.import_module(module_name), function_name)
    parameters = inspect.signature(function).parameters
    if not public and "identity" not in parameters:
        raise TypeError(f"{target}: a protected route must take `identity`")
    return Handler(
        function=function,
        wants_request="request" in parameters,
        body_model=get_type_hints(function)["body"] if "body" in parameters else None,
    )


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    try:
        text = json.dumps(payload, ensure_ascii=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate that got this far is escaped rather than breaking the answer.
        text = json.dumps(payload, ensure_ascii=True)
    return Response(
        body=text,
        status_code=status,
        headers={"Content-Type": JSON_CONTENT_TYPE, **(headers or {})},
    )


def pdf_response(request: Any, produce: Callable[[], tuple[str, bytes]]) -> Response:
    """A PDF download: `produce()` gives its file name and bytes."""
    return _download(
        request,
        produce,
        _Download(
            "application/pdf",
            ("application/pdf", "application/*"),
            "PDF_NOT_ACCEPTED",
            "Ce document est un PDF\u00a0: envoyez l'en-tête "
            "«\u00a0Accept: application/pdf\u00a0».",
        ),
    )


def csv_response(request: Any, produce: Callable[[], tuple[str, bytes]]) -> Response:
    """A CSV download (text/csv is one of the API's binary types), as `pdf_response`."""
    return _download(
        request,
        produce,
        _Download(
            "text/csv; charset=utf-8",
            ("text/csv",),
            "CSV_NOT_ACCEPTED",
            "Ce document est un fichier CSV\u00a0: envoyez l'en-tête "
            "«\u00a0Accept: text/csv\u00a0».",
        ),
    )


@dataclass(frozen=True)
class _Download:
    content_type: str
    accepted: tuple[str, ...]
    refusal_code: str
    refusal: str


def _download(request: Any, produce: Callable[[], tuple[str, bytes]], kind: _Download) -> Response:
    """The Accept header is checked first: API Gateway returns a binary body only to a request
    whose Accept names a binary type (`*/*` works locally, the type itself everywhere), and
    Chalice refuses the response otherwise. No Accept, or an empty one, is refused too."""
    from shared.domain.errors import BadRequest
    from shared.web.request import header, media_type

    accept = header(request.headers, "accept") or ""
    named = {media_type(part) for part in accept.split(",")}
    if not named & {*kind.accepted, "*/*"}:
        raise BadRequest(kind.refusal_code, kind.refusal)
    file_name, content = produce()
    return Response(
        body=content,
        status_code=200,
        headers={
            "Content-Type": kind.content_type,
            "Content-Disposition": f'attachment; filename="{file_name}"',
            "Cache-Control": "no-store",
        },
    )


def _to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if result is None:
        return Response(body="", status_code=204 if status == 200 else status)
    to_json = getattr(result, "to_json", None)
    return json_response(to_json() if callable(to_json) else result, status)


def _call(blueprint: Blueprint, info: Route, **path: str) -> Response:
    # Imported by the first request (see the module docstring); cached by Python afterwards.
    from functions import wiring
    from shared.web.request import (
        MAX_JSON_BODY_BYTES,
        ensure_size,
        header,
        parse_json_object,
        raw_body,
        require_json_content,
        validate_body,
    )

    request = blueprint.current_request
    handler = resolve(info.handler, info.public)
    arguments: dict[str, Any] = dict(path)
    if info.invigilator:
        arguments["identity"] = wiring.authenticate_caller(request.headers)
    elif not info.public:
        arguments["identity"] = wiring.authenticate(request.headers)
    raw = raw_body(request)
    ensure_size(raw, info.max_body_bytes or MAX_JSON_BODY_BYTES)
    if handler.body_model is not None:
        require_json_content(request.headers)
        arguments["body"] = validate_body(handler.body_model, parse_json_object(raw))
    if handler.wants_request:
        arguments["request"] = request

    def call() -> Response:
        with subsegment(f"## {info.operation}"):
            return _to_response(handler.function(**arguments), info.status)

    key = header(request.headers, "idempotency-key") if info.idempotent else None
    if key is None:
        return call()
    from functions.idempotency import run_once

    scope = f"{info.operation}#{_caller_key(arguments.get('identity'))}#{request.path}"
    return run_once(key, scope, raw, blueprint.lambda_context, call)


def _caller_key(caller: Any) -> str:
    """Whose idempotency keys these are: a user, a session's invigilator, or anyone (public)."""
    from shared.domain.people import Identity, Invigilator

    if isinstance(caller, Identity):
        return caller.user_id
    if isinstance(caller, Invigilator):
        return f"invigilator:{caller.session_id}"
    return "-"


def _request_id(blueprint: Blueprint) -> str | None:
    """API Gateway's request id; `chalice local` has none, so the Lambda request id there."""
    found = blueprint.current_request.context.get("requestId")
    if not found and blueprint.lambda_context is not None:
        found = getattr(blueprint.lambda_context, "aws_request_id", None)
    return str(found) if found else None


def route(blueprint: Blueprint, info: Route) -> None:
    """Register `info.handler` for `info.method` on `info.path`, behind authentication (unless
    public), the error table, and one log line and one metric per request."""
    ROUTES.append(info)

    def view(**path_params: str) -> Response:
        started = time.perf_counter()
        request_id = _request_id(blueprint)
        logger.set_correlation_id(request_id)
        try:
            response = _call(blueprint, info, **path_params)
        except DomainError as error:
            response = json_response(error_body(error), status_of(error))
        except Exception:
            logger.exception("unexpected error", extra={"operation": info.operation})
            response = json_response(INTERNAL_ERROR_BODY, 500)
        logger.info(
            "request handled",
            extra={
                "operation": info.operation,
                "status": response.status_code,
                "durationMs": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        metrics.add_metric(name=info.operation, unit=MetricUnit.Count, value=1)
        metrics.add_metadata(key="statusCode", value=response.status_code)
        metrics.flush_metrics()
        if request_id:
            # Quoted by school staff when they report a problem: it finds the request's logs.
            response.headers["X-Request-Id"] = request_id
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    view.__name__ = info.operation
    view.certif_route = info  # type: ignore[attr-defined]
    blueprint.route(
        info.path, methods=[info.method], content_types=["*/*"], cors=cors_config(web_origin())
    )(view)
