"""Who may see a center and its sessions: its members only — Pix staff who are not members
work through the /admin routes (docs/processing.md, "Roles"); who may manage its team and
import its roster: its administrators."""

from __future__ import annotations

from shared.domain import errors
from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.team import admin_role_required
from shared.domain.validation import is_identifier
from shared.services.ports import UserRepository


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


def readable_center(users: UserRepository, identity: Identity, center_id: str) -> Center:
    """The center, for its members; 404 for anyone else, Pix staff included."""
    return require_membership(users, identity, center_id).center


def _membership(users: UserRepository, identity: Identity, center_id: str) -> Membership | None:
    if not is_identifier(center_id):
        return None
    return users.get_membership(identity.user_id, center_id)
