"""How a route is declared: authentication (deny by default), body parsing, the error table,
and one log line and one metric per request. Every route of the API goes through `route`."""

from __future__ import annotations

import functools
import inspect
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from chalice.app import Blueprint, Response
from pydantic import BaseModel

from functions import wiring
from shared.domain.errors import DomainError
from shared.observability import logger, metrics, tracer
from shared.web.errors import INTERNAL_ERROR_BODY, error_body, status_of
from shared.web.request import (
    MAX_JSON_BODY_BYTES,
    ensure_size,
    parse_json_object,
    require_json_content,
    validate_body,
)
from shared.web.schemas import ResponseBody

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class RouteInfo:
    operation: str
    public: bool


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        body=json.dumps(payload, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": JSON_CONTENT_TYPE, **(headers or {})},
    )


def _to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if result is None:
        return Response(body="", status_code=204 if status == 200 else status)
    if isinstance(result, ResponseBody):
        return json_response(result.to_json(), status)
    return json_response(result, status)


def route(
    blueprint: Blueprint,
    path: str,
    *,
    methods: list[str],
    operation: str,
    public: bool = False,
    body: type[BaseModel] | None = None,
    status: int = 200,
    max_body_bytes: int = MAX_JSON_BODY_BYTES,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `handler` on `blueprint`. The handler receives the path parameters and, if it
    names them, `identity` (the verified caller), `body` (the validated model) and `request`."""

    def decorator(handler: Callable[..., Any]) -> Callable[..., Any]:
        wanted = set(inspect.signature(handler).parameters)
        if not public and "identity" not in wanted:
            raise TypeError(f"{handler.__name__}: a protected route must take `identity`")

        @functools.wraps(handler)
        def view(**path_params: str) -> Response:
            request = blueprint.current_request
            started = time.perf_counter()
            logger.set_correlation_id(request.context.get("requestId"))
            try:
                arguments: dict[str, Any] = dict(path_params)
                if not public:
                    arguments["identity"] = wiring.authenticate(request.headers)
                raw = request.raw_body or b""
                raw = raw.encode() if isinstance(raw, str) else raw
                ensure_size(raw, max_body_bytes)
                if body is not None:
                    require_json_content(request.headers)
                    arguments["body"] = validate_body(body, parse_json_object(raw))
                if "request" in wanted:
                    arguments["request"] = request
                with tracer().provider.in_subsegment(f"## {operation}"):
                    response = _to_response(handler(**arguments), status)
            except DomainError as error:
                response = json_response(error_body(error), status_of(error))
            except Exception:
                logger.exception("unexpected error", extra={"operation": operation})
                response = json_response(INTERNAL_ERROR_BODY, 500)
            logger.info(
                "request handled",
                extra={
                    "operation": operation,
                    "status": response.status_code,
                    "durationMs": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            metrics.add_metric(name=operation, unit=MetricUnit.Count, value=1)
            metrics.add_metadata(key="statusCode", value=response.status_code)
            metrics.flush_metrics()
            return response

        view.certif_route = RouteInfo(operation=operation, public=public)  # type: ignore[attr-defined]
        blueprint.route(path, methods=methods, content_types=["*/*"])(view)
        return handler

    return decorator
