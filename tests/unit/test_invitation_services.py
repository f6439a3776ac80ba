"""Invitations: the rules of the code (random, hashed, compared in constant time, single
use), the 7-day expiry and its renewal, members skipped, the 100-address limit, and the two
ways to accept — on the in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from shared.domain import errors
from shared.domain.audit import Actor, Audit, AuditAction, AuditEvent
from shared.domain.email import EmailMessage
from shared.domain.people import Identity, Membership, Role, UserProfile
from shared.domain.team import (
    INVITATION_VALIDITY,
    AcceptInput,
    Invitation,
    InvitationInput,
    InvitationStatus,
    french_moment,
    hash_code,
    new_code,
)
from shared.services import invitations
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import WEB_ADDRESS, Fakes
from tests.unit.given import ALICE, BRUNO, NOW, PARIS, REUNION

PASSWORD = "Rejoindre-2026!"
CHLOE = Identity(user_id="chloe", email="chloe@anne-frank.test")  # a MEMBER of Paris


@pytest.fixture
def fakes(fakes: Fakes) -> Fakes:
    alice = UserProfile(id=ALICE.user_id, email=ALICE.email, first_name="Alice", last_name="Zola")
    chloe = UserProfile(id=CHLOE.user_id, email=CHLOE.email, first_name="Chloé", last_name="Élie")
    fakes.users.put_profile(alice)
    fakes.users.put_membership(Membership.of(alice, PARIS, Role.ADMIN, NOW))
    fakes.users.put_membership(Membership.of(chloe, PARIS, Role.MEMBER, NOW))
    return fakes


def invite(deps: Dependencies, *emails: str, role: str = "MEMBER") -> invitations.Invited:
    return invitations.invite(
        deps, ALICE, PARIS.id, InvitationInput(emails=list(emails), role=role)
    )


def link_of(message: EmailMessage) -> tuple[str, str]:
    """The invitation id and code of the link in an e-mail's text."""
    [line] = [line for line in message.text.splitlines() if "/rejoindre?" in line]
    assert line.startswith(f"{WEB_ADDRESS}/rejoindre?")
    query = parse_qs(urlsplit(line.strip()).query)
    return query["invitation"][0], query["code"][0]


# --- the code --------------------------------------------------------------------------------


def test_a_code_is_random_long_and_url_safe() -> None:
    from random import SystemRandom

    codes = {new_code(SystemRandom()) for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert len(code) == 32  # 24 random bytes: 192 bits
        assert all(c.isalnum() or c in "-_" for c in code)


def test_only_the_codes_hash_is_stored_and_nothing_else_carries_it(
    deps: Dependencies, fakes: Fakes
) -> None:
    invite(deps, "Invitee@Anne-Frank.test ")
    [message] = fakes.mailer.sent
    _, code = link_of(message)
    [stored] = fakes.invitations.invitations.values()
    assert stored.code_hash == hash_code(code) and code not in stored.model_dump_json()
    assert all(code not in e.model_dump_json() for e in deps.events.list_for_center(PARIS.id))


def test_a_wrong_id_and_a_wrong_code_get_the_same_answer(deps: Dependencies, fakes: Fakes) -> None:
    invite(deps, "invitee@anne-frank.test")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    answers = []
    for wrong_id, wrong_code in (
        ("no-such-id", code),
        (invitation_id, code[:-1] + ("A" if code[-1] != "A" else "B")),
        (invitation_id, ""),
        (invitation_id, None),
        ("x" * 5000, code),
    ):
        with pytest.raises(errors.NotFound) as refused:
            invitations.show(deps, wrong_id, wrong_code)
        answers.append((refused.value.code, refused.value.message))
    assert len(set(answers)) == 1 and answers[0][0] == "INVITATION_NOT_FOUND"


def test_the_link_shows_the_center_the_address_the_role_and_the_expiry(
    deps: Dependencies, fakes: Fakes
) -> None:
    invite(deps, "invitee@anne-frank.test", role="ADMIN")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    view = invitations.show(deps, invitation_id, code)
    assert view.invitation.center.name == PARIS.name
    assert (view.invitation.email, view.invitation.role) == ("invitee@anne-frank.test", Role.ADMIN)
    assert view.invitation.expires_at == NOW + timedelta(days=7)
    assert view.account_exists is False


# --- the e-mail ------------------------------------------------------------------------------


def test_the_email_says_who_invites_to_which_center_as_what_until_when(
    deps: Dependencies, fakes: Fakes
) -> None:
    invite(deps, "invitee@anne-frank.test", role="ADMIN")
    [message] = fakes.mailer.sent
    assert message.to == ("invitee@anne-frank.test",)
    assert message.template == "invitation"
    assert PARIS.name in message.subject
    assert "Alice Zola vous invite" in message.text
    assert "en tant qu'administrateur" in message.text
    # 1 December 2026 at 08:00 UTC + 7 days, in Paris.
    assert "Il expire le 8 décembre 2026 à 9 h 00, heure de Paris (UTC+1)." in message.text


def test_the_inviters_name_comes_from_their_membership_without_another_read(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unread(user_id: str) -> object:
        raise AssertionError("the inviter's membership already carries their names")

    monkeypatch.setattr(fakes.users, "get_user", unread)
    invite(deps, "invitee@anne-frank.test")
    assert "Alice Zola vous invite" in fakes.mailer.sent[0].text


def test_a_membership_without_names_falls_back_on_the_profile_then_the_address(
    deps: Dependencies, fakes: Fakes
) -> None:
    # Given Alice's membership written before the team screens: no member snapshot
    bare = fakes.users.memberships[(ALICE.user_id, PARIS.id)]
    bare = bare.model_copy(update={"email": None, "first_name": None, "last_name": None})
    fakes.users.put_membership(bare)
    invite(deps, "one@anne-frank.test")
    assert "Alice Zola vous invite" in fakes.mailer.sent[-1].text
    fakes.users.profiles.pop(ALICE.user_id)
    invite(deps, "two@anne-frank.test")
    assert f"{ALICE.email} vous invite" in fakes.mailer.sent[-1].text


def test_french_dates_in_the_centers_timezone() -> None:
    moment = datetime(2026, 12, 1, 6, 5, tzinfo=UTC)
    assert french_moment(moment, "Europe/Paris") == "1er décembre 2026 à 7 h 05"
    assert french_moment(moment, "Indian/Reunion") == "1er décembre 2026 à 10 h 05"
    assert french_moment(datetime(2027, 2, 8, 22, 0, tzinfo=UTC), "Europe/Paris") == (
        "8 février 2027 à 23 h 00"
    )


def test_a_failed_send_keeps_the_invitation_pending(deps: Dependencies, fakes: Fakes) -> None:
    fakes.mailer.failing = True
    [item] = invite(deps, "invitee@anne-frank.test").items
    assert item.email_sent is False and item.invitation.status is InvitationStatus.PENDING
    fakes.mailer.failing = False
    again = invitations.resend(deps, ALICE, PARIS.id, item.invitation.id)
    assert again.email_sent is True and len(fakes.mailer.sent) == 1


def test_without_a_web_address_nothing_is_sent_but_the_invitation_is_kept(
    fakes: Fakes,
) -> None:
    deps = fakes.dependencies(web_address=None)
    [item] = invite(deps, "invitee@anne-frank.test").items
    assert item.email_sent is False and fakes.mailer.sent == []
    assert invitations.list_pending(deps, ALICE, PARIS.id) == [item.invitation]


# --- inviting --------------------------------------------------------------------------------


def test_addresses_are_normalized_folded_and_members_skipped(
    deps: Dependencies, fakes: Fakes
) -> None:
    invited = invite(
        deps,
        " Invitee@Anne-Frank.TEST",
        "invitee@anne-frank.test",
        "CHLOE@anne-frank.test",
        "autre@anne-frank.test",
    )
    assert [i.invitation.email for i in invited.items] == [
        "invitee@anne-frank.test",
        "autre@anne-frank.test",
    ]
    assert invited.skipped == ["chloe@anne-frank.test"]
    assert sorted(m.to[0] for m in fakes.mailer.sent) == [
        "autre@anne-frank.test",
        "invitee@anne-frank.test",
    ]
    actions = [e.action for e in deps.events.list_for_center(PARIS.id)]
    assert actions == [AuditAction.INVITATION_SENT] * 2


def test_faulty_addresses_are_named_and_nothing_is_sent(deps: Dependencies, fakes: Fakes) -> None:
    with pytest.raises(errors.RuleViolation) as refused:
        invite(deps, "ok@anne-frank.test", "pas-une-adresse", "a@b", " ", "x@y..fr")
    fields = {d.field: d.message for d in refused.value.details}
    assert set(fields) == {"emails[1]", "emails[2]", "emails[3]", "emails[4]"}
    assert "pas-une-adresse" in fields["emails[1]"]
    assert fakes.mailer.sent == [] and fakes.invitations.invitations == {}


def test_one_to_one_hundred_addresses(deps: Dependencies, fakes: Fakes) -> None:
    for emails in ([], [f"p{n}@anne-frank.test" for n in range(101)]):
        with pytest.raises(errors.RuleViolation) as refused:
            invite(deps, *emails)
        assert refused.value.details[0].field == "emails"
    assert len(invite(deps, *[f"p{n}@anne-frank.test" for n in range(100)]).items) == 100


def test_a_role_is_required(deps: Dependencies) -> None:
    with pytest.raises(errors.RuleViolation) as refused:
        invitations.invite(
            deps, ALICE, PARIS.id, InvitationInput(emails=["a@anne-frank.test"], role="CHEF")
        )
    assert [d.field for d in refused.value.details] == ["role"]


def test_only_admins_invite_and_see_invitations(deps: Dependencies) -> None:
    form = InvitationInput(emails=["a@anne-frank.test"], role="MEMBER")
    with pytest.raises(errors.Forbidden):
        invitations.invite(deps, CHLOE, PARIS.id, form)
    with pytest.raises(errors.Forbidden):
        invitations.list_pending(deps, CHLOE, PARIS.id)
    with pytest.raises(errors.NotFound):
        invitations.invite(deps, BRUNO, PARIS.id, form)


def test_inviting_a_pending_address_again_renews_its_invitation(
    deps: Dependencies, fakes: Fakes
) -> None:
    [first] = invite(deps, "invitee@anne-frank.test").items
    old_id, old_code = link_of(fakes.mailer.sent[0])
    fakes.clock.now = NOW + timedelta(days=6)
    [again] = invite(deps, "invitee@anne-frank.test", role="ADMIN").items
    new_id, new_code_ = link_of(fakes.mailer.sent[1])
    assert again.invitation.id == first.invitation.id == old_id == new_id
    assert again.invitation.role is Role.ADMIN
    assert again.invitation.expires_at == NOW + timedelta(days=6) + INVITATION_VALIDITY
    assert len(invitations.list_pending(deps, ALICE, PARIS.id)) == 1
    with pytest.raises(errors.NotFound):
        invitations.show(deps, old_id, old_code)  # the old link stopped working
    assert invitations.show(deps, new_id, new_code_).invitation.role is Role.ADMIN
    actions = [e.action for e in deps.events.list_for_center(PARIS.id)]
    assert actions == [AuditAction.INVITATION_SENT, AuditAction.INVITATION_RESENT]


# --- expiry, resend, cancel ------------------------------------------------------------------


def test_an_invitation_expires_after_7_days_and_a_resend_revives_it(
    deps: Dependencies, fakes: Fakes
) -> None:
    [item] = invite(deps, "invitee@anne-frank.test").items
    invitation_id, code = link_of(fakes.mailer.sent[0])
    fakes.clock.now = NOW + INVITATION_VALIDITY - timedelta(seconds=1)
    invitations.show(deps, invitation_id, code)
    fakes.clock.now = NOW + INVITATION_VALIDITY
    with pytest.raises(errors.Gone) as refused:
        invitations.show(deps, invitation_id, code)
    assert refused.value.code == "INVITATION_EXPIRED"
    with pytest.raises(errors.Gone):
        invitations.accept(deps, invitation_id, _new_account(code), None)
    # Still listed for the admin, marked expired, and resending starts 7 new days.
    [listed] = invitations.list_pending(deps, ALICE, PARIS.id)
    assert listed.is_expired(fakes.clock.now)
    sent = invitations.resend(deps, ALICE, PARIS.id, item.invitation.id)
    assert sent.invitation.expires_at == fakes.clock.now + INVITATION_VALIDITY
    _, fresh = link_of(fakes.mailer.sent[-1])
    assert invitations.show(deps, invitation_id, fresh).invitation.id == invitation_id


def test_a_cancelled_invitation_says_so_and_cannot_be_accepted(
    deps: Dependencies, fakes: Fakes
) -> None:
    [item] = invite(deps, "invitee@anne-frank.test").items
    invitation_id, code = link_of(fakes.mailer.sent[0])
    invitations.cancel(deps, ALICE, PARIS.id, item.invitation.id)
    invitations.cancel(deps, ALICE, PARIS.id, item.invitation.id)  # again: nothing changes
    with pytest.raises(errors.Gone) as refused:
        invitations.show(deps, invitation_id, code)
    assert refused.value.code == "INVITATION_CANCELLED"
    with pytest.raises(errors.Gone):
        invitations.accept(deps, invitation_id, _new_account(code), None)
    assert invitations.list_pending(deps, ALICE, PARIS.id) == []
    with pytest.raises(errors.NotFound):
        invitations.resend(deps, ALICE, PARIS.id, item.invitation.id)
    actions = [e.action for e in deps.events.list_for_center(PARIS.id)]
    assert actions == [AuditAction.INVITATION_SENT, AuditAction.INVITATION_CANCELLED]


def test_another_centers_admin_finds_no_invitation(deps: Dependencies, fakes: Fakes) -> None:
    [item] = invite(deps, "invitee@anne-frank.test").items
    fakes.users.put_membership(Membership(user_id=BRUNO.user_id, role=Role.ADMIN, center=REUNION))
    for call in (
        lambda: invitations.resend(deps, BRUNO, REUNION.id, item.invitation.id),
        lambda: invitations.cancel(deps, BRUNO, REUNION.id, item.invitation.id),
    ):
        with pytest.raises(errors.NotFound) as refused:
            call()
        assert refused.value.code == "INVITATION_NOT_FOUND"
    with pytest.raises(errors.NotFound) as outside:
        invitations.cancel(deps, BRUNO, PARIS.id, item.invitation.id)
    assert outside.value.code == "CENTER_NOT_FOUND"
    assert invitations.list_pending(deps, ALICE, PARIS.id)[0].status is InvitationStatus.PENDING


# --- accepting -------------------------------------------------------------------------------


def _new_account(code: str, password: str = PASSWORD) -> AcceptInput:
    return AcceptInput(code=code, first_name=" Inès ", last_name="Durand", password=password)


def test_a_new_account_is_created_with_the_chosen_password(
    deps: Dependencies, fakes: Fakes
) -> None:
    invite(deps, "invitee@anne-frank.test", role="ADMIN")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    joined = invitations.accept(deps, invitation_id, _new_account(code), None)
    assert (joined.center_id, joined.role) == (PARIS.id, "ADMIN")
    account = fakes.identity_provider.accounts["invitee@anne-frank.test"]
    assert fakes.identity_provider.passwords[account.email] == PASSWORD
    membership = fakes.users.get_membership(account.id, PARIS.id)
    assert membership is not None and membership.role is Role.ADMIN
    assert (membership.first_name, membership.last_name) == ("Inès", "Durand")
    assert membership.since == NOW
    [event] = [
        e
        for e in deps.events.list_for_center(PARIS.id)
        if e.action is AuditAction.INVITATION_ACCEPTED
    ]
    assert event.actor.id == account.id
    assert invitations.list_pending(deps, ALICE, PARIS.id) == []


def test_an_invitation_is_used_once(deps: Dependencies, fakes: Fakes) -> None:
    invite(deps, "invitee@anne-frank.test")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    invitations.accept(deps, invitation_id, _new_account(code), None)
    with pytest.raises(errors.Conflict) as refused:
        invitations.show(deps, invitation_id, code)
    assert refused.value.code == "INVITATION_ALREADY_USED"
    invitee = Identity(
        user_id=fakes.identity_provider.accounts["invitee@anne-frank.test"].id,
        email="invitee@anne-frank.test",
    )
    with pytest.raises(errors.Conflict) as again:
        invitations.accept(deps, invitation_id, AcceptInput(code=code), invitee)
    assert again.value.code == "INVITATION_ALREADY_USED"


def test_two_accepts_of_one_invitation_read_at_once_make_one_membership(
    deps: Dependencies, fakes: Fakes
) -> None:
    """The store's condition, whatever the use case read: the second write loses."""
    invite(deps, "invitee@anne-frank.test")
    [read] = fakes.invitations.invitations.values()
    profile = UserProfile(id="u1", email=read.email, first_name="I", last_name="D")
    membership = Membership.of(profile, PARIS, read.role, NOW)
    event = Audit(actor=Actor.system("t"), at=NOW).center_event(
        PARIS.id, AuditAction.INVITATION_ACCEPTED
    )
    fakes.invitations.accept(read, membership, event)
    other = membership.model_copy(update={"user_id": "u2"})
    with pytest.raises(errors.WriteConflict) as lost:
        fakes.invitations.accept(read, other, event)
    assert lost.value.what is errors.Conflicting.INVITATION
    assert fakes.users.get_membership("u2", PARIS.id) is None


def test_a_password_off_the_policy_creates_nothing(deps: Dependencies, fakes: Fakes) -> None:
    invite(deps, "invitee@anne-frank.test")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    with pytest.raises(errors.RuleViolation) as refused:
        invitations.accept(deps, invitation_id, _new_account(code, "court"), None)
    assert refused.value.code == "INVALID_PASSWORD"
    assert "12 caractères" in refused.value.message
    assert fakes.identity_provider.accounts == {}
    assert invitations.show(deps, invitation_id, code).invitation.status is (
        InvitationStatus.PENDING
    )


def test_a_new_account_needs_names_and_a_password(deps: Dependencies, fakes: Fakes) -> None:
    invite(deps, "invitee@anne-frank.test")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    with pytest.raises(errors.RuleViolation) as refused:
        invitations.accept(deps, invitation_id, AcceptInput(code=code), None)
    assert {d.field for d in refused.value.details} == {"first_name", "last_name", "password"}


def test_an_address_with_an_account_is_asked_to_sign_in_first(
    deps: Dependencies, fakes: Fakes
) -> None:
    fakes.identity_provider.create_user("invitee@anne-frank.test", "I", "D", "Temp-Pass-2026!")
    invite(deps, "invitee@anne-frank.test")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    assert invitations.show(deps, invitation_id, code).account_exists is True
    with pytest.raises(errors.Conflict) as refused:
        invitations.accept(deps, invitation_id, _new_account(code), None)
    assert refused.value.code == "ACCOUNT_ALREADY_EXISTS"
    assert "connectez-vous" in refused.value.message


def test_a_signed_in_account_of_the_invited_address_joins(deps: Dependencies, fakes: Fakes) -> None:
    # Bruno (La Réunion) is invited to Paris too, at his own address
    invite(deps, BRUNO.email, role="ADMIN")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    joined = invitations.accept(deps, invitation_id, AcceptInput(code=code), BRUNO)
    assert joined.center_id == PARIS.id
    both = {m.center.id for m in fakes.users.get_user(BRUNO.user_id)[1]}
    assert both == {PARIS.id, "c-reunion"}


def test_a_signed_in_account_of_another_address_is_refused(
    deps: Dependencies, fakes: Fakes
) -> None:
    invite(deps, "invitee@anne-frank.test")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    with pytest.raises(errors.Forbidden) as refused:
        invitations.accept(deps, invitation_id, AcceptInput(code=code), BRUNO)
    assert refused.value.code == "INVITATION_EMAIL_MISMATCH"
    assert fakes.users.get_membership(BRUNO.user_id, PARIS.id) is None


def test_a_member_already_is_told_so(deps: Dependencies, fakes: Fakes) -> None:
    # Given Chloé, already a member, was invited before she was added (her address is free)
    fakes.users.memberships.pop((CHLOE.user_id, PARIS.id))
    invite(deps, CHLOE.email)
    fakes.users.put_membership(
        Membership.of(
            UserProfile(id=CHLOE.user_id, email=CHLOE.email, first_name="C", last_name="E"),
            PARIS,
            Role.MEMBER,
            NOW,
        )
    )
    invitation_id, code = link_of(fakes.mailer.sent[0])
    with pytest.raises(errors.Conflict) as refused:
        invitations.accept(deps, invitation_id, AcceptInput(code=code), CHLOE)
    assert refused.value.code == "ALREADY_MEMBER"


# --- races and limits ------------------------------------------------------------------------


def test_a_resend_that_loses_to_an_accept_says_the_invitation_was_used(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The invitee accepts between the resend's read and its write: the resend is told the
    invitation was used, and no new invitation takes the accepted one's place."""
    [item] = invite(deps, "invitee@anne-frank.test").items
    invitation_id, code = link_of(fakes.mailer.sent[0])
    renew = fakes.invitations.replace

    def accepted_meanwhile(read: Invitation, invitation: Invitation, event: AuditEvent) -> None:
        monkeypatch.setattr(fakes.invitations, "replace", renew)
        invitations.accept(deps, invitation_id, _new_account(code), None)
        renew(read, invitation, event)

    monkeypatch.setattr(fakes.invitations, "replace", accepted_meanwhile)
    with pytest.raises(errors.Conflict) as refused:
        invitations.resend(deps, ALICE, PARIS.id, item.invitation.id)
    assert refused.value.code == "INVITATION_ALREADY_USED"
    [stored] = fakes.invitations.invitations.values()
    assert (stored.id, stored.status) == (item.invitation.id, InvitationStatus.ACCEPTED)
    assert len(fakes.mailer.sent) == 1
    actions = [e.action for e in deps.events.list_for_center(PARIS.id)]
    assert actions == [AuditAction.INVITATION_SENT, AuditAction.INVITATION_ACCEPTED]


def test_a_resend_that_loses_to_a_cancel_says_the_invitation_is_gone(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    [item] = invite(deps, "invitee@anne-frank.test").items
    renew = fakes.invitations.replace

    def cancelled_meanwhile(read: Invitation, invitation: Invitation, event: AuditEvent) -> None:
        monkeypatch.setattr(fakes.invitations, "replace", renew)
        invitations.cancel(deps, ALICE, PARIS.id, item.invitation.id)
        renew(read, invitation, event)

    monkeypatch.setattr(fakes.invitations, "replace", cancelled_meanwhile)
    with pytest.raises(errors.NotFound) as refused:
        invitations.resend(deps, ALICE, PARIS.id, item.invitation.id)
    assert refused.value.code == "INVITATION_NOT_FOUND"
    [stored] = fakes.invitations.invitations.values()
    assert (stored.id, stored.status) == (item.invitation.id, InvitationStatus.CANCELLED)
    assert invitations.list_pending(deps, ALICE, PARIS.id) == []


def test_an_invite_racing_another_admins_invite_renews_theirs(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another admin invites the same address between this invite's read and its write:
    theirs is read again and renewed, one invitation remains."""
    create = fakes.invitations.add

    def invited_meanwhile(invitation: Invitation, event: AuditEvent) -> None:
        monkeypatch.setattr(fakes.invitations, "add", create)
        invite(deps, "invitee@anne-frank.test")
        create(invitation, event)

    monkeypatch.setattr(fakes.invitations, "add", invited_meanwhile)
    [item] = invite(deps, "invitee@anne-frank.test", role="ADMIN").items
    [stored] = fakes.invitations.invitations.values()
    assert stored == item.invitation and stored.role is Role.ADMIN
    actions = [e.action for e in deps.events.list_for_center(PARIS.id)]
    assert actions == [AuditAction.INVITATION_SENT, AuditAction.INVITATION_RESENT]


def test_an_invite_that_keeps_losing_says_the_team_changed(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def always_lost(*args: object) -> None:
        raise errors.WriteConflict(errors.Conflicting.INVITATION)

    monkeypatch.setattr(fakes.invitations, "add", always_lost)
    with pytest.raises(errors.Conflict) as refused:
        invite(deps, "invitee@anne-frank.test")
    assert refused.value.code == "TEAM_CHANGED"
    assert fakes.mailer.sent == []


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_name_longer_than_255_characters_is_refused_before_any_account(
    deps: Dependencies, fakes: Fakes, field: str
) -> None:
    invite(deps, "invitee@anne-frank.test")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    form = _new_account(code).model_copy(update={field: "N" * 256})
    with pytest.raises(errors.RuleViolation) as refused:
        invitations.accept(deps, invitation_id, form, None)
    [detail] = refused.value.details
    assert (detail.field, detail.code) == (field, "TOO_LONG")
    assert "255 caractères" in detail.message
    assert fakes.identity_provider.accounts == {}
    assert invitations.show(deps, invitation_id, code).invitation.status is (
        InvitationStatus.PENDING
    )


def test_a_name_of_255_characters_is_kept(deps: Dependencies, fakes: Fakes) -> None:
    invite(deps, "invitee@anne-frank.test")
    invitation_id, code = link_of(fakes.mailer.sent[0])
    form = _new_account(code).model_copy(update={"last_name": " " + "N" * 255 + " "})
    invitations.accept(deps, invitation_id, form, None)
    assert fakes.identity_provider.accounts["invitee@anne-frank.test"].last_name == "N" * 255


def test_a_signed_in_account_without_profile_cannot_give_a_name_too_long(
    deps: Dependencies, fakes: Fakes
) -> None:
    stranger = Identity(user_id="no-profile", email="invitee@anne-frank.test")
    invite(deps, stranger.email)
    invitation_id, code = link_of(fakes.mailer.sent[0])
    form = AcceptInput(code=code, first_name="P" * 64_000)
    with pytest.raises(errors.RuleViolation) as refused:
        invitations.accept(deps, invitation_id, form, stranger)
    assert [(d.field, d.code) for d in refused.value.details] == [("first_name", "TOO_LONG")]
    assert fakes.users.get_user(stranger.user_id)[0] is None
    assert fakes.users.get_membership(stranger.user_id, PARIS.id) is None


def test_an_accept_that_loses_its_race_leaves_no_new_account(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The invitation is cancelled while the new account is being created: the account goes
    again, so that the person is not later told their address already has one."""
    [item] = invite(deps, "invitee@anne-frank.test").items
    invitation_id, code = link_of(fakes.mailer.sent[0])
    create = fakes.identity_provider.create_user_with_password

    def cancelled_meanwhile(email: str, first_name: str, last_name: str, password: str) -> str:
        invitations.cancel(deps, ALICE, PARIS.id, item.invitation.id)
        return create(email, first_name, last_name, password)

    monkeypatch.setattr(fakes.identity_provider, "create_user_with_password", cancelled_meanwhile)
    with pytest.raises(errors.Gone) as refused:
        invitations.accept(deps, invitation_id, _new_account(code), None)
    assert refused.value.code == "INVITATION_CANCELLED"
    assert fakes.identity_provider.accounts == {}
    assert fakes.identity_provider.find_user_id("invitee@anne-frank.test") is None


def test_an_accept_signed_in_that_loses_its_race_keeps_the_account(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    fakes.identity_provider.create_user(BRUNO.email, "Bruno", "B", "Temp-Pass-2026!")
    [item] = invite(deps, BRUNO.email).items
    invitation_id, code = link_of(fakes.mailer.sent[0])
    join = fakes.invitations.accept

    def cancelled_meanwhile(read: Invitation, membership: Membership, event: AuditEvent) -> None:
        invitations.cancel(deps, ALICE, PARIS.id, item.invitation.id)
        join(read, membership, event)

    monkeypatch.setattr(fakes.invitations, "accept", cancelled_meanwhile)
    with pytest.raises(errors.Gone):
        invitations.accept(deps, invitation_id, AcceptInput(code=code), BRUNO)
    assert fakes.identity_provider.find_user_id(BRUNO.email) is not None
