"""Results: entry by Pix staff (JSON or CSV), the school's class files, the public check."""

from __future__ import annotations

from chalice.app import Request, Response

from functions import wiring
from functions.api import csv_response, pdf_response
from functions.results.schemas import CertificateOut, ResultsBody, SaveReportOut
from shared.domain.errors import UnsupportedMediaType
from shared.domain.people import Identity
from shared.domain.session import parse_session_id
from shared.services import results
from shared.web.request import (
    header,
    media_type,
    parse_json_object,
    raw_body,
    validate_body,
)


def save_results(identity: Identity, session_id: str, request: Request) -> SaveReportOut:
    kind = media_type(header(request.headers, "content-type"))
    if kind == "text/csv":
        upload = results.ResultsUpload(csv=raw_body(request))
    elif kind == "application/json":
        body = validate_body(ResultsBody, parse_json_object(raw_body(request)))
        upload = results.ResultsUpload(items=body.items or [])
    else:
        raise UnsupportedMediaType(
            "UNSUPPORTED_MEDIA_TYPE",
            "Envoyez les résultats en JSON (Content-Type application/json) ou un fichier CSV "
            "(Content-Type text/csv).",
        )
    report = results.save_results(wiring.deps(), identity, parse_session_id(session_id), upload)
    return SaveReportOut.of(report)


def _division(request: Request) -> str | None:
    query = request.query_params
    return query.get("division") if query else None


def class_results(identity: Identity, center_id: str, request: Request) -> Response:
    division = _division(request)
    return csv_response(
        request, lambda: results.class_results(wiring.deps(), identity, center_id, division)
    )


def class_attestations(identity: Identity, center_id: str, request: Request) -> Response:
    division = _division(request)
    return pdf_response(
        request, lambda: results.class_attestations(wiring.deps(), identity, center_id, division)
    )


def verify_certificate(verification_code: str) -> CertificateOut:
    return CertificateOut.of(results.verify_certificate(wiring.deps(), verification_code))
