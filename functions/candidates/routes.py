"""Routes of a session's candidates: declarations only; the handlers are in
functions/candidates/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.candidates.handlers"
SESSION = "/sessions/{session_id}/candidates"
NOT_FOUND = {404: ("SESSION_NOT_FOUND",)}

route(
    blueprint,
    Route(
        SESSION,
        "POST",
        "EnrollCandidates",
        f"{HANDLERS}:enroll",
        "Enrol pupils of the roster (1 to 500; all or nothing)",
        status=201,
        idempotent=True,
        errors={
            **NOT_FOUND,
            409: ("SESSION_ALREADY_FINALIZED",),
            422: ("UNKNOWN_STUDENT",),
        },
    ),
)
route(
    blueprint,
    Route(
        SESSION,
        "GET",
        "ListCandidates",
        f"{HANDLERS}:list_candidates",
        "The session's candidates, by last name and first name",
        errors=NOT_FOUND,
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/{{candidate_id}}",
        "PATCH",
        "SetExtraTime",
        f"{HANDLERS}:set_extra_time",
        "A candidate's extra time (it moves the finalization deadline)",
        errors={
            404: ("SESSION_NOT_FOUND", "CANDIDATE_NOT_FOUND"),
            409: ("SESSION_ALREADY_FINALIZED",),
            412: ("VERSION_MISMATCH",),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/{{candidate_id}}",
        "DELETE",
        "RemoveCandidate",
        f"{HANDLERS}:remove_candidate",
        "Remove a candidate who has not joined",
        errors={
            404: ("SESSION_NOT_FOUND", "CANDIDATE_NOT_FOUND"),
            409: ("CANDIDATE_ALREADY_JOINED", "SESSION_ALREADY_FINALIZED"),
            412: ("VERSION_MISMATCH",),
        },
    ),
)
