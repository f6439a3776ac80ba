"""The center's team: who sees it, who changes it, and the rule that a center always keeps
an administrator — on the in-memory fakes (the adapters keep the same promises: see
tests/integration/test_team_contract.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.domain import errors
from shared.domain.audit import Actor, Audit, AuditAction, AuditEvent
from shared.domain.pagination import PageRequest
from shared.domain.people import Identity, Membership, Role, UserProfile
from shared.domain.team import RoleInput
from shared.services import roster, team
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, BRUNO, NOW, PARIS, REUNION

CHLOE = Identity(user_id="chloe", email="chloe@anne-frank.test")  # a MEMBER of Paris
DAVID = Identity(user_id="david", email="david@anne-frank.test")  # another ADMIN of Paris


def member(who: Identity, first: str, last: str, role: Role, days_ago: int = 30) -> Membership:
    profile = UserProfile(id=who.user_id, email=who.email, first_name=first, last_name=last)
    return Membership.of(profile, PARIS, role, NOW - timedelta(days=days_ago))


@pytest.fixture
def fakes(fakes: Fakes) -> Fakes:
    """Paris's team: Alice Zola (ADMIN), Chloé Élie (MEMBER), David Martin (ADMIN)."""
    for membership in (
        member(ALICE, "Alice", "Zola", Role.ADMIN, 90),
        member(CHLOE, "Chloé", "Élie", Role.MEMBER, 10),
        member(DAVID, "David", "Martin", Role.ADMIN, 5),
    ):
        fakes.users.put_membership(membership)
    return fakes


def roles(fakes: Fakes) -> dict[str, Role]:
    return {m.user_id: m.role for m in fakes.users.list_members(PARIS.id)}


def test_any_member_sees_the_team_sorted_by_last_name(deps: Dependencies) -> None:
    listed = team.list_members(deps, CHLOE, PARIS.id)
    assert [(m.last_name, m.role) for m in listed] == [
        ("Élie", Role.MEMBER),
        ("Martin", Role.ADMIN),
        ("Zola", Role.ADMIN),
    ]
    assert listed[0].email == CHLOE.email and listed[0].since == NOW - timedelta(days=10)


def test_another_centers_people_do_not_see_the_team(deps: Dependencies) -> None:
    with pytest.raises(errors.NotFound) as refused:
        team.list_members(deps, BRUNO, PARIS.id)
    assert refused.value.code == "CENTER_NOT_FOUND"


def test_an_admin_changes_a_role_and_the_centers_trail_says_so(
    deps: Dependencies, fakes: Fakes
) -> None:
    changed = team.change_role(deps, ALICE, PARIS.id, CHLOE.user_id, RoleInput(role="ADMIN"))
    assert changed.role is Role.ADMIN and roles(fakes)[CHLOE.user_id] is Role.ADMIN
    [event] = deps.events.list_for_center(PARIS.id)
    assert event.action is AuditAction.MEMBER_ROLE_CHANGED
    assert event.actor.id == ALICE.user_id
    assert event.changes["role"] == {"from": "MEMBER", "to": "ADMIN"}
    assert event.changes["userId"] == CHLOE.user_id


def test_a_member_may_not_change_roles_nor_remove_anyone(deps: Dependencies, fakes: Fakes) -> None:
    for change in (
        lambda: team.change_role(deps, CHLOE, PARIS.id, DAVID.user_id, RoleInput(role="MEMBER")),
        lambda: team.remove_member(deps, CHLOE, PARIS.id, DAVID.user_id),
        lambda: team.list_center_events(deps, CHLOE, PARIS.id, PageRequest()),
    ):
        with pytest.raises(errors.Forbidden) as refused:
            change()
        assert refused.value.code == "ADMIN_ROLE_REQUIRED"
        assert refused.value.message == "Seul un administrateur du centre peut faire cela."
    assert roles(fakes)[DAVID.user_id] is Role.ADMIN


def test_a_member_may_not_import_the_roster(deps: Dependencies) -> None:
    with pytest.raises(errors.Forbidden) as refused:
        roster.import_roster(deps, CHLOE, PARIS.id, b"", "text/csv")
    assert refused.value.code == "ADMIN_ROLE_REQUIRED"


def test_an_admin_of_another_center_gets_404_not_403(deps: Dependencies) -> None:
    with pytest.raises(errors.NotFound):
        team.change_role(deps, BRUNO, PARIS.id, CHLOE.user_id, RoleInput(role="ADMIN"))
    with pytest.raises(errors.NotFound):
        team.list_center_events(deps, BRUNO, PARIS.id, PageRequest())


def test_a_role_must_be_admin_or_member(deps: Dependencies) -> None:
    for wrong in (None, "", "OWNER"):
        with pytest.raises(errors.RuleViolation) as refused:
            team.change_role(deps, ALICE, PARIS.id, CHLOE.user_id, RoleInput(role=wrong))
        assert refused.value.details[0].field == "role"


def test_an_unknown_member_is_404(deps: Dependencies) -> None:
    with pytest.raises(errors.NotFound) as refused:
        team.change_role(deps, ALICE, PARIS.id, BRUNO.user_id, RoleInput(role="ADMIN"))
    assert refused.value.code == "MEMBER_NOT_FOUND"


def test_the_last_admin_cannot_be_demoted_removed_or_leave(
    deps: Dependencies, fakes: Fakes
) -> None:
    team.change_role(deps, ALICE, PARIS.id, DAVID.user_id, RoleInput(role="MEMBER"))
    attempts = (
        lambda: team.change_role(deps, ALICE, PARIS.id, ALICE.user_id, RoleInput(role="MEMBER")),
        lambda: team.remove_member(deps, ALICE, PARIS.id, ALICE.user_id),
    )
    for attempt in attempts:
        with pytest.raises(errors.Conflict) as refused:
            attempt()
        assert refused.value.code == "LAST_ADMIN"
        assert refused.value.message == "Le centre doit garder au moins un administrateur."
    assert roles(fakes)[ALICE.user_id] is Role.ADMIN


def test_an_admin_may_step_down_while_another_remains(deps: Dependencies, fakes: Fakes) -> None:
    team.change_role(deps, ALICE, PARIS.id, ALICE.user_id, RoleInput(role="MEMBER"))
    assert roles(fakes) == {
        ALICE.user_id: Role.MEMBER,
        CHLOE.user_id: Role.MEMBER,
        DAVID.user_id: Role.ADMIN,
    }


def test_a_member_changing_their_own_membership_is_read_once(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = fakes.users.get_membership
    reads: list[tuple[str, str]] = []

    def counted(user_id: str, center_id: str) -> Membership | None:
        reads.append((user_id, center_id))
        return read(user_id, center_id)

    monkeypatch.setattr(fakes.users, "get_membership", counted)
    team.change_role(deps, ALICE, PARIS.id, ALICE.user_id, RoleInput(role="MEMBER"))
    assert reads.count((ALICE.user_id, PARIS.id)) == 1
    reads.clear()
    team.remove_member(deps, CHLOE, PARIS.id, CHLOE.user_id)
    assert reads.count((CHLOE.user_id, PARIS.id)) == 1


def test_an_admin_relied_on_who_was_demoted_meanwhile_is_not_counted(
    deps: Dependencies, fakes: Fakes
) -> None:
    # Given the team's index still shows David as ADMIN, but he is a MEMBER now (the index
    # lags a moment behind the memberships)
    stale = fakes.users.list_members(PARIS.id)
    fakes.users.put_membership(member(DAVID, "David", "Martin", Role.MEMBER, 5))
    fakes.users.list_members = lambda center_id: stale  # type: ignore[method-assign]

    # When Alice steps down, then she is told she is the last administrator
    with pytest.raises(errors.Conflict) as refused:
        team.change_role(deps, ALICE, PARIS.id, ALICE.user_id, RoleInput(role="MEMBER"))
    assert refused.value.code == "LAST_ADMIN"
    assert fakes.users.get_membership(ALICE.user_id, PARIS.id).role is Role.ADMIN  # type: ignore[union-attr]


def test_the_keeper_demoted_between_the_read_and_the_write_fails_the_change(
    fakes: Fakes,
) -> None:
    """The transaction's own check: whatever the use case read, the other admin must still be
    one when the change commits."""
    alice = fakes.users.get_membership(ALICE.user_id, PARIS.id)
    david = fakes.users.get_membership(DAVID.user_id, PARIS.id)
    assert alice is not None and david is not None
    fakes.users.put_membership(david.model_copy(update={"role": Role.MEMBER}))
    with pytest.raises(errors.WriteConflict) as lost:
        fakes.users.change_role(alice, Role.MEMBER, david, _any_event())
    assert lost.value.what is errors.Conflicting.ADMIN
    assert roles(fakes)[ALICE.user_id] is Role.ADMIN and fakes.users.events.events == []


def _any_event() -> AuditEvent:
    return Audit(actor=Actor.system("tests"), at=NOW).center_event(
        PARIS.id, AuditAction.MEMBER_ROLE_CHANGED
    )


def test_an_admin_removes_a_member_and_a_member_leaves(deps: Dependencies, fakes: Fakes) -> None:
    team.remove_member(deps, CHLOE, PARIS.id, CHLOE.user_id)
    team.remove_member(deps, ALICE, PARIS.id, DAVID.user_id)
    assert roles(fakes) == {ALICE.user_id: Role.ADMIN}
    actions = [e.action for e in deps.events.list_for_center(PARIS.id)]
    assert actions == [AuditAction.MEMBER_LEFT, AuditAction.MEMBER_REMOVED]
    # Removed means gone at once: the next request of the removed person finds nothing.
    with pytest.raises(errors.NotFound):
        team.list_members(deps, DAVID, PARIS.id)


def test_the_centers_trail_is_for_its_admins_oldest_first(deps: Dependencies, fakes: Fakes) -> None:
    team.change_role(deps, ALICE, PARIS.id, CHLOE.user_id, RoleInput(role="ADMIN"))
    fakes.clock.now = NOW + timedelta(minutes=5)
    team.change_role(deps, DAVID, PARIS.id, CHLOE.user_id, RoleInput(role="MEMBER"))
    page = team.list_center_events(deps, ALICE, PARIS.id, PageRequest(page=1, page_size=1))
    assert page.total == 2 and page.items[0].actor.id == ALICE.user_id
    # Another center's trail is its own.
    assert deps.events.list_for_center(REUNION.id) == []
