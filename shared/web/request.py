"""Turning an HTTP request into validated values, with the contract's 4xx for bad input."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from shared.domain import errors
from shared.domain.errors import FieldError
from shared.domain.pagination import PageRequest

MAX_JSON_BODY_BYTES = 64 * 1024

ModelT = TypeVar("ModelT", bound=BaseModel)


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Headers are case-insensitive; Chalice's mapping is, a plain dict is not."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


class _HasBody(Protocol):
    @property
    def raw_body(self) -> bytes | str: ...


def raw_body(request: _HasBody) -> bytes:
    """The request's body as bytes (`chalice local` may hand over text)."""
    raw = request.raw_body or b""
    return raw.encode() if isinstance(raw, str) else raw


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def require_json_content(headers: Mapping[str, str]) -> None:
    if media_type(header(headers, "content-type")) != "application/json":
        raise errors.UnsupportedMediaType(
            "UNSUPPORTED_MEDIA_TYPE",
            "Le contenu doit être envoyé au format JSON (Content-Type: application/json).",
        )


def ensure_size(body: bytes, limit: int = MAX_JSON_BODY_BYTES) -> None:
    if len(body) > limit:
        raise errors.PayloadTooLarge(
            "PAYLOAD_TOO_LARGE",
            f"La requête est trop volumineuse (maximum {limit // 1024} Ko).",
        )


def parse_json_object(body: bytes) -> dict[str, Any]:
    """A JSON object, or 400 INVALID_JSON — also for what the parser accepts but nothing
    after it could use: nesting deeper than Python's recursion (RecursionError), integers past
    Python's int-string limit (ValueError), and escaped lone surrogates ("\ud800"), which no
    UTF-8 store or answer can hold."""
    try:
        value = json.loads(body.decode("utf-8")) if body else None
        # Re-encoding finds a lone surrogate anywhere in the document, in one pass.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeError, ValueError, RecursionError) as error:
        raise errors.invalid_json() from error
    if not isinstance(value, dict):
        raise errors.BadRequest("INVALID_JSON", "Le corps de la requête doit être un objet JSON.")
    return value


def validate_body(model: type[ModelT], payload: dict[str, Any]) -> ModelT:
    """Unknown fields → 422 UNKNOWN_FIELD; wrong JSON types → 400 INVALID_TYPE.

    Models declare their fields strict and optional: the rules (required, lengths, formats)
    belong to the domain, which reports them field by field in French."""
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        unknown = [e for e in error.errors() if e["type"] == "extra_forbidden"]
        if unknown:
            raise errors.RuleViolation(
                "UNKNOWN_FIELD",
                "La requête contient des champs inconnus.",
                [
                    FieldError(_location(e["loc"]), "UNKNOWN_FIELD", "Ce champ n'est pas attendu.")
                    for e in unknown
                ],
            ) from error
        raise errors.BadRequest(
            "INVALID_TYPE",
            "Certains champs n'ont pas le bon type.",
            [
                FieldError(_location(e["loc"]), "INVALID_TYPE", _type_message(e["type"]))
                for e in error.errors()
            ],
        ) from error


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


_TYPE_MESSAGES = {
    "string_type": "Ce champ doit être une chaîne de caractères.",
    "int_type": "Ce champ doit être un nombre entier.",
    "bool_type": "Ce champ doit être un booléen.",
    "list_type": "Ce champ doit être une liste.",
    "dict_type": "Ce champ doit être un objet.",
    "model_type": "Ce champ doit être un objet.",
    "missing": "Ce champ est obligatoire.",
}


def _type_message(kind: str) -> str:
    return _TYPE_MESSAGES.get(kind, "Ce champ n'a pas le bon format.")


def parse_if_match(value: str | None) -> int | None:
    """`If-Match: 3`, `"3"` or `W/"3"`; `*` or no header: any version. Something that is no
    version can never match."""
    if value is None or value.strip() in ("", "*"):
        return None
    cleaned = value.strip().removeprefix("W/").strip('"')
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 12:
        return int(cleaned)
    raise errors.version_mismatch()


PDF_CONTENT_TYPE = "application/pdf"


def accepts_pdf(accept: str) -> bool:
    """API Gateway returns a binary body only to a request whose Accept names a binary type;
    Chalice refuses the response otherwise. `*/*` works locally, application/pdf everywhere."""
    kinds = {media_type(part) for part in accept.split(",")}
    return bool(kinds & {PDF_CONTENT_TYPE, "application/*", "*/*"})


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def accepts_csv(accept: str) -> bool:
    """As `accepts_pdf`, for a CSV download (text/csv is one of the API's binary types)."""
    kinds = {media_type(part) for part in accept.split(",")}
    return bool(kinds & {"text/csv", "*/*"})


def page_request(query: Mapping[str, str] | None) -> PageRequest:
    """`?page=&pageSize=` of a list route."""
    query = query or {}
    return PageRequest.parse(query.get("page"), query.get("pageSize"))


class _HasContext(Protocol):
    @property
    def context(self) -> dict[str, Any]: ...


def client_address(request: _HasContext) -> str | None:
    """The caller's IP address as API Gateway saw it (`chalice local` gives one too)."""
    identity = (request.context or {}).get("identity") or {}
    address = identity.get("sourceIp")
    return str(address)[:64] if address else None
