"""Invitations to a center's team: sent by its administrators by e-mail, accepted through
the link by the person invited — with a new account, or with the one they have (docs/team.md).

The code of a link is random (`deps.rng`), stored only as its SHA-256, compared in constant
time, and written nowhere but in the e-mail: no log, no answer, no event carries it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.domain.audit import Audit, AuditAction
from shared.domain.auth import check_password_policy
from shared.domain.email import compose
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.french import as_role, of_center, timezone_label
from shared.domain.people import Identity, Membership, UserProfile, normalize_email
from shared.domain.team import (
    ROLE_LABELS,
    UNKNOWN_CODE_HASH,
    AcceptInput,
    Invitation,
    InvitationInput,
    InvitationStatus,
    Invitee,
    account_already_exists,
    already_member,
    code_matches,
    french_moment,
    hash_code,
    invitation_addresses,
    invitation_already_used,
    invitation_email_mismatch,
    invitation_link,
    invitation_not_found,
    new_code,
    new_invitation,
    team_changed,
)
from shared.domain.validation import is_identifier
from shared.services.access import require_admin
from shared.services.dependencies import Dependencies
from shared.services.retry import WRITE_ATTEMPTS, retrying


class Sent(BaseModel):
    """An invitation just (re)sent, and whether its e-mail left: a failed send keeps the
    invitation pending, to be sent again."""

    model_config = ConfigDict(frozen=True)

    invitation: Invitation
    email_sent: bool


class Invited(BaseModel):
    model_config = ConfigDict(frozen=True)

    items: list[Sent]
    skipped: list[str]


class InvitationView(BaseModel):
    """What the link's owner may see of an invitation (public, with the code)."""

    model_config = ConfigDict(frozen=True)

    invitation: Invitation
    account_exists: bool


class Joined(BaseModel):
    model_config = ConfigDict(frozen=True)

    center_id: str
    role: str


def invite(
    deps: Dependencies, identity: Identity, center_id: str, form: InvitationInput
) -> Invited:
    """Invite up to 100 addresses with one role. A member's address is skipped (nothing
    sent); an address with a pending invitation gets it renewed (new code, 7 new days) and
    sent again; every other address gets a new invitation and its e-mail."""
    inviter = require_admin(deps.users, identity, center_id)
    addresses, role = invitation_addresses(form)
    members = {m.email for m in deps.users.list_members(center_id)}
    pending = {
        i.email: i
        for i in deps.invitations.list_for_center(center_id)
        if i.status is InvitationStatus.PENDING
    }
    sender: _Sender = (inviter, identity, _sender_name(deps, inviter, identity))
    items: list[Sent] = []
    for email in addresses:
        if email in members:
            continue
        invitee = Invitee(email=email, role=role)
        items.append(_invite_one(deps, sender, invitee, pending.get(email)))
    return Invited(items=items, skipped=[e for e in addresses if e in members])


def list_pending(deps: Dependencies, identity: Identity, center_id: str) -> list[Invitation]:
    """The center's pending invitations (expired ones included, to be resent), newest
    first."""
    require_admin(deps.users, identity, center_id)
    found = deps.invitations.list_for_center(center_id)
    pending = [i for i in found if i.status is InvitationStatus.PENDING]
    return sorted(pending, key=lambda i: (i.created_at, i.email), reverse=True)


def resend(deps: Dependencies, identity: Identity, center_id: str, invitation_id: str) -> Sent:
    """A new code, 7 new days and a new e-mail; the previous link stops working."""
    inviter = require_admin(deps.users, identity, center_id)
    sender: _Sender = (inviter, identity, _sender_name(deps, inviter, identity))

    def attempt() -> Sent:
        # Read again by its id at every round: one accepted or cancelled meanwhile says so.
        invitation = _pending_of_center(deps, center_id, invitation_id)
        invitee = Invitee(email=invitation.email, role=invitation.role)
        return _send_one(deps, sender, invitee, invitation)

    return retrying(attempt, _lost_race)


def cancel(deps: Dependencies, identity: Identity, center_id: str, invitation_id: str) -> None:
    """The link stops working (410 INVITATION_CANCELLED). Cancelling again changes nothing."""
    require_admin(deps.users, identity, center_id)

    def attempt() -> None:
        invitation = _of_center(deps, center_id, invitation_id)
        if invitation.status is InvitationStatus.CANCELLED:
            return
        if invitation.status is InvitationStatus.ACCEPTED:
            raise invitation_already_used()
        now = deps.clock()
        event = Audit.by(identity, now).center_event(
            center_id, AuditAction.INVITATION_CANCELLED, _what(invitation)
        )
        deps.invitations.replace(invitation, invitation.cancelled(now), event)

    retrying(attempt, _lost_race)


def show(deps: Dependencies, invitation_id: str, code: str | None) -> InvitationView:
    """Public, with the link's code: a wrong id and a wrong code get the same 404; then what
    became of it (used 409, cancelled or expired 410)."""
    invitation = _with_code(deps, invitation_id, code)
    invitation.ensure_usable(deps.clock())
    exists = deps.identity_provider.find_user_id(invitation.email) is not None
    return InvitationView(invitation=invitation, account_exists=exists)


def accept(
    deps: Dependencies, invitation_id: str, form: AcceptInput, identity: Identity | None
) -> Joined:
    """With an ID token (`identity`): the signed-in address must be the invited one (403
    INVITATION_EMAIL_MISMATCH) and the membership is added to that account. Without one: a
    new account is created with the names and the password the person chose — an address
    that already has an account is told to sign in first. Used once, even by two requests at
    the same moment (the invitation's PENDING → ACCEPTED and the membership are one
    transaction)."""
    invitation = _with_code(deps, invitation_id, form.code)
    invitation.ensure_usable(deps.clock())
    form.check_names()
    if identity is not None:
        if normalize_email(identity.email) != invitation.email:
            raise invitation_email_mismatch()
        profile = _profile_of(deps, identity, form)
    else:
        profile = _new_account(deps, invitation, form)
    if deps.users.get_membership(profile.id, invitation.center.id) is not None:
        raise already_member()
    now = deps.clock()
    membership = Membership.of(profile, invitation.center, invitation.role, now)
    actor = Identity(user_id=profile.id, email=profile.email)
    event = Audit.by(actor, now).center_event(
        invitation.center.id, AuditAction.INVITATION_ACCEPTED, _what(invitation)
    )
    try:
        deps.invitations.accept(invitation, membership, event)
    except WriteConflict as conflict:
        if identity is None:
            # The account was created for this invitation only: it goes with it, so that
            # the person is not told later that their address already has an account.
            deps.identity_provider.delete_user(invitation.email)
        if conflict.what is Conflicting.MEMBERSHIP:
            raise already_member() from conflict
        # Used, cancelled or renewed meanwhile: say what it has become.
        _with_code(deps, invitation_id, form.code).ensure_usable(now)
        raise invitation_already_used() from conflict
    return Joined(center_id=invitation.center.id, role=invitation.role.value)


# --- helpers ---------------------------------------------------------------------------------

# Who sends: the inviter's membership and identity, and the name the e-mail shows.
_Sender = tuple[Membership, Identity, str]


def _invite_one(
    deps: Dependencies, sender: _Sender, invitee: Invitee, pending: Invitation | None
) -> Sent:
    """Another admin inviting the same address at the same moment: theirs is read again and
    renewed."""
    for round_number in range(WRITE_ATTEMPTS):
        if round_number:
            pending = _pending_for(deps, sender[0].center.id, invitee.email)
        try:
            return _send_one(deps, sender, invitee, pending)
        except WriteConflict:
            continue
    raise team_changed()


def _send_one(
    deps: Dependencies, sender: _Sender, invitee: Invitee, pending: Invitation | None
) -> Sent:
    """Create or renew the invitation (with its event), then e-mail its new code. One
    attempt: a lost race (WriteConflict) is the caller's to judge — a resend must not bring
    back an invitation accepted or cancelled meanwhile."""
    code = new_code(deps.rng)
    invitation = _write(deps, sender, invitee, pending, code)
    return Sent(invitation=invitation, email_sent=_email(deps, sender, invitation, code))


def _write(
    deps: Dependencies, sender: _Sender, invitee: Invitee, pending: Invitation | None, code: str
) -> Invitation:
    inviter, identity, _ = sender
    now = deps.clock()
    audit = Audit.by(identity, now)
    if pending is None:
        invitation = new_invitation(deps.new_id(), inviter, invitee, code, now)
        event = audit.center_event(
            inviter.center.id, AuditAction.INVITATION_SENT, _what(invitation)
        )
        deps.invitations.add(invitation, event)
    else:
        invitation = pending.renewed(hash_code(code), invitee.role, now)
        event = audit.center_event(
            inviter.center.id, AuditAction.INVITATION_RESENT, _what(invitation)
        )
        deps.invitations.replace(pending, invitation, event)
    return invitation


def _email(deps: Dependencies, sender: _Sender, invitation: Invitation, code: str) -> bool:
    """False when the e-mail could not leave (the mailer logs why, without the address), or
    when no web address is configured to link to."""
    if not deps.web_address:
        return False
    center = invitation.center
    message = compose(
        "invitation",
        (invitation.email,),
        {
            "of_center": of_center(center.name),
            "inviter_name": sender[2],
            "as_role": as_role(ROLE_LABELS[invitation.role]),
            "link": invitation_link(deps.web_address, invitation.id, code),
            "expires_on": french_moment(invitation.expires_at, center.timezone),
            "expires_zone": timezone_label(center.timezone, invitation.expires_at),
        },
    )
    return deps.mailer.send(message)


def _sender_name(deps: Dependencies, inviter: Membership, identity: Identity) -> str:
    """The names of the inviter's membership (its snapshot, already read); their profile is
    read only when the snapshot has none, and their address stands in for a nameless one."""
    name = " ".join(n for n in (inviter.first_name, inviter.last_name) if n).strip()
    if name:
        return name
    profile, _ = deps.users.get_user(identity.user_id)
    if profile is not None:
        name = f"{profile.first_name} {profile.last_name}".strip()
        if name:
            return name
    return identity.email


def _pending_for(deps: Dependencies, center_id: str, email: str) -> Invitation | None:
    found = deps.invitations.list_for_center(center_id)
    return next(
        (i for i in found if i.email == email and i.status is InvitationStatus.PENDING), None
    )


def _of_center(deps: Dependencies, center_id: str, invitation_id: str) -> Invitation:
    invitation = deps.invitations.get(invitation_id) if is_identifier(invitation_id) else None
    if invitation is None or invitation.center.id != center_id:
        raise invitation_not_found()
    return invitation


def _pending_of_center(deps: Dependencies, center_id: str, invitation_id: str) -> Invitation:
    invitation = _of_center(deps, center_id, invitation_id)
    if invitation.status is InvitationStatus.ACCEPTED:
        raise invitation_already_used()
    if invitation.status is InvitationStatus.CANCELLED:
        raise invitation_not_found()
    return invitation


def _with_code(deps: Dependencies, invitation_id: str, code: str | None) -> Invitation:
    invitation = deps.invitations.get(invitation_id) if is_identifier(invitation_id) else None
    # The code is compared even when there is no invitation, so that both answers take the
    # same time: a wrong id and a wrong code cannot be told apart.
    stored = invitation.code_hash if invitation is not None else UNKNOWN_CODE_HASH
    matches = code_matches(code, stored)
    if invitation is None or not matches:
        raise invitation_not_found()
    return invitation


def _profile_of(deps: Dependencies, identity: Identity, form: AcceptInput) -> UserProfile:
    profile, _ = deps.users.get_user(identity.user_id)
    if profile is not None:
        return profile
    # An account without a profile yet (created outside the application): take the names
    # given, if any, and keep them.
    profile = UserProfile(
        id=identity.user_id,
        email=normalize_email(identity.email),
        first_name=(form.first_name or "").strip(),
        last_name=(form.last_name or "").strip(),
    )
    deps.users.put_profile(profile)
    return profile


def _new_account(deps: Dependencies, invitation: Invitation, form: AcceptInput) -> UserProfile:
    form.require_new_account()
    if deps.identity_provider.find_user_id(invitation.email) is not None:
        raise account_already_exists()
    password = form.password or ""
    check_password_policy(password)
    first_name = (form.first_name or "").strip()
    last_name = (form.last_name or "").strip()
    user_id = deps.identity_provider.create_user_with_password(
        invitation.email, first_name, last_name, password
    )
    profile = UserProfile(
        id=user_id, email=invitation.email, first_name=first_name, last_name=last_name
    )
    deps.users.put_profile(profile)
    return profile


def _lost_race(conflict: WriteConflict, last: bool) -> None:
    if last:
        raise invitation_already_used() from conflict


def _what(invitation: Invitation) -> dict[str, str]:
    return {
        "invitationId": invitation.id,
        "email": invitation.email,
        "role": invitation.role.value,
    }
