"""Routes of the results: their entry by Pix staff, the school's class files, and the public
check of a verification code. Declarations only; the handlers are in
functions/results/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route
from shared.domain.limits import MAX_RESULTS_BYTES, RESULT_TYPES

blueprint = Blueprint(__name__)
HANDLERS = "functions.results.handlers"
FOR_THE_CLASS = {
    400: ("INVALID_PARAMETER",),
    404: ("CENTER_NOT_FOUND", "NO_RESULTS_FOR_DIVISION"),
}

route(
    blueprint,
    Route(
        "/admin/sessions/{session_id}/results",
        "PUT",
        "SaveResults",
        f"{HANDLERS}:save_results",
        "Pix staff enter results: JSON `{items: [...]}` or a CSV file (`Numéro de "
        "certification;Statut;Score;1.1;…;5.2`); the good lines are saved, the others come "
        "back as line errors",
        max_body_bytes=MAX_RESULTS_BYTES,
        consumes=tuple(sorted(RESULT_TYPES)),
        response_model="functions.results.schemas:SaveReportOut",
        # The body is read by the handler (JSON or CSV), so its malformed-JSON answers are
        # declared here rather than derived from a body model.
        errors={
            400: ("INVALID_JSON", "INVALID_TYPE"),
            403: ("PIX_ADMIN_REQUIRED",),
            404: ("SESSION_NOT_FOUND",),
            409: (
                "SESSION_NOT_FINALIZED",
                "SESSION_ALREADY_PUBLISHED",
                "RESULTS_CHANGED",
                "RESULTS_BEING_SAVED",
            ),
            415: ("UNSUPPORTED_MEDIA_TYPE",),
            422: (
                "UNKNOWN_FIELD",
                "VALIDATION_ERROR",
                "EMPTY_RESULTS",
                "TOO_MANY_RESULTS",
                "INVALID_RESULTS_FILE",
            ),
        },
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/results",
        "GET",
        "GetClassResults",
        f"{HANDLERS}:class_results",
        "The class's published results as a CSV file (UTF-8 with a BOM, `;`, French headers); "
        "the request's Accept must name text/csv (or */*)",
        query=("division",),
        produces="text/csv",
        response_headers=("Content-Disposition",),
        errors={**FOR_THE_CLASS, 400: ("INVALID_PARAMETER", "CSV_NOT_ACCEPTED")},
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/attestations",
        "GET",
        "GetClassAttestations",
        f"{HANDLERS}:class_attestations",
        "The certification attestations of the class's validated pupils, one page each (PDF)",
        query=("division",),
        headers=("Accept",),
        produces="application/pdf",
        response_headers=("Content-Disposition",),
        errors={**FOR_THE_CLASS, 400: ("INVALID_PARAMETER", "PDF_NOT_ACCEPTED")},
    ),
)
route(
    blueprint,
    Route(
        "/certificates/{verification_code}",
        "GET",
        "VerifyCertificate",
        f"{HANDLERS}:verify_certificate",
        "Anyone checks a verification code: a validated certification of a published session",
        public=True,
        errors={404: ("CERTIFICATE_NOT_FOUND",)},
    ),
)
