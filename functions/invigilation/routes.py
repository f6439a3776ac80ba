"""Routes of exam day, the invigilator's portal: declarations only; the handlers are in
functions/invigilation/handlers.py. Every route but the login is open to the session's
invigilator token as well as to its center's members."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.invigilation.handlers"
SESSION = "/sessions/{session_id}"
CANDIDATE = f"{SESSION}/candidates/{{candidate_id}}"
SUPERVISED = {401: ("INVIGILATION_CLOSED",), 404: ("SESSION_NOT_FOUND",)}
DECISION = {
    401: ("INVIGILATION_CLOSED",),
    404: ("SESSION_NOT_FOUND", "CANDIDATE_NOT_FOUND"),
}

route(
    blueprint,
    Route(
        "/invigilator/login",
        "POST",
        "InvigilatorLogin",
        f"{HANDLERS}:login",
        "The invigilator opens the portal with the session number and its supervisor password",
        public=True,
        errors={
            401: ("INVALID_SUPERVISOR_CREDENTIALS",),
            409: ("SESSION_ALREADY_FINALIZED",),
            429: ("TOO_MANY_ATTEMPTS",),
        },
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/invigilator-kit",
        "GET",
        "GetInvigilatorKit",
        f"{HANDLERS}:invigilator_kit",
        "The invigilator's kit, as a PDF: codes, room, time, the portal's address, the steps",
        invigilator=True,
        headers=("Accept",),
        produces="application/pdf",
        response_headers=("Content-Disposition",),
        errors={400: ("PDF_NOT_ACCEPTED",), **SUPERVISED},
    ),
)
route(
    blueprint,
    Route(
        f"{SESSION}/supervising",
        "GET",
        "GetSupervising",
        f"{HANDLERS}:supervising",
        "The live list of the room: every candidate's presence, status and times",
        invigilator=True,
        errors=SUPERVISED,
    ),
)
route(
    blueprint,
    Route(
        f"{CANDIDATE}/authorize-to-start",
        "POST",
        "AuthorizeToStart",
        f"{HANDLERS}:authorize_to_start",
        "Confirm that the pupil is in the room (or withdraw it before they join)",
        invigilator=True,
        errors={**DECISION, 409: ("CANDIDATE_ALREADY_JOINED", "SESSION_ALREADY_FINALIZED")},
    ),
)
route(
    blueprint,
    Route(
        f"{CANDIDATE}/authorize-to-resume",
        "POST",
        "AuthorizeToResume",
        f"{HANDLERS}:authorize_to_resume",
        "Let a pupil whose test stopped enter once more",
        invigilator=True,
        errors={**DECISION, 409: ("CANDIDATE_NOT_STARTED", "SESSION_ALREADY_FINALIZED")},
    ),
)
route(
    blueprint,
    Route(
        f"{CANDIDATE}/end-by-supervisor",
        "POST",
        "EndBySupervisor",
        f"{HANDLERS}:end_by_supervisor",
        "End a pupil's test, with the reason",
        invigilator=True,
        errors={**DECISION, 409: ("CANDIDATE_NOT_STARTED", "SESSION_ALREADY_FINALIZED")},
    ),
)
