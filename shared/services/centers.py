"""Reading a certification center."""

from __future__ import annotations

from shared.domain.people import Center, Identity
from shared.services.access import readable_center
from shared.services.ports import CenterRepository, UserRepository


def get_center(
    users: UserRepository, centers: CenterRepository, identity: Identity, center_id: str
) -> Center:
    return readable_center(users, centers, identity, center_id)
