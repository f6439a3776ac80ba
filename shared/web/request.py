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
            "Les informations n'ont pas été envoyées dans un format que Pix Certif lit : "
            "rechargez la page puis recommencez.",
        )


def ensure_size(body: bytes, limit: int = MAX_JSON_BODY_BYTES) -> None:
    if len(body) > limit:
        raise errors.PayloadTooLarge(
            "PAYLOAD_TOO_LARGE",
            f"Les informations envoyées sont trop volumineuses ({limit // 1024} Ko au plus) : "
            "raccourcissez les textes ou envoyez-les en plusieurs fois.",
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
        raise errors.invalid_json()
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
                "Certaines informations envoyées ne sont pas attendues : rechargez la page puis "
                "recommencez.",
                [
                    FieldError(_location(e["loc"]), "UNKNOWN_FIELD", "Ce champ n'est pas attendu.")
                    for e in unknown
                ],
            ) from error
        wrong = error.errors()
        raise errors.BadRequest(
            "INVALID_TYPE",
            _what_to_correct([e["loc"] for e in wrong]),
            [
                FieldError(_location(e["loc"]), "INVALID_TYPE", _expected(e["loc"], e["type"]))
                for e in wrong
            ],
        ) from error


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


# The request fields as the screens name them, for the messages of INVALID_TYPE: school staff
# read « numéro de session », never `sessionId`. A field not listed keeps its own name.
FIELD_LABELS = {
    "abortReason": "raison de l'abandon",
    "accessCode": "code d'accès",
    "address": "nom du site",
    "authorized": "autorisation",
    "birthdate": "date de naissance",
    "candidateId": "candidat",
    "candidates": "candidats",
    "category": "catégorie",
    "certificationNumber": "numéro de certification",
    "comment": "commentaire",
    "competences": "compétences",
    "contentType": "type de fichier",
    "date": "date",
    "description": "observations",
    "email": "adresse e-mail",
    "emails": "adresses e-mail",
    "examiner": "surveillants",
    "examinerGlobalComment": "commentaire global",
    "extraTimePercentage": "temps majoré",
    "fileName": "nom du fichier",
    "firstName": "prénom",
    "hasIncident": "incident",
    "hasJoiningIssue": "problème de connexion",
    "hasSeenEndTestScreen": "écran de fin de test vu",
    "lastName": "nom",
    "level": "niveau",
    "newPassword": "nouveau mot de passe",
    "password": "mot de passe",
    "pixScore": "score Pix",
    "questionNumber": "numéro de question",
    "reason": "raison",
    "resolution": "résolution",
    "role": "rôle",
    "room": "salle",
    "sessionId": "numéro de session",
    "size": "taille du fichier",
    "status": "statut",
    "studentIds": "élèves",
    "subcategory": "sous-catégorie",
    "supervisorPassword": "mot de passe surveillant",
    "time": "heure de début",
}


def field_label(loc: tuple[int | str, ...]) -> str:
    """The French name of the innermost named field: `candidates.0.extraTimePercentage` →
    « temps majoré »."""
    names = [str(part) for part in loc if isinstance(part, str)]
    name = names[-1] if names else "?"
    return FIELD_LABELS.get(name, name)


def _what_to_correct(locations: list[tuple[int | str, ...]]) -> str:
    labels = list(dict.fromkeys(field_label(loc) for loc in locations))
    which = "cette information" if len(labels) == 1 else "ces informations"
    return f"Corrigez {which} : {', '.join(labels)}."


# What the field must hold, said as the screens say it (no « chaîne », « booléen », « objet »);
# a date or a time names its form.
_EXPECTED = {
    "string_type": "Saisissez un texte.",
    "int_type": "Saisissez un nombre entier, par exemple 12.",
    "bool_type": "Indiquez oui ou non.",
    "list_type": "Indiquez une liste de valeurs.",
    "dict_type": "Ce champ doit regrouper plusieurs informations.",
    "model_type": "Ce champ doit regrouper plusieurs informations.",
    "missing": "Ce champ est obligatoire.",
}
_EXPECTED_TEXT = {
    "date": "Saisissez une date de la forme AAAA-MM-JJ.",
    "birthdate": "Saisissez une date de la forme AAAA-MM-JJ.",
    "time": "Saisissez une heure de la forme HH:MM.",
    "email": "Saisissez une adresse e-mail.",
}


def _expected(loc: tuple[int | str, ...], kind: str) -> str:
    names = [part for part in loc if isinstance(part, str)]
    if kind == "string_type" and names and names[-1] in _EXPECTED_TEXT:
        return _EXPECTED_TEXT[names[-1]]
    return _EXPECTED.get(kind, "Cette valeur n'a pas la forme attendue.")


def parse_if_match(value: str | None) -> int | None:
    """`If-Match: 3`, `"3"` or `W/"3"`; `*` or no header: any version. Something that is no
    version can never match."""
    if value is None or value.strip() in ("", "*"):
        return None
    cleaned = value.strip().removeprefix("W/").strip('"')
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 12:
        return int(cleaned)
    raise errors.version_mismatch()


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
