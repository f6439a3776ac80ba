"""/centers/{id}."""

from __future__ import annotations

from chalice.app import Blueprint

from functions import wiring
from functions.api import route
from functions.centers.schemas import CenterOut
from shared.domain.people import Identity
from shared.services import centers

blueprint = Blueprint(__name__)


@route(blueprint, "/centers/{center_id}", methods=["GET"], operation="GetCenter")
def get_center(identity: Identity, center_id: str) -> CenterOut:
    return CenterOut.of(centers.get_center(wiring.users(), wiring.centers(), identity, center_id))
