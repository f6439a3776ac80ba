"""Routes of the center's team (members, invitations, its audit trail) and of the public
invitation links: declarations only; the handlers are in functions/team/handlers.py."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)
HANDLERS = "functions.team.handlers"
CENTER = {404: ("CENTER_NOT_FOUND",)}
ADMIN_ONLY = {403: ("ADMIN_ROLE_REQUIRED",), **CENTER}
# Changing a member's role, removing a member or leaving: the same refusals.
MEMBER_CHANGE = {
    **ADMIN_ONLY,
    404: ("CENTER_NOT_FOUND", "MEMBER_NOT_FOUND"),
    409: ("LAST_ADMIN", "TEAM_CHANGED"),
}
LINK = {
    404: ("INVITATION_NOT_FOUND",),
    409: ("INVITATION_ALREADY_USED",),
    410: ("INVITATION_EXPIRED", "INVITATION_CANCELLED"),
}

route(
    blueprint,
    Route(
        "/centers/{center_id}/members",
        "GET",
        "ListMembers",
        f"{HANDLERS}:list_members",
        "The center's team, sorted by last name (any member)",
        errors=CENTER,
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/members/{user_id}",
        "PATCH",
        "ChangeMemberRole",
        f"{HANDLERS}:change_role",
        "Give a member a role (ADMIN only); the center keeps at least one administrator",
        errors=MEMBER_CHANGE,
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/members/{user_id}",
        "DELETE",
        "RemoveMember",
        f"{HANDLERS}:remove_member",
        "Remove a member (ADMIN), or leave the center (oneself); effective at the next request",
        errors=MEMBER_CHANGE,
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/events",
        "GET",
        "ListCenterEvents",
        f"{HANDLERS}:list_center_events",
        "The center's own audit trail (its team), oldest first (ADMIN only)",
        query=("page", "pageSize"),
        errors=ADMIN_ONLY,
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/invitations",
        "POST",
        "InviteMembers",
        f"{HANDLERS}:invite",
        "Invite 1 to 100 addresses by e-mail (ADMIN only): members skipped, pending "
        "invitations renewed",
        status=201,
        idempotent=True,
        errors={**ADMIN_ONLY, 409: ("TEAM_CHANGED",)},
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/invitations",
        "GET",
        "ListInvitations",
        f"{HANDLERS}:list_invitations",
        "The center's pending invitations, newest first (ADMIN only)",
        errors=ADMIN_ONLY,
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/invitations/{invitation_id}/resend",
        "POST",
        "ResendInvitation",
        f"{HANDLERS}:resend_invitation",
        "A new code, 7 new days and a new e-mail (ADMIN only); the previous link stops working",
        errors={
            **ADMIN_ONLY,
            404: ("CENTER_NOT_FOUND", "INVITATION_NOT_FOUND"),
            409: ("INVITATION_ALREADY_USED", "TEAM_CHANGED"),
        },
    ),
)
route(
    blueprint,
    Route(
        "/centers/{center_id}/invitations/{invitation_id}",
        "DELETE",
        "CancelInvitation",
        f"{HANDLERS}:cancel_invitation",
        "Cancel an invitation (ADMIN only): its link answers 410 INVITATION_CANCELLED",
        errors={
            **ADMIN_ONLY,
            404: ("CENTER_NOT_FOUND", "INVITATION_NOT_FOUND"),
            409: ("INVITATION_ALREADY_USED",),
        },
    ),
)
route(
    blueprint,
    Route(
        "/invitations/{invitation_id}",
        "GET",
        "GetInvitation",
        f"{HANDLERS}:show_invitation",
        "What an invitation link offers, with the link's code (a wrong id or code: 404)",
        public=True,
        query=("code",),
        errors=LINK,
    ),
)
route(
    blueprint,
    Route(
        "/invitations/{invitation_id}/accept",
        "POST",
        "AcceptInvitation",
        f"{HANDLERS}:accept_invitation",
        "Accept an invitation: a new account (names and password), or with an ID token the "
        "signed-in account of the invited address",
        public=True,
        security=("", "idToken"),
        idempotent=True,
        errors={
            **LINK,
            401: ("UNAUTHENTICATED",),
            403: ("INVITATION_EMAIL_MISMATCH",),
            409: ("INVITATION_ALREADY_USED", "ACCOUNT_ALREADY_EXISTS", "ALREADY_MEMBER"),
            422: ("INVALID_PASSWORD",),
            429: ("TOO_MANY_ATTEMPTS",),
        },
    ),
)
