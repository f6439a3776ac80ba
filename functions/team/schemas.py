from __future__ import annotations

from datetime import datetime

from shared.domain.people import Membership
from shared.domain.team import AcceptInput, Invitation, InvitationInput, RoleInput
from shared.services.invitations import InvitationView, Joined, Sent
from shared.web.schemas import RequestBody, ResponseBody


class RoleBody(RequestBody, RoleInput):
    """A member's new role: ADMIN or MEMBER."""


class InvitationBody(RequestBody, InvitationInput):
    """1 to 100 addresses, one role for all."""


class AcceptBody(RequestBody, AcceptInput):
    """`code` always; `firstName`, `lastName` and `password` for a new account (without an ID
    token)."""


class MemberOut(ResponseBody):
    user_id: str
    email: str
    first_name: str
    last_name: str
    role: str
    # When the membership began; null for memberships older than the team screens.
    since: datetime | None

    @classmethod
    def of(cls, membership: Membership) -> MemberOut:
        return cls(
            user_id=membership.user_id,
            email=membership.email or "",
            first_name=membership.first_name or "",
            last_name=membership.last_name or "",
            role=membership.role.value,
            since=membership.since,
        )


class MembersOut(ResponseBody):
    items: list[MemberOut]


class InvitationOut(ResponseBody):
    id: str
    email: str
    role: str
    status: str
    created_at: datetime
    expires_at: datetime
    # Past its expiry while still PENDING: resending it starts 7 new days.
    expired: bool

    @classmethod
    def of(cls, invitation: Invitation, now: datetime) -> InvitationOut:
        return cls(
            id=invitation.id,
            email=invitation.email,
            role=invitation.role.value,
            status=invitation.status.value,
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
            expired=invitation.is_expired(now),
        )


class SentInvitationOut(InvitationOut):
    # False when the e-mail could not be sent: the invitation stays pending, resend it.
    email_sent: bool

    @classmethod
    def sent(cls, sent: Sent, now: datetime) -> SentInvitationOut:
        base = InvitationOut.of(sent.invitation, now)
        return cls(**base.model_dump(), email_sent=sent.email_sent)


class InvitedOut(ResponseBody):
    items: list[SentInvitationOut]
    # Addresses of people already members: nothing was sent to them.
    skipped: list[str]


class InvitationsOut(ResponseBody):
    items: list[InvitationOut]


class PublicInvitationOut(ResponseBody):
    center_name: str
    email: str
    role: str
    expires_at: datetime
    # Whether the invited address already has an account: sign in, or create one.
    account_exists: bool

    @classmethod
    def of(cls, view: InvitationView) -> PublicInvitationOut:
        invitation = view.invitation
        return cls(
            center_name=invitation.center.name,
            email=invitation.email,
            role=invitation.role.value,
            expires_at=invitation.expires_at,
            account_exists=view.account_exists,
        )


class JoinedOut(ResponseBody):
    center_id: str
    role: str

    @classmethod
    def of(cls, joined: Joined) -> JoinedOut:
        return cls(center_id=joined.center_id, role=joined.role)
