"""Routes of centers: declarations only; the handlers are in functions/centers/handlers.py."""

from chalice.app import Blueprint

from functions.api import route

blueprint = Blueprint(__name__)

route(
    blueprint,
    "/centers/{center_id}",
    methods=["GET"],
    operation="GetCenter",
    handler="functions.centers.handlers:get_center",
)
