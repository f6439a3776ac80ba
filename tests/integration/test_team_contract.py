"""The center's team (`UserRepository`'s team methods, `InvitationRepository`, the center's
trail of `EventRepository`): the fakes of tests/fakes.py and the DynamoDB adapters keep the
same promises — the conditions that keep an administrator, and an invitation used once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.invitations import DynamoInvitations
from shared.adapters.dynamo.users import DynamoUsers
from shared.domain import errors
from shared.domain.audit import Actor, Audit, AuditAction, AuditEvent
from shared.domain.people import Center, Membership, Role, UserProfile
from shared.domain.team import Invitation, InvitationStatus, Invitee, hash_code, new_invitation
from shared.services.ports import EventRepository, InvitationRepository, UserRepository
from tests.fakes import FakeInvitations, FakeUsers
from tests.integration.contract import BACKENDS, CENTER, NOW, stack_of

OTHER_CENTER = CENTER.model_copy(update={"id": "c-2", "name": "Lycée"})


@dataclass(frozen=True)
class Stores:
    users: UserRepository
    invitations: InvitationRepository
    events: EventRepository


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        users = FakeUsers()
        return Stores(users=users, invitations=FakeInvitations(users), events=users.events)
    table = stack.table_name
    return Stores(
        users=DynamoUsers(table, client=aws.dynamodb),
        invitations=DynamoInvitations(table, client=aws.dynamodb),
        events=DynamoEvents(table, client=aws.dynamodb),
    )


def person(user_id: str, last_name: str, role: Role, center: Center = CENTER) -> Membership:
    profile = UserProfile(
        id=user_id, email=f"{user_id}@anne-frank.test", first_name="P", last_name=last_name
    )
    return Membership.of(profile, center, role, NOW)


def team_event(
    action: AuditAction = AuditAction.MEMBER_ROLE_CHANGED, minutes: int = 0
) -> AuditEvent:
    return Audit(actor=Actor.system("tests"), at=NOW + timedelta(minutes=minutes)).center_event(
        CENTER.id, action
    )


def test_the_team_is_the_centers_memberships_with_a_snapshot(stores: Stores) -> None:
    users = stores.users
    users.put_membership(person("alice", "Zola", Role.ADMIN))
    users.put_membership(person("bruno", "Payet", Role.MEMBER, OTHER_CENTER))
    users.put_membership(Membership(user_id="old", role=Role.ADMIN, center=CENTER))
    assert [m.user_id for m in users.list_members(CENTER.id)] == ["alice"]
    assert users.get_membership("old", CENTER.id) is not None  # still a member
    stored = users.list_members(CENTER.id)[0]
    assert stored == person("alice", "Zola", Role.ADMIN)

    # The backfill's write: the snapshot, never the role.
    assert users.put_member_snapshot(person("old", "Ancien", Role.MEMBER)) is True
    old = users.get_membership("old", CENTER.id)
    assert old is not None and (old.role, old.last_name) == (Role.ADMIN, "Ancien")
    assert sorted(m.user_id for m in users.list_members(CENTER.id)) == ["alice", "old"]
    assert users.put_member_snapshot(person("nobody", "X", Role.MEMBER)) is False
    assert users.get_membership("nobody", CENTER.id) is None


def test_a_role_changes_if_it_is_the_one_read_and_the_keeper_is_still_admin(
    stores: Stores,
) -> None:
    users = stores.users
    alice, david = person("alice", "Zola", Role.ADMIN), person("david", "Martin", Role.ADMIN)
    users.put_membership(alice)
    users.put_membership(david)

    users.change_role(david, Role.MEMBER, alice, team_event())
    with pytest.raises(errors.WriteConflict) as moved:
        users.change_role(david, Role.MEMBER, alice, team_event())  # read as ADMIN: stale
    assert moved.value.what is errors.Conflicting.MEMBERSHIP
    demoted = users.get_membership("david", CENTER.id)
    with pytest.raises(errors.WriteConflict) as lost:
        users.change_role(alice, Role.MEMBER, demoted, team_event())  # david is no keeper
    assert lost.value.what is errors.Conflicting.ADMIN
    assert [m.role for m in sorted(users.list_members(CENTER.id), key=lambda m: m.user_id)] == [
        Role.ADMIN,
        Role.MEMBER,
    ]
    assert len(stores.events.list_for_center(CENTER.id)) == 1  # the failed ones wrote nothing


def test_removing_has_the_same_conditions(stores: Stores) -> None:
    users = stores.users
    alice, chloe = person("alice", "Zola", Role.ADMIN), person("chloe", "Élie", Role.MEMBER)
    users.put_membership(alice)
    users.put_membership(chloe)
    with pytest.raises(errors.WriteConflict) as lost:
        users.remove_membership(alice, chloe, team_event(AuditAction.MEMBER_LEFT))
    assert lost.value.what is errors.Conflicting.ADMIN
    users.remove_membership(chloe, None, team_event(AuditAction.MEMBER_REMOVED))
    assert users.get_membership("chloe", CENTER.id) is None
    with pytest.raises(errors.WriteConflict):
        users.remove_membership(chloe, None, team_event(AuditAction.MEMBER_REMOVED))
    actions = [e.action for e in stores.events.list_for_center(CENTER.id)]
    assert actions == [AuditAction.MEMBER_REMOVED]


def test_the_centers_trail_is_in_time_order_and_its_own(stores: Stores) -> None:
    users = stores.users
    users.put_membership(person("chloe", "Élie", Role.MEMBER))
    users.put_membership(person("dora", "Nom", Role.MEMBER))
    chloe, dora = users.get_membership("chloe", CENTER.id), users.get_membership("dora", CENTER.id)
    assert chloe is not None and dora is not None
    users.change_role(dora, Role.ADMIN, None, team_event(minutes=5))
    users.change_role(chloe, Role.ADMIN, None, team_event(minutes=1))
    trail = stores.events.list_for_center(CENTER.id)
    assert [e.at for e in trail] == [NOW + timedelta(minutes=1), NOW + timedelta(minutes=5)]
    assert all(e.center_id == CENTER.id and e.session_id is None for e in trail)
    assert stores.events.list_for_center(OTHER_CENTER.id) == []


def an_invitation(email: str = "invitee@anne-frank.test", code: str = "code-1") -> Invitation:
    inviter = person("alice", "Zola", Role.ADMIN)
    return new_invitation("inv-1", inviter, Invitee(email=email, role=Role.MEMBER), code, NOW)


def test_an_invitation_is_found_by_its_id_and_listed_in_its_center(stores: Stores) -> None:
    invitation = an_invitation()
    stores.invitations.add(invitation, team_event(AuditAction.INVITATION_SENT))
    assert stores.invitations.get("inv-1") == invitation
    assert stores.invitations.get("inv-2") is None
    assert stores.invitations.list_for_center(CENTER.id) == [invitation]
    assert stores.invitations.list_for_center(OTHER_CENTER.id) == []
    # A second pending invitation of the same address is refused: renew the first.
    with pytest.raises(errors.WriteConflict) as twice:
        stores.invitations.add(
            invitation.model_copy(update={"id": "inv-2"}), team_event(AuditAction.INVITATION_SENT)
        )
    assert twice.value.what is errors.Conflicting.INVITATION


def test_renewing_needs_the_invitation_as_read(stores: Stores) -> None:
    invitation = an_invitation()
    stores.invitations.add(invitation, team_event(AuditAction.INVITATION_SENT))
    renewed = invitation.renewed(hash_code("code-2"), Role.ADMIN, NOW + timedelta(days=1))
    stores.invitations.replace(invitation, renewed, team_event(AuditAction.INVITATION_RESENT))
    assert stores.invitations.get("inv-1") == renewed
    with pytest.raises(errors.WriteConflict):  # the code read is not the stored one any more
        stores.invitations.replace(invitation, renewed, team_event(AuditAction.INVITATION_RESENT))
    cancelled = renewed.cancelled(NOW)
    stores.invitations.replace(renewed, cancelled, team_event(AuditAction.INVITATION_CANCELLED))
    assert stores.invitations.get("inv-1") == cancelled
    # Cancelled: the address may be invited anew (a new id, the old link is gone).
    fresh = an_invitation(code="code-3").model_copy(update={"id": "inv-3"})
    stores.invitations.add(fresh, team_event(AuditAction.INVITATION_SENT))
    assert stores.invitations.get("inv-1") is None and stores.invitations.get("inv-3") == fresh


def test_an_invitation_is_accepted_once_with_its_membership(stores: Stores) -> None:
    invitation = an_invitation()
    stores.invitations.add(invitation, team_event(AuditAction.INVITATION_SENT))
    newcomer = person("ines", "Durand", Role.MEMBER)
    accepted_at = team_event(AuditAction.INVITATION_ACCEPTED, minutes=3)
    stores.invitations.accept(invitation, newcomer, accepted_at)
    stored = stores.invitations.get("inv-1")
    assert stored is not None and stored.status is InvitationStatus.ACCEPTED
    assert (stored.accepted_by, stored.accepted_at) == ("ines", accepted_at.at)
    assert stores.users.get_membership("ines", CENTER.id) == newcomer
    with pytest.raises(errors.WriteConflict) as again:
        stores.invitations.accept(invitation, person("other", "X", Role.MEMBER), accepted_at)
    assert again.value.what is errors.Conflicting.INVITATION
    assert stores.users.get_membership("other", CENTER.id) is None


def test_accepting_for_a_member_already_changes_nothing(stores: Stores) -> None:
    invitation = an_invitation()
    stores.invitations.add(invitation, team_event(AuditAction.INVITATION_SENT))
    member = person("ines", "Durand", Role.ADMIN)
    stores.users.put_membership(member)
    with pytest.raises(errors.WriteConflict) as refused:
        stores.invitations.accept(
            invitation,
            member.model_copy(update={"role": Role.MEMBER}),
            team_event(AuditAction.INVITATION_ACCEPTED),
        )
    assert refused.value.what is errors.Conflicting.MEMBERSHIP
    assert stores.invitations.get("inv-1") == invitation
    assert stores.users.get_membership("ines", CENTER.id) == member
