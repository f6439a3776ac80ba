"""The center's team over HTTP, on moto: roles enforced on every route of the contract, the
last administrator kept even when two admins demote each other at once, removed members
locked out at their very next request, and invitations that really arrive by e-mail (moto's
SES) and really create a Cognito account that can log in."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from functions import wiring
from shared.adapters import aws
from shared.adapters.dynamo import keys
from shared.adapters.dynamo.items import to_item
from shared.domain.errors import DomainError
from shared.domain.people import Identity, Membership, Role
from shared.domain.team import AcceptInput, RoleInput
from shared.services import invitations as invitation_service
from shared.services import team as team_service
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, NOW, PIX_STAFF, Api
from tests.integration.test_ses_mail import sent_by_moto

ANNE_FRANK = "c-anne-frank"
LECONTE = "c-leconte-de-lisle"
MEMBER = "member@anne-frank.test"
WEB = "http://127.0.0.1:8080"
CHOSEN_PASSWORD = "Mon-Choix-2026!"
SESSION = {
    "address": "Collège Anne Frank",
    "room": "Salle 1",
    "date": "2026-12-14",
    "time": "09:00",
    "examiner": "M. Surveillant",
}


@pytest.fixture
def team(demo: Settings) -> Settings:
    """The demo data, with the web front end's address for the invitations' links; the
    e-mails of the seeding itself (the demo's invitation) are left out of moto's outbox."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    ses_backends[DEFAULT_ACCOUNT_ID][demo.region].sent_messages.clear()
    wiring.override(web_address=WEB)
    return demo


def members(api: Api, who: str = ANNE_FRANK_ADMIN, center: str = ANNE_FRANK) -> list[Any]:
    answer = api.as_user(who, "GET", f"/centers/{center}/members")
    assert answer.status_code == 200, answer.body
    items: list[Any] = answer.json_body["items"]
    return items


def user_id(api: Api, email: str) -> str:
    return str(next(m["userId"] for m in members(api) if m["email"] == email))


def links(stack: Settings) -> list[tuple[str, str, str]]:
    """(to, invitation id, code) of every invitation e-mail moto's SES received."""
    found = []
    for mail in sent_by_moto(stack):
        text = mail.get_body(preferencelist=("plain",))
        assert text is not None
        content = text.get_content().replace("\r\n", "\n")
        match = re.search(r"^(http\S+/rejoindre\?\S+)$", content, re.MULTILINE)
        assert match, content
        link = match.group(1)
        assert link.startswith(f"{WEB}/rejoindre?invitation=")
        query = parse_qs(urlsplit(link).query)
        found.append((str(mail["To"]), query["invitation"][0], query["code"][0]))
    return found


def invite(api: Api, *emails: str, role: str = "MEMBER", who: str = ANNE_FRANK_ADMIN) -> Any:
    answer = api.as_user(
        who, "POST", f"/centers/{ANNE_FRANK}/invitations", {"emails": list(emails), "role": role}
    )
    assert answer.status_code == 201, answer.body
    return answer.json_body


# --- roles -----------------------------------------------------------------------------------


def test_any_member_sees_the_team_sorted_by_last_name(team: Settings, api: Api) -> None:
    listed = members(api, MEMBER)
    assert [(m["lastName"], m["role"]) for m in listed] == [
        ("Curie", "MEMBER"),
        ("Eluard", "ADMIN"),
    ]
    assert set(listed[0]) == {"userId", "email", "firstName", "lastName", "role", "since"}
    assert listed[0]["email"] == MEMBER and listed[0]["since"].endswith("Z")


def test_a_member_gets_403_on_admin_routes_and_works_on_sessions(team: Settings, api: Api) -> None:
    admin_id = user_id(api, ANNE_FRANK_ADMIN)
    refused = [
        ("PATCH", f"/centers/{ANNE_FRANK}/members/{admin_id}", {"role": "MEMBER"}),
        ("DELETE", f"/centers/{ANNE_FRANK}/members/{admin_id}", None),
        ("POST", f"/centers/{ANNE_FRANK}/invitations", {"emails": ["a@b.fr"], "role": "MEMBER"}),
        ("GET", f"/centers/{ANNE_FRANK}/invitations", None),
        ("POST", f"/centers/{ANNE_FRANK}/invitations/x/resend", None),
        ("DELETE", f"/centers/{ANNE_FRANK}/invitations/x", None),
        ("GET", f"/centers/{ANNE_FRANK}/events", None),
    ]
    for method, path, body in refused:
        answer = api.as_user(MEMBER, method, path, body)
        assert answer.status_code == 403, (method, path, answer.body)
        assert answer.json_body == {
            "code": "ADMIN_ROLE_REQUIRED",
            "message": "Seul un administrateur du centre peut faire cela.",
        }
    roster = api.as_user(
        MEMBER,
        "POST",
        f"/centers/{ANNE_FRANK}/students/import",
        raw="nom;prenom\n",
        headers={"Content-Type": "text/csv"},
    )
    assert roster.status_code == 403 and roster.json_body["code"] == "ADMIN_ROLE_REQUIRED"
    # Any member runs sessions.
    created = api.as_user(MEMBER, "POST", f"/centers/{ANNE_FRANK}/sessions", SESSION)
    assert created.status_code == 201, created.body
    assert api.as_user(MEMBER, "GET", f"/sessions/{created.json_body['id']}").status_code == 200


def test_another_centers_admin_and_pix_staff_get_404(team: Settings, api: Api) -> None:
    member_id = user_id(api, MEMBER)
    for who in (LECONTE_ADMIN, PIX_STAFF):
        for method, path, body in (
            ("GET", f"/centers/{ANNE_FRANK}/members", None),
            ("PATCH", f"/centers/{ANNE_FRANK}/members/{member_id}", {"role": "ADMIN"}),
            ("DELETE", f"/centers/{ANNE_FRANK}/members/{member_id}", None),
            ("GET", f"/centers/{ANNE_FRANK}/invitations", None),
            ("POST", f"/centers/{ANNE_FRANK}/invitations", {"emails": ["a@b.fr"], "role": "ADMIN"}),
            ("GET", f"/centers/{ANNE_FRANK}/events", None),
        ):
            answer = api.as_user(who, method, path, body)
            assert answer.status_code == 404, (who, method, path, answer.body)
            assert answer.json_body["code"] == "CENTER_NOT_FOUND"
    assert [m["role"] for m in members(api)] == ["MEMBER", "ADMIN"]


def test_an_admin_promotes_then_steps_down_and_the_trail_says_so(team: Settings, api: Api) -> None:
    member_id, admin_id = user_id(api, MEMBER), user_id(api, ANNE_FRANK_ADMIN)
    path = f"/centers/{ANNE_FRANK}/members"
    promoted = api.as_user(ANNE_FRANK_ADMIN, "PATCH", f"{path}/{member_id}", {"role": "ADMIN"})
    assert promoted.status_code == 200, promoted.body
    assert promoted.json_body["role"] == "ADMIN" and promoted.json_body["email"] == MEMBER
    stepped = api.as_user(ANNE_FRANK_ADMIN, "PATCH", f"{path}/{admin_id}", {"role": "MEMBER"})
    assert stepped.status_code == 200, stepped.body
    # Now the former member is the only admin: she cannot step down.
    last = api.as_user(MEMBER, "PATCH", f"{path}/{member_id}", {"role": "MEMBER"})
    assert last.status_code == 409
    assert last.json_body == {
        "code": "LAST_ADMIN",
        "message": "Le centre doit garder au moins un administrateur.",
    }
    trail = api.as_user(MEMBER, "GET", f"/centers/{ANNE_FRANK}/events?pageSize=100").json_body
    changes = [
        (e["action"], e["actor"]["label"], e["changes"]["role"])
        for e in trail["items"]
        if e["action"] == "MEMBER_ROLE_CHANGED"
    ]
    assert changes == [
        ("MEMBER_ROLE_CHANGED", ANNE_FRANK_ADMIN, {"from": "MEMBER", "to": "ADMIN"}),
        ("MEMBER_ROLE_CHANGED", ANNE_FRANK_ADMIN, {"from": "ADMIN", "to": "MEMBER"}),
    ]
    bad = api.as_user(MEMBER, "PATCH", f"{path}/{admin_id}", {"role": "OWNER"})
    assert bad.status_code == 422 and bad.json_body["details"][0]["field"] == "role"
    unknown = api.as_user(MEMBER, "PATCH", f"{path}/{admin_id}", {"role": "ADMIN", "x": 1})
    assert unknown.status_code == 422 and unknown.json_body["code"] == "UNKNOWN_FIELD"


def test_the_last_admin_cannot_be_removed_nor_leave(team: Settings, api: Api) -> None:
    admin_id = user_id(api, ANNE_FRANK_ADMIN)
    answer = api.as_user(ANNE_FRANK_ADMIN, "DELETE", f"/centers/{ANNE_FRANK}/members/{admin_id}")
    assert answer.status_code == 409 and answer.json_body["code"] == "LAST_ADMIN"
    assert len(members(api)) == 2


def test_a_removed_member_is_locked_out_at_the_very_next_request(team: Settings, api: Api) -> None:
    # Given the member created a session and holds a valid ID token
    session = api.as_user(MEMBER, "POST", f"/centers/{ANNE_FRANK}/sessions", SESSION).json_body
    assert api.as_user(MEMBER, "GET", f"/centers/{ANNE_FRANK}").status_code == 200

    # When an admin removes her
    member_id = user_id(api, MEMBER)
    removed = api.as_user(ANNE_FRANK_ADMIN, "DELETE", f"/centers/{ANNE_FRANK}/members/{member_id}")
    assert removed.status_code == 204, removed.body

    # Then her very next requests, with the same token, find nothing
    for path in (
        f"/centers/{ANNE_FRANK}",
        f"/centers/{ANNE_FRANK}/sessions",
        f"/sessions/{session['id']}",
        f"/sessions/{session['id']}/candidates",
        f"/centers/{ANNE_FRANK}/members",
    ):
        answer = api.as_user(MEMBER, "GET", path)
        assert answer.status_code == 404, (path, answer.body)
    assert api.as_user(MEMBER, "GET", "/me").json_body["memberships"] == []
    events = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/{ANNE_FRANK}/events").json_body
    assert [e["action"] for e in events["items"]][-1] == "MEMBER_REMOVED"


def test_a_member_leaves_and_the_trail_says_so(team: Settings, api: Api) -> None:
    member_id = user_id(api, MEMBER)
    left = api.as_user(MEMBER, "DELETE", f"/centers/{ANNE_FRANK}/members/{member_id}")
    assert left.status_code == 204, left.body
    events = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/{ANNE_FRANK}/events").json_body
    [event] = [e for e in events["items"] if e["action"] == "MEMBER_LEFT"]
    assert event["actor"]["label"] == MEMBER and event["changes"]["email"] == MEMBER
    assert events["page"] == 1 and events["total"] >= 2  # the demo's invitation first


def _at_once(calls: list[Callable[[], object]]) -> list[str]:
    """Run the use cases in threads released together (as the adapters' other concurrency
    tests do); each answer is "ok" or the code of the domain error raised."""
    barrier = threading.Barrier(len(calls))
    answers: list[str] = []
    failures: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            call()
            answers.append("ok")
        except DomainError as refused:
            answers.append(refused.code)
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return sorted(answers)


@pytest.mark.parametrize("change", ["demote", "remove"])
def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    team: Settings, api: Api, change: str
) -> None:
    deps = wiring.deps()
    people = {
        email: Identity(user_id=user_id(api, email), email=email)
        for email in (ANNE_FRANK_ADMIN, MEMBER)
    }
    profiles = {who.email: deps.users.get_user(who.user_id)[0] for who in people.values()}
    center = deps.centers.get_center(ANNE_FRANK)
    assert center is not None
    for _ in range(6):
        # Given two admins
        for profile in profiles.values():
            assert profile is not None
            deps.users.put_membership(Membership.of(profile, center, Role.ADMIN, NOW))

        # When each demotes (or removes) the other at the same moment
        def act(who: Identity, target: Identity) -> Callable[[], object]:
            if change == "demote":
                return lambda: team_service.change_role(
                    deps, who, ANNE_FRANK, target.user_id, RoleInput(role="MEMBER")
                )
            return lambda: team_service.remove_member(deps, who, ANNE_FRANK, target.user_id)

        admin, member = people[ANNE_FRANK_ADMIN], people[MEMBER]
        answers = _at_once([act(admin, member), act(member, admin)])

        # Then one change went through, the other was refused, and one admin remains
        assert answers[0] in {"ADMIN_ROLE_REQUIRED", "CENTER_NOT_FOUND", "LAST_ADMIN"}, answers
        assert answers[1] == "ok", answers
        roles = [m.role for m in deps.users.list_members(ANNE_FRANK)]
        assert roles.count(Role.ADMIN) == 1, roles
    trail = deps.events.list_for_center(ANNE_FRANK)
    expected = "MEMBER_ROLE_CHANGED" if change == "demote" else "MEMBER_REMOVED"
    assert [e.action.value for e in trail].count(expected) == 6


# --- invitations -----------------------------------------------------------------------------


def test_an_invitation_arrives_by_email_and_creates_an_account_that_logs_in(
    team: Settings, api: Api
) -> None:
    # Given an admin invites a new colleague
    body = invite(api, " Nouvelle.Collegue@Anne-Frank.test ", role="MEMBER")
    [item] = body["items"]
    assert body["skipped"] == []
    assert item["email"] == "nouvelle.collegue@anne-frank.test"
    assert item["status"] == "PENDING" and item["emailSent"] is True
    assert item["expiresAt"] == "2026-12-08T08:00:00Z"
    assert set(item) >= {"id", "email", "role", "status", "createdAt", "expiresAt"}

    # Then the e-mail arrived, in French, with the link to the web front end
    [mail] = sent_by_moto(team)
    assert mail["Subject"] == "Invitation à rejoindre l'équipe du Collège Anne Frank sur Pix Certif"
    text = mail.get_body(preferencelist=("plain",))
    assert text is not None and "Paul Eluard vous invite" in text.get_content()
    assert "8 décembre 2026 à 9 h 00" in text.get_content()
    [(to, invitation_id, code)] = links(team)
    assert to == "nouvelle.collegue@anne-frank.test" and invitation_id == item["id"]

    # When the person opens the link
    shown = api.request("GET", f"/invitations/{invitation_id}?code={code}")
    assert shown.status_code == 200, shown.body
    assert shown.json_body == {
        "centerName": "Collège Anne Frank",
        "email": "nouvelle.collegue@anne-frank.test",
        "role": "MEMBER",
        "expiresAt": "2026-12-08T08:00:00Z",
        "accountExists": False,
    }

    # And accepts it with her names and the password she chose
    accepted = api.request(
        "POST",
        f"/invitations/{invitation_id}/accept",
        {"code": code, "firstName": "Inès", "lastName": "Durand", "password": CHOSEN_PASSWORD},
    )
    assert accepted.status_code == 200, accepted.body
    assert accepted.json_body == {"centerId": ANNE_FRANK, "role": "MEMBER"}

    # Then she logs in at once with that password (no temporary password to change)
    login = api.request(
        "POST",
        "/auth/login",
        {"email": "nouvelle.collegue@anne-frank.test", "password": CHOSEN_PASSWORD},
    )
    assert login.status_code == 200, login.body
    me = api.request("GET", "/me", token=login.json_body["idToken"]).json_body
    assert me["user"]["firstName"] == "Inès"
    assert [(m["centerId"], m["role"]) for m in me["memberships"]] == [(ANNE_FRANK, "MEMBER")]
    assert "Durand" in [m["lastName"] for m in members(api)]

    # And the link is used up
    again = api.request("GET", f"/invitations/{invitation_id}?code={code}")
    assert again.status_code == 409 and again.json_body["code"] == "INVITATION_ALREADY_USED"
    listed = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/{ANNE_FRANK}/invitations")
    assert "nouvelle.collegue@anne-frank.test" not in [
        i["email"] for i in listed.json_body["items"]
    ]
    trail = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/{ANNE_FRANK}/events").json_body
    actions = [e["action"] for e in trail["items"]]
    assert actions[-2:] == ["INVITATION_SENT", "INVITATION_ACCEPTED"]
    assert code not in str(trail)


def test_wrong_links_answer_like_missing_ones(team: Settings, api: Api) -> None:
    invite(api, "x@anne-frank.test")
    [(_, invitation_id, code)] = links(team)
    answers = [
        api.request("GET", f"/invitations/{invitation_id}?code={code[:-2]}xx"),
        api.request("GET", f"/invitations/{invitation_id}"),
        api.request("GET", f"/invitations/no-such-invitation?code={code}"),
        api.request("POST", "/invitations/no-such/accept", {"code": code}),
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.body for a in answers}) == 1


def test_a_weak_password_gets_the_pools_rules_and_creates_nothing(team: Settings, api: Api) -> None:
    invite(api, "x@anne-frank.test")
    [(_, invitation_id, code)] = links(team)
    weak = api.request(
        "POST",
        f"/invitations/{invitation_id}/accept",
        {"code": code, "firstName": "X", "lastName": "Y", "password": "motdepasse"},
    )
    assert weak.status_code == 422 and weak.json_body["code"] == "INVALID_PASSWORD"
    assert "12 caractères" in weak.json_body["message"]
    assert wiring.deps().identity_provider.find_user_id("x@anne-frank.test") is None
    assert api.request("GET", f"/invitations/{invitation_id}?code={code}").status_code == 200


def test_names_too_long_for_the_pool_get_422_and_create_nothing(team: Settings, api: Api) -> None:
    invite(api, "x@anne-frank.test")
    [(_, invitation_id, code)] = links(team)
    # Cognito refuses attributes over 2 048 characters; the rule stops far below, at 255.
    long = api.request(
        "POST",
        f"/invitations/{invitation_id}/accept",
        {"code": code, "firstName": "X" * 3000, "lastName": "Y", "password": CHOSEN_PASSWORD},
    )
    assert long.status_code == 422, long.body
    assert long.json_body["code"] == "VALIDATION_ERROR"
    assert [(d["field"], d["code"]) for d in long.json_body["details"]] == [
        ("firstName", "TOO_LONG")
    ]
    assert wiring.deps().identity_provider.find_user_id("x@anne-frank.test") is None
    assert api.request("GET", f"/invitations/{invitation_id}?code={code}").status_code == 200


def test_an_existing_account_signs_in_first_then_joins_with_its_token(
    team: Settings, api: Api
) -> None:
    # Given the admin of Leconte de Lisle is invited to Anne Frank too
    invite(api, LECONTE_ADMIN, role="ADMIN")
    [(_, invitation_id, code)] = links(team)
    shown = api.request("GET", f"/invitations/{invitation_id}?code={code}").json_body
    assert shown["accountExists"] is True

    # Without signing in she is told to sign in first
    anonymous = api.request(
        "POST",
        f"/invitations/{invitation_id}/accept",
        {"code": code, "firstName": "H", "lastName": "P", "password": CHOSEN_PASSWORD},
    )
    assert anonymous.status_code == 409
    assert anonymous.json_body["code"] == "ACCOUNT_ALREADY_EXISTS"

    # Someone else's token is refused, a broken one is 401
    other = api.as_user(MEMBER, "POST", f"/invitations/{invitation_id}/accept", {"code": code})
    assert other.status_code == 403 and other.json_body["code"] == "INVITATION_EMAIL_MISMATCH"
    broken = api.request(
        "POST", f"/invitations/{invitation_id}/accept", {"code": code}, token="not-a-jwt"
    )
    assert broken.status_code == 401

    # With her own token she joins, and keeps her first center
    joined = api.as_user(
        LECONTE_ADMIN, "POST", f"/invitations/{invitation_id}/accept", {"code": code}
    )
    assert joined.status_code == 200, joined.body
    me = api.as_user(LECONTE_ADMIN, "GET", "/me").json_body
    assert sorted((m["centerId"], m["role"]) for m in me["memberships"]) == [
        (ANNE_FRANK, "ADMIN"),
        (LECONTE, "ADMIN"),
    ]


def test_members_are_skipped_pending_ones_renewed_and_faulty_ones_named(
    team: Settings, api: Api
) -> None:
    body = invite(api, MEMBER, "invitee@anne-frank.test", "autre@anne-frank.test")
    assert body["skipped"] == [MEMBER]
    assert sorted(i["email"] for i in body["items"]) == [
        "autre@anne-frank.test",
        "invitee@anne-frank.test",
    ]
    sent_to = sorted(to for to, _, _ in links(team))
    assert sent_to == ["autre@anne-frank.test", "invitee@anne-frank.test"]
    pending = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/{ANNE_FRANK}/invitations")
    # The demo's pending invitation was renewed, not doubled.
    assert sorted(i["email"] for i in pending.json_body["items"]) == sent_to
    faulty = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/centers/{ANNE_FRANK}/invitations",
        {"emails": ["bien@anne-frank.test", "pas une adresse"], "role": "MEMBER"},
    )
    assert faulty.status_code == 422
    assert faulty.json_body["details"] == [
        {
            "field": "emails[1]",
            "code": "INVALID_EMAIL",
            "message": "Adresse e-mail invalide : pas une adresse",
        }
    ]
    too_many = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/centers/{ANNE_FRANK}/invitations",
        {"emails": [f"p{n}@anne-frank.test" for n in range(101)], "role": "MEMBER"},
    )
    assert too_many.status_code == 422 and too_many.json_body["details"][0]["code"] == "TOO_MANY"
    assert len(sent_by_moto(team)) == 2


def test_resend_gives_a_new_link_and_cancel_closes_it(team: Settings, api: Api) -> None:
    [item] = invite(api, "x@anne-frank.test")["items"]
    path = f"/centers/{ANNE_FRANK}/invitations/{item['id']}"
    resent = api.as_user(ANNE_FRANK_ADMIN, "POST", f"{path}/resend")
    assert resent.status_code == 200, resent.body
    assert resent.json_body["id"] == item["id"] and resent.json_body["emailSent"] is True
    [(_, _, old), (_, invitation_id, new)] = links(team)
    assert old != new
    assert api.request("GET", f"/invitations/{invitation_id}?code={old}").status_code == 404
    assert api.request("GET", f"/invitations/{invitation_id}?code={new}").status_code == 200

    assert api.as_user(ANNE_FRANK_ADMIN, "DELETE", path).status_code == 204
    gone = api.request("GET", f"/invitations/{invitation_id}?code={new}")
    assert gone.status_code == 410 and gone.json_body["code"] == "INVITATION_CANCELLED"
    accept = api.request(
        "POST",
        f"/invitations/{invitation_id}/accept",
        {"code": new, "firstName": "X", "lastName": "Y", "password": CHOSEN_PASSWORD},
    )
    assert accept.status_code == 410
    assert api.as_user(ANNE_FRANK_ADMIN, "POST", f"{path}/resend").status_code == 404
    other = api.as_user(LECONTE_ADMIN, "DELETE", f"/centers/{LECONTE}/invitations/{item['id']}")
    assert other.status_code == 404 and other.json_body["code"] == "INVITATION_NOT_FOUND"


def test_an_expired_link_says_so(team: Settings, api: Api) -> None:
    invite(api, "x@anne-frank.test")
    [(_, invitation_id, code)] = links(team)
    wiring.override(clock=lambda: NOW + timedelta(days=7))
    expired = api.request("GET", f"/invitations/{invitation_id}?code={code}")
    assert expired.status_code == 410 and expired.json_body["code"] == "INVITATION_EXPIRED"
    [listed] = [
        i
        for i in api.as_user(
            ANNE_FRANK_ADMIN, "GET", f"/centers/{ANNE_FRANK}/invitations"
        ).json_body["items"]
        if i["email"] == "x@anne-frank.test"
    ]
    assert listed["expired"] is True and listed["status"] == "PENDING"


def test_two_accepts_at_once_make_one_account_and_one_membership(team: Settings, api: Api) -> None:
    invite(api, "x@anne-frank.test")
    [(_, invitation_id, code)] = links(team)
    form = AcceptInput(code=code, first_name="X", last_name="Y", password=CHOSEN_PASSWORD)
    deps = wiring.deps()
    answers = _at_once([lambda: invitation_service.accept(deps, invitation_id, form, None)] * 4)
    assert answers.count("ok") == 1, answers
    assert set(answers) <= {"ok", "ACCOUNT_ALREADY_EXISTS", "INVITATION_ALREADY_USED"}
    assert [m["email"] for m in members(api)].count("x@anne-frank.test") == 1


def test_the_invitation_item_is_forgotten_by_the_tables_ttl(team: Settings, api: Api) -> None:
    [item] = invite(api, "x@anne-frank.test")["items"]
    stored = aws.dynamodb().get_item(
        TableName=team.table_name, Key=keys.invitation(ANNE_FRANK, "x@anne-frank.test").attributes()
    )["Item"]
    # 7 days of validity, then kept 30 days to say what became of it.
    assert int(stored["expiresAt"]["N"]) == int(NOW.timestamp()) + 37 * 24 * 3600
    assert "code" not in stored and len(stored["code_hash"]["S"]) == 64
    assert item["id"] == stored["id"]["S"]


def test_the_backfill_puts_older_memberships_in_the_team(
    team: Settings, api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    from ops.cli import main

    # Given the member's membership as it was written before the team screens
    member_id = user_id(api, MEMBER)
    old = keys.membership(member_id, ANNE_FRANK).fields() | {
        "user_id": member_id,
        "role": Role.MEMBER.value,
        "center": {
            "id": ANNE_FRANK,
            "name": "Collège Anne Frank",
            "type": "SCO",
            "timezone": "Europe/Paris",
            "external_id": "0999001A",
        },
    }
    aws.dynamodb().put_item(TableName=team.table_name, Item=to_item(old))
    assert [m["email"] for m in members(api)] == [ANNE_FRANK_ADMIN]
    assert api.as_user(MEMBER, "GET", f"/centers/{ANNE_FRANK}").status_code == 200

    # When the operators run the backfill
    assert main(["backfill-memberships", "--dry-run"]) == 0
    assert [m["email"] for m in members(api)] == [ANNE_FRANK_ADMIN]
    assert main(["backfill-memberships"]) == 0
    out = capsys.readouterr().out
    assert "1 complétée" in out

    # Then the member is in the team again, with her names; her role untouched
    [curie] = [m for m in members(api) if m["email"] == MEMBER]
    assert (curie["firstName"], curie["lastName"], curie["role"]) == ("Marie", "Curie", "MEMBER")
    assert curie["since"] is None
    assert main(["backfill-memberships"]) == 0
    assert "0 complétée" in capsys.readouterr().out
