"""Build the OpenAPI 3.1 document from the declared routes: paths and verbs, operations,
public or not, body and response models (read from each handler's signature), error codes."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any, get_type_hints

from chalice.app import Response
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from functions.api import JSON_CONTENT_TYPE, Route, resolve
from functions.openapi.parameters import (
    HEADERS,
    INTEGER_PATH_PARAMETERS,
    QUERY,
    RESPONSE_HEADERS,
)
from shared.web.schemas import ErrorOut

TITLE = "certif-sco API"
VERSION = "1.0.0"
DESCRIPTION = """\
The HTTP API of certif-sco, the digital-skills certification sessions of French schools
(Pix Certif SCO): sessions, the school's roster and candidates, the pupils' entry, the
finalization within 48 hours, and the documents.

- JSON in and out, field names in camelCase; dates `YYYY-MM-DD`, local times `HH:MM`,
  instants ISO 8601 UTC with `Z`. Messages meant for people are in French.
- Every route needs `Authorization: Bearer <Cognito ID token>` unless marked public.
- Errors share one body: `{code, message, details?}`; a resource of another center answers
  exactly like a missing one (404). Unknown JSON fields are refused (422 `UNKNOWN_FIELD`).
- Lists are paginated with `?page=&pageSize=` and answer `{items, page, pageSize, total}`.
- Writes that create something accept an `Idempotency-Key` header.

This document is generated from the code (`make openapi`); a test fails when the committed
copy differs from what the code says."""

SECURITY_SCHEMES = {
    "idToken": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "The Cognito ID token returned by POST /auth/login.",
    },
    "invigilatorToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The token returned to an invigilator by POST /invigilator/login: it "
        "opens the supervising routes of that one session, for 12 hours or until the session "
        "is finalized.",
    },
    "courseToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The course token returned to a pupil by POST /sessions/{id}/join.",
    },
}
_METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")
_PATH_PARAMETER = re.compile(r"{(\w+)}")
_DESCRIPTIONS = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No content",
    400: "Malformed request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found, or not yours",
    409: "Conflict with the resource's state",
    410: "Gone for good (expired, cancelled)",
    412: "Stale `If-Match`",
    413: "Payload too large",
    415: "Unsupported content type",
    422: "Rule violation",
    429: "Too many attempts",
    500: "Unexpected error",
}


def build(routes: Iterable[Route]) -> dict[str, Any]:
    ordered = sorted(routes, key=lambda r: (r.path, _METHOD_ORDER.index(r.method)))
    shapes = {route.operation: _shape(route) for route in ordered}
    schemas, components = _schemas(shapes)
    paths: dict[str, dict[str, Any]] = {}
    for route in ordered:
        operation = _operation(route, shapes[route.operation], schemas)
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "security": [{"idToken": []}],
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": SECURITY_SCHEMES},
    }


class _Shape:
    """What a handler's signature says: its body model, its response model, and whether it
    returns nothing (then the route answers 204)."""

    def __init__(
        self, body: type[BaseModel] | None, response: type[BaseModel] | None, empty: bool
    ) -> None:
        self.body = body
        self.response = response
        self.empty = empty


def _shape(route: Route) -> _Shape:
    handler = resolve(route.handler, route.public)
    returned = get_type_hints(handler.function).get("return")
    response: type[BaseModel] | None = None
    if returned is Response and route.response_model:
        module, _, name = route.response_model.partition(":")
        response = getattr(importlib.import_module(module), name)
    elif isinstance(returned, type) and issubclass(returned, BaseModel):
        response = returned
    return _Shape(handler.body_model, response, empty=returned is type(None))


def _schemas(shapes: dict[str, _Shape]) -> tuple[dict[tuple[str, str], Any], dict[str, Any]]:
    wanted: list[tuple[type[BaseModel], Any]] = [(ErrorOut, "serialization")]
    for shape in shapes.values():
        if shape.body is not None:
            wanted.append((shape.body, "validation"))
        if shape.response is not None:
            wanted.append((shape.response, "serialization"))
    unique = list(dict.fromkeys(wanted))
    references, top = models_json_schema(
        unique, by_alias=True, ref_template="#/components/schemas/{model}"
    )
    by_name: dict[tuple[str, str], Any] = {
        (model.__name__, mode): ref for (model, mode), ref in references.items()
    }
    components: dict[str, Any] = top.get("$defs", {})
    return by_name, components


def _operation(route: Route, shape: _Shape, schemas: dict[tuple[str, str], Any]) -> Any:
    operation: dict[str, Any] = {
        "operationId": route.operation,
        "summary": route.summary,
        "tags": [route.handler.split(".")[1]],
    }
    if route.public:
        # An empty name: the token is optional (the route also answers without one).
        operation["security"] = [{name: []} if name else {} for name in route.security]
    elif route.invigilator:
        operation["security"] = [{"idToken": []}, {"invigilatorToken": []}]
    parameters = _parameters(route)
    if parameters:
        operation["parameters"] = parameters
    if shape.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schemas[shape.body.__name__, "validation"]}},
        }
    elif route.consumes:
        operation["requestBody"] = {
            "required": True,
            "content": {kind: {"schema": {}} for kind in route.consumes},
        }
    operation["responses"] = _responses(route, shape, schemas)
    return operation


def _parameters(route: Route) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = []
    for name in _PATH_PARAMETER.findall(route.path):
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        description = None
        if name in INTEGER_PATH_PARAMETERS:
            schema = {"type": "integer", "minimum": 1}
            description = INTEGER_PATH_PARAMETERS[name]
        parameter: dict[str, Any] = {"name": name, "in": "path", "required": True}
        if description:
            parameter["description"] = description
        parameters.append({**parameter, "schema": schema})
    for name in route.query:
        parameters.append({"name": name, "in": "query", "required": False, **QUERY[name]})
    headers = [*route.headers, *(["Idempotency-Key"] if route.idempotent else [])]
    for name in headers:
        parameters.append({"name": name, "in": "header", "required": False, **HEADERS[name]})
    return parameters


def _error_codes(route: Route, shape: _Shape) -> dict[int, list[str]]:
    """The route's own codes plus the ones that every route of its kind can answer."""
    codes: dict[int, list[str]] = {413: ["PAYLOAD_TOO_LARGE"], 500: ["INTERNAL_ERROR"]}
    if not route.public:
        codes[401] = ["UNAUTHENTICATED"]
    if shape.body is not None:
        codes[400] = ["INVALID_JSON", "INVALID_TYPE"]
        codes[415] = ["UNSUPPORTED_MEDIA_TYPE"]
        codes[422] = ["UNKNOWN_FIELD", "VALIDATION_ERROR"]
    if route.query:
        codes.setdefault(400, []).append("INVALID_PARAMETER")
    if route.idempotent:
        codes.setdefault(400, []).append("INVALID_IDEMPOTENCY_KEY")
        codes.setdefault(409, []).append("REQUEST_IN_PROGRESS")
        codes.setdefault(422, []).append("IDEMPOTENCY_KEY_REUSED")
    for status, own in route.errors.items():
        codes.setdefault(status, []).extend(c for c in own if c not in codes[status])
    return dict(sorted(codes.items()))


def _responses(route: Route, shape: _Shape, schemas: dict[tuple[str, str], Any]) -> Any:
    headers = {"X-Request-Id": RESPONSE_HEADERS["X-Request-Id"]}
    headers |= {name: RESPONSE_HEADERS[name] for name in route.response_headers}
    success: dict[str, Any] = {"description": _DESCRIPTIONS[route.status], "headers": headers}
    status = route.status
    if route.produces != JSON_CONTENT_TYPE.split(";")[0]:
        success["content"] = {route.produces: {"schema": {"type": "string", "format": "binary"}}}
    elif shape.response is not None:
        schema = schemas[shape.response.__name__, "serialization"]
        success["content"] = {"application/json": {"schema": schema}}
    elif shape.empty:
        # A handler that returns nothing answers 204 unless it declares another status.
        status = 204 if status == 200 else status
        success["description"] = _DESCRIPTIONS[status]
    else:
        success["content"] = {"application/json": {"schema": {"type": "object"}}}
    responses: dict[str, Any] = {str(status): success}
    error = schemas[ErrorOut.__name__, "serialization"]
    for code_status, codes in _error_codes(route, shape).items():
        listed = ", ".join(f"`{code}`" for code in codes)
        responses[str(code_status)] = {
            "description": f"{_DESCRIPTIONS[code_status]}: {listed}.",
            "headers": {"X-Request-Id": RESPONSE_HEADERS["X-Request-Id"]},
            "content": {"application/json": {"schema": error}},
        }
    return responses
