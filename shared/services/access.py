"""Who may see a center and its sessions: its members, and Pix staff for reading; who may
manage its team and import its roster: its administrators."""

from __future__ import annotations

from shared.domain import errors
from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.team import admin_role_required
from shared.domain.validation import is_identifier
from shared.services.ports import CenterRepository, UserRepository


def require_membership(users: UserRepository, identity: Identity, center_id: str) -> Membership:
    membership = _membership(users, identity, center_id)
    if membership is None:
        raise errors.center_not_found()
    return membership


def require_admin(users: UserRepository, identity: Identity, center_id: str) -> Membership:
    """An ADMIN of the center; a MEMBER is refused (403 ADMIN_ROLE_REQUIRED), anyone else
    does not see the center at all (404, as for every route of a center)."""
    membership = require_membership(users, identity, center_id)
    if membership.role is not Role.ADMIN:
        raise admin_role_required()
    return membership


def readable_center(
    users: UserRepository, centers: CenterRepository, identity: Identity, center_id: str
) -> Center:
    membership = _membership(users, identity, center_id)
    if membership is not None:
        return membership.center
    if identity.is_pix_admin and is_identifier(center_id):
        center = centers.get_center(center_id)
        if center is not None:
            return center
    raise errors.center_not_found()


def can_read_center(users: UserRepository, identity: Identity, center_id: str) -> bool:
    if identity.is_pix_admin:
        return is_identifier(center_id)
    return _membership(users, identity, center_id) is not None


def _membership(users: UserRepository, identity: Identity, center_id: str) -> Membership | None:
    if not is_identifier(center_id):
        return None
    return users.get_membership(identity.user_id, center_id)
