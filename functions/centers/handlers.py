"""/centers/{id}."""

from __future__ import annotations

from functions import wiring
from functions.centers.schemas import CenterOut
from shared.domain.people import Identity
from shared.services import centers


def get_center(identity: Identity, center_id: str) -> CenterOut:
    deps = wiring.deps()
    return CenterOut.of(centers.get_center(deps, identity, center_id), deps.clock())
