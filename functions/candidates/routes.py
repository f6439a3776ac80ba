"""Routes of the roster, candidates and the test application: declarations only; the handlers
are in functions/candidates/handlers.py."""

from chalice.app import Blueprint

from functions.api import route
from shared.domain.limits import MAX_ROSTER_BYTES

blueprint = Blueprint(__name__)
HANDLERS = "functions.candidates.handlers"

route(
    blueprint,
    "/centers/{center_id}/students/import",
    methods=["POST"],
    operation="ImportStudents",
    handler=f"{HANDLERS}:import_students",
    max_body_bytes=MAX_ROSTER_BYTES,
)
route(
    blueprint,
    "/centers/{center_id}/divisions",
    methods=["GET"],
    operation="ListDivisions",
    handler=f"{HANDLERS}:list_divisions",
)
route(
    blueprint,
    "/sessions/{session_id}/students",
    methods=["GET"],
    operation="ListSessionStudents",
    handler=f"{HANDLERS}:list_session_students",
)
route(
    blueprint,
    "/sessions/{session_id}/candidates",
    methods=["POST"],
    operation="EnrollCandidates",
    handler=f"{HANDLERS}:enroll",
    status=201,
    idempotent=True,
)
route(
    blueprint,
    "/sessions/{session_id}/candidates",
    methods=["GET"],
    operation="ListCandidates",
    handler=f"{HANDLERS}:list_candidates",
)
route(
    blueprint,
    "/sessions/{session_id}/candidates/{candidate_id}",
    methods=["PATCH"],
    operation="SetExtraTime",
    handler=f"{HANDLERS}:set_extra_time",
)
route(
    blueprint,
    "/sessions/{session_id}/candidates/{candidate_id}",
    methods=["DELETE"],
    operation="RemoveCandidate",
    handler=f"{HANDLERS}:remove_candidate",
)
route(
    blueprint,
    "/sessions/{session_id}/join",
    methods=["POST"],
    operation="JoinSession",
    handler=f"{HANDLERS}:join",
    public=True,
)
route(
    blueprint,
    "/courses/{certification_number}/complete",
    methods=["POST"],
    operation="CompleteCourse",
    handler=f"{HANDLERS}:complete",
    public=True,
)
