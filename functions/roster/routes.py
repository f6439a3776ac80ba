"""Routes of the school's roster: declarations only; the handlers are in
functions/roster/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route
from shared.domain.limits import MAX_ROSTER_BYTES, ROSTER_TYPES

blueprint = Blueprint(__name__)
HANDLERS = "functions.roster.handlers"

route(
    blueprint,
    Route(
        "/centers/{center_id}/students/import",
        "POST",
        "ImportStudents",
        f"{HANDLERS}:import_students",
        "Import the roster (ADMIN only): the SIECLE export (XML, or a zip holding it) or a "
        "CSV file",
        max_body_bytes=MAX_ROSTER_BYTES,
        consumes=tuple(sorted(ROSTER_TYPES)),
        errors={
            403: ("ADMIN_ROLE_REQUIRED",),
            404: ("CENTER_NOT_FOUND",),
            409: ("IMPORT_IN_PROGRESS",),
            415: ("UNSUPPORTED_MEDIA_TYPE",),
            422: ("INVALID_ROSTER", "UAI_MISMATCH", "TOO_MANY_STUDENTS"),
        },
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/divisions",
        "GET",
        "ListDivisions",
        f"{HANDLERS}:list_divisions",
        "The classes of the roster, sorted",
        errors={404: ("CENTER_NOT_FOUND",)},
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/students",
        "GET",
        "ListStudents",
        f"{HANDLERS}:list_students",
        "The roster: a page of the center's pupils, by class, last name and first name",
        query=("division", "page", "pageSize"),
        errors={404: ("CENTER_NOT_FOUND",)},
    ),
)
route(
    blueprint,
    Route(
        "/sessions/{session_id}/students",
        "GET",
        "ListSessionStudents",
        f"{HANDLERS}:list_session_students",
        "The pupils of the session's center, by class, each with `isEnrolled`",
        query=("division", "page", "pageSize"),
        errors={404: ("SESSION_NOT_FOUND",)},
    ),
)
