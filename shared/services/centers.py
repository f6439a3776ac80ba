"""Reading a certification center."""

from __future__ import annotations

from shared.domain.people import Center, Identity
from shared.services.access import readable_center
from shared.services.dependencies import Dependencies


def get_center(deps: Dependencies, identity: Identity, center_id: str) -> Center:
    return readable_center(deps.users, identity, center_id)
