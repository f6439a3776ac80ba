"""Routes of centers: declarations only; the handlers are in functions/centers/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)

route(
    blueprint,
    Route(
        "/centers/{center_id}",
        "GET",
        "GetCenter",
        "functions.centers.handlers:get_center",
        "A certification center (its members and Pix staff only)",
        errors={404: ("CENTER_NOT_FOUND",)},
    ),
)
