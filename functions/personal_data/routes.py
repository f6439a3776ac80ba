"""Routes of the RGPD requests about one pupil (access, erasure): declarations only; the
handlers are in functions/personal_data/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.personal_data.handlers"
STUDENT = "/centers/{center_id}/students/{student_id}"
FORBIDDEN = {403: ("ADMIN_ROLE_REQUIRED",), 404: ("CENTER_NOT_FOUND", "STUDENT_NOT_FOUND")}

route(
    blueprint,
    Route(
        f"{STUDENT}/export",
        "GET",
        "ExportStudent",
        f"{HANDLERS}:export_student",
        "Everything stored about one pupil, as JSON (RGPD access); center admins only, recorded"
        " in the center's audit trail",
        errors=FORBIDDEN,
    ),
)
route(
    blueprint,
    Route(
        STUDENT,
        "DELETE",
        "EraseStudent",
        f"{HANDLERS}:erase_student",
        "Erase a pupil from the roster (RGPD erasure) unless a session not finalized has them"
        " as candidate; center admins only, recorded in the center's audit trail",
        errors={**FORBIDDEN, 409: ("STUDENT_IS_CANDIDATE", "IMPORT_IN_PROGRESS")},
    ),
)
