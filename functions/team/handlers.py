"""/centers/{id}/members, /centers/{id}/invitations, /centers/{id}/events and the public
/invitations/{id}."""

from __future__ import annotations

from chalice.app import Request

from functions import wiring
from functions.sessions.schemas import EventOut
from functions.team.schemas import (
    AcceptBody,
    InvitationBody,
    InvitationOut,
    InvitationsOut,
    InvitedOut,
    JoinedOut,
    MemberOut,
    MembersOut,
    PublicInvitationOut,
    RoleBody,
    SentInvitationOut,
)
from shared.domain.people import Identity
from shared.services import invitations, team
from shared.web.request import header, page_request
from shared.web.schemas import PageBody


def list_members(identity: Identity, center_id: str) -> MembersOut:
    members = team.list_members(wiring.deps(), identity, center_id)
    return MembersOut(items=[MemberOut.of(m) for m in members])


def change_role(identity: Identity, center_id: str, user_id: str, body: RoleBody) -> MemberOut:
    return MemberOut.of(team.change_role(wiring.deps(), identity, center_id, user_id, body))


def remove_member(identity: Identity, center_id: str, user_id: str) -> None:
    team.remove_member(wiring.deps(), identity, center_id, user_id)


def list_center_events(identity: Identity, center_id: str, request: Request) -> PageBody[EventOut]:
    page = team.list_center_events(
        wiring.deps(), identity, center_id, page_request(request.query_params)
    )
    return PageBody[EventOut].of(page, [EventOut.of(e) for e in page.items])


def invite(identity: Identity, center_id: str, body: InvitationBody) -> InvitedOut:
    deps = wiring.deps()
    invited = invitations.invite(deps, identity, center_id, body)
    now = deps.clock()
    return InvitedOut(
        items=[SentInvitationOut.sent(sent, now) for sent in invited.items],
        skipped=invited.skipped,
    )


def list_invitations(identity: Identity, center_id: str) -> InvitationsOut:
    deps = wiring.deps()
    pending = invitations.list_pending(deps, identity, center_id)
    now = deps.clock()
    return InvitationsOut(items=[InvitationOut.of(i, now) for i in pending])


def resend_invitation(identity: Identity, center_id: str, invitation_id: str) -> SentInvitationOut:
    deps = wiring.deps()
    sent = invitations.resend(deps, identity, center_id, invitation_id)
    return SentInvitationOut.sent(sent, deps.clock())


def cancel_invitation(identity: Identity, center_id: str, invitation_id: str) -> None:
    invitations.cancel(wiring.deps(), identity, center_id, invitation_id)


def show_invitation(invitation_id: str, request: Request) -> PublicInvitationOut:
    query = request.query_params
    code = query.get("code") if query else None
    return PublicInvitationOut.of(invitations.show(wiring.deps(), invitation_id, code))


def accept_invitation(invitation_id: str, body: AcceptBody, request: Request) -> JoinedOut:
    # Public, or signed in: a token that is sent must be valid (401 otherwise).
    signed_in = header(request.headers, "authorization") is not None
    identity = wiring.authenticate(request.headers) if signed_in else None
    return JoinedOut.of(invitations.accept(wiring.deps(), invitation_id, body, identity))
