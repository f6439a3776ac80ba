"""Routes of the pupils' entry into a session and the end of their test (public, used by the
test application): declarations only; the handlers are in functions/joining/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.joining.handlers"

route(
    blueprint,
    Route(
        "/sessions/{session_id}/join",
        "POST",
        "JoinSession",
        f"{HANDLERS}:join",
        "A pupil joins with the session number, the access code, their name and birthdate",
        public=True,
        errors={
            403: ("CANDIDATE_NOT_AUTHORIZED_TO_START", "CANDIDATE_NOT_AUTHORIZED_TO_RESUME"),
            404: ("SESSION_NOT_FOUND", "CANDIDATE_NOT_FOUND"),
            409: (
                "SESSION_NOT_ACCESSIBLE",
                "SESSION_NOT_OPEN_YET",
                "SESSION_ENTRY_CLOSED",
                "CANDIDATE_TEST_ENDED",
            ),
            429: ("TOO_MANY_ATTEMPTS",),
        },
    ),
)
route(
    blueprint,
    Route(
        "/courses/{certification_number}/complete",
        "POST",
        "CompleteCourse",
        f"{HANDLERS}:complete",
        "The test application reports the end of a pupil's test (with its course token)",
        public=True,
        security=("courseToken",),
        errors={
            401: ("UNAUTHENTICATED", "INVALID_COURSE_TOKEN"),
            403: ("COURSE_TOKEN_MISMATCH",),
            404: ("CANDIDATE_NOT_FOUND",),
            409: ("SESSION_NOT_ACCESSIBLE", "CANDIDATE_ENDED_BY_SUPERVISOR"),
        },
    ),
)
