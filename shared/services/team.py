"""The center's team: its members and their roles, and its own audit trail. Every change
leaves the center at least one administrator, whatever else happens at the same moment
(docs/team.md)."""

from __future__ import annotations

from shared.domain.audit import Audit, AuditAction, AuditEvent
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.pagination import Page, PageRequest, paginate
from shared.domain.people import Identity, Membership, Role
from shared.domain.team import (
    RoleInput,
    last_admin,
    member_not_found,
    other_admins,
    parse_role,
    sort_members,
    team_changed,
)
from shared.domain.validation import is_identifier
from shared.services.access import require_admin, require_membership
from shared.services.dependencies import Dependencies
from shared.services.retry import retrying

# A change loses a race only to another change of the same members: a few rounds settle it.
TEAM_ATTEMPTS = 5


def list_members(deps: Dependencies, identity: Identity, center_id: str) -> list[Membership]:
    """Any member sees the team, sorted by last name."""
    require_membership(deps.users, identity, center_id)
    return sort_members(deps.users.list_members(center_id))


def change_role(
    deps: Dependencies, identity: Identity, center_id: str, user_id: str, form: RoleInput
) -> Membership:
    """An ADMIN gives a member a role. Demoting an administrator needs another one who is
    still ADMIN when the change commits (409 LAST_ADMIN otherwise)."""
    role = parse_role(form.role)

    def attempt() -> Membership:
        admin = require_admin(deps.users, identity, center_id)
        member = admin if user_id == identity.user_id else _member(deps, center_id, user_id)
        if member.role is role:
            return member
        keeper = _keeper(deps, member) if member.role is Role.ADMIN else None
        changed = Audit.by(identity, deps.clock()).center_event(
            center_id,
            AuditAction.MEMBER_ROLE_CHANGED,
            {**_who(member), "role": {"from": member.role.value, "to": role.value}},
        )
        deps.users.change_role(member, role, keeper, changed)
        return member.model_copy(update={"role": role})

    return retrying(attempt, _on_conflict, attempts=TEAM_ATTEMPTS)


def remove_member(deps: Dependencies, identity: Identity, center_id: str, user_id: str) -> None:
    """An ADMIN removes a member, or a member leaves; the last administrator can do neither
    (409 LAST_ADMIN). Takes effect at the member's next request (memberships are read at
    every request)."""
    leaving = user_id == identity.user_id

    def attempt() -> None:
        if leaving:
            member = require_membership(deps.users, identity, center_id)
        else:
            require_admin(deps.users, identity, center_id)
            member = _member(deps, center_id, user_id)
        keeper = _keeper(deps, member) if member.role is Role.ADMIN else None
        removed = Audit.by(identity, deps.clock()).center_event(
            center_id,
            AuditAction.MEMBER_LEFT if leaving else AuditAction.MEMBER_REMOVED,
            {**_who(member), "role": member.role.value},
        )
        deps.users.remove_membership(member, keeper, removed)

    retrying(attempt, _on_conflict, attempts=TEAM_ATTEMPTS)


def list_center_events(
    deps: Dependencies, identity: Identity, center_id: str, page: PageRequest
) -> Page[AuditEvent]:
    """The center's own trail (its team), oldest first; its administrators only."""
    require_admin(deps.users, identity, center_id)
    return paginate(deps.events.list_for_center(center_id), page)


def _member(deps: Dependencies, center_id: str, user_id: str) -> Membership:
    member = deps.users.get_membership(user_id, center_id) if is_identifier(user_id) else None
    if member is None:
        raise member_not_found()
    return member


def _keeper(deps: Dependencies, member: Membership) -> Membership:
    """Another administrator, as stored right now: the change's transaction checks that it is
    still one when it commits. The team's index may lag a moment behind: each one it names is
    read again (strongly consistent) before it is relied on."""
    center_id = member.center.id
    for candidate in other_admins(deps.users.list_members(center_id), member.user_id):
        current = deps.users.get_membership(candidate.user_id, center_id)
        if current is not None and current.role is Role.ADMIN:
            return current
    raise last_admin()


def _on_conflict(conflict: WriteConflict, last: bool) -> None:
    # The member or the other administrator moved meanwhile: read again, judge again.
    if last:
        if conflict.what is Conflicting.ADMIN:
            raise last_admin() from conflict
        raise team_changed() from conflict


def _who(member: Membership) -> dict[str, str | None]:
    return {
        "userId": member.user_id,
        "email": member.email,
        "name": " ".join(n for n in (member.first_name, member.last_name) if n) or None,
    }
