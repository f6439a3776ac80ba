"""Access revoked within a minute, on moto through Chalice's test client: a user disabled (or
deleted) while their ID token is still valid gets 401 once the API container's copy of the
marks is renewed — driven here by the app's clock, not by waiting — and nothing more from
Cognito; enabled again, a new sign-in works and the old token stays refused. Then the same
through `certif-admin`, and the AWS console's changes as CloudTrail reports them."""

from __future__ import annotations

import time as real_time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from devstack.demo import DEMO_PASSWORD
from functions import wiring
from functions.revocation.handlers import record_cognito_event
from ops.cli import main
from shared.adapters import aws
from shared.adapters.dynamo.revocations import DynamoRevocations
from shared.domain import errors
from shared.domain.revocation import MARK_LIFETIME, REVOCATION_CACHE_MAX_AGE
from shared.services import admin
from shared.settings import Settings
from shared.web.errors import error_body
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, Api
from tests.integration.test_authentication import PROTECTED, concrete
from tests.integration.tokens import claims, sign

MINUTE = timedelta(minutes=1)
UNAUTHENTICATED = error_body(errors.unauthenticated())


class MovableClock:
    """The app's clock near the real one (Cognito's tokens carry the real time), moved by
    the test: it decides when a container's copy of the marks is old."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class _CognitoTime:
    """moto's Cognito clock, `offset` seconds off the real one (what it stamps tokens with)."""

    def __init__(self, offset: float) -> None:
        self.offset = offset

    def time(self) -> float:
        return real_time.time() + self.offset

    def __getattr__(self, name: str) -> Any:
        return getattr(real_time, name)


@pytest.fixture
def clock(demo: Settings) -> MovableClock:
    """Five minutes before now: marks written by the use cases come before a sign-in made
    now, and after one made ten minutes ago (`ten_minutes_ago`)."""
    moving = MovableClock(datetime.now(UTC) - 5 * MINUTE)
    wiring.override(clock=moving)
    return moving


@contextmanager
def ten_minutes_ago() -> Iterator[None]:
    """Sign-ins made within this block are stamped ten minutes ago (their tokens still valid
    for fifty minutes): before the marks of `clock`."""
    import moto.cognitoidp.models as cognito

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cognito, "time", _CognitoTime(-600))
        yield


def sign_in(api: Api, email: str) -> dict[str, Any]:
    answer = api.request("POST", "/auth/login", {"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.body
    tokens: dict[str, Any] = answer.json_body
    return tokens


def me(api: Api, token: str) -> tuple[int, dict[str, Any]]:
    answer = api.request("GET", "/me", token=token)
    return answer.status_code, answer.json_body


def test_a_disabled_users_token_is_refused_within_the_period_and_a_new_sign_in_works_once_enabled(
    demo: Settings, api: Api, clock: MovableClock
) -> None:
    with ten_minutes_ago():
        tokens = sign_in(api, ANNE_FRANK_ADMIN)
    old = tokens["idToken"]
    assert me(api, old)[0] == 200  # this container reads the marks: none yet

    admin.disable_user(wiring.deps(), ANNE_FRANK_ADMIN)

    # The container's copy is fresh: the token still works, for REVOCATION_CACHE_MAX_AGE.
    clock.now += REVOCATION_CACHE_MAX_AGE - timedelta(seconds=1)
    assert me(api, old)[0] == 200
    clock.now += timedelta(seconds=1)
    assert me(api, old) == (401, UNAUTHENTICATED)
    # Nor does Cognito hand out anything new: no sign-in, no refresh.
    answer = api.request(
        "POST", "/auth/login", {"email": ANNE_FRANK_ADMIN, "password": DEMO_PASSWORD}
    )
    assert (answer.status_code, answer.json_body["code"]) == (401, "INVALID_CREDENTIALS")
    refused = api.request("POST", "/auth/refresh", {"refreshToken": tokens["refreshToken"]})
    assert (refused.status_code, refused.json_body["code"]) == (401, "INVALID_REFRESH_TOKEN")
    # Others go on.
    assert me(api, api.login(LECONTE_ADMIN))[0] == 200

    admin.enable_user(wiring.deps(), ANNE_FRANK_ADMIN)

    status, body = me(api, sign_in(api, ANNE_FRANK_ADMIN)["idToken"])
    assert status == 200, body
    assert [m["centerId"] for m in body["memberships"]] == ["c-anne-frank"]
    assert me(api, old) == (401, UNAUTHENTICATED)


def test_a_revoked_token_is_refused_on_every_protected_route(
    demo: Settings, api: Api, clock: MovableClock
) -> None:
    deps = wiring.deps()
    user_id = deps.identity_provider.find_user_id(ANNE_FRANK_ADMIN)
    assert user_id is not None
    # A token like Cognito's, signed in ten minutes ago (and refreshed since: iat is now).
    issued = int(real_time.time())
    token = sign(claims(demo, sub=user_id, iat=issued, auth_time=issued - 600))
    admin.disable_user(deps, ANNE_FRANK_ADMIN)

    for method, path in PROTECTED:
        answer = api.request(method, concrete(path), {}, token=token)
        assert (answer.status_code, answer.json_body) == (401, UNAUTHENTICATED), (method, path)
    # The same token for a user who was not revoked gets past authentication.
    other = sign(claims(demo, iat=issued, auth_time=issued - 600))
    assert me(api, other)[0] == 200


def test_a_deleted_users_token_is_refused(demo: Settings, api: Api, clock: MovableClock) -> None:
    with ten_minutes_ago():
        old = sign_in(api, ANNE_FRANK_ADMIN)["idToken"]
    mark = admin.delete_user(wiring.deps(), ANNE_FRANK_ADMIN)
    assert mark.refused_until == clock.now + MARK_LIFETIME
    clock.now += REVOCATION_CACHE_MAX_AGE
    assert me(api, old) == (401, UNAUTHENTICATED)
    assert wiring.deps().identity_provider.find_user_id(ANNE_FRANK_ADMIN) is None


# --- certif-admin ------------------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_certif_admin_disables_and_enables_a_user(
    demo: Settings,
    api: Api,
    clock: MovableClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with ten_minutes_ago():
        old = sign_in(api, ANNE_FRANK_ADMIN)["idToken"]
    assert me(api, old)[0] == 200

    status, out, err = run_cli(capsys, "disable-user", "--email", "Admin@Anne-Frank.test")

    assert status == 0, err
    user_id = wiring.deps().identity_provider.find_user_id(ANNE_FRANK_ADMIN)
    assert f"Compte désactivé : {ANNE_FRANK_ADMIN} (id {user_id})" in out
    assert "refusés par l'API d'ici 30 secondes" in out
    clock.now += REVOCATION_CACHE_MAX_AGE
    assert me(api, old) == (401, UNAUTHENTICATED)

    status, out, err = run_cli(capsys, "enable-user", "--email", ANNE_FRANK_ADMIN)

    assert status == 0, err
    assert f"Compte réactivé : {ANNE_FRANK_ADMIN}" in out
    assert "elle doit se reconnecter" in out
    assert sign_in(api, ANNE_FRANK_ADMIN)["idToken"]
    assert me(api, old) == (401, UNAUTHENTICATED)


def test_certif_admin_deletes_a_user_only_when_told_twice(
    demo: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(capsys, "delete-user", "--email", ANNE_FRANK_ADMIN)
    assert status == 1
    assert err.startswith("CONFIRMATION_REQUIRED: La suppression d'un compte est définitive")
    assert wiring.deps().identity_provider.find_user_id(ANNE_FRANK_ADMIN) is not None

    status, out, err = run_cli(capsys, "delete-user", "--email", ANNE_FRANK_ADMIN, "--yes")
    assert status == 0, err
    assert f"Compte supprimé : {ANNE_FRANK_ADMIN}" in out
    assert wiring.deps().identity_provider.find_user_id(ANNE_FRANK_ADMIN) is None


@pytest.mark.parametrize("command", ["disable-user", "enable-user"])
def test_certif_admin_names_an_unknown_address(
    stack: Settings, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    status, out, err = run_cli(capsys, command, "--email", "personne@nulle-part.test")
    assert (status, out) == (1, "")
    assert err.strip() == "USER_NOT_FOUND: Utilisateur inconnu : personne@nulle-part.test"


# --- the AWS console: CloudTrail's event, as EventBridge hands it to the function -------------


def cloudtrail_event(
    stack: Settings, event_name: str, username: str, at: datetime, **detail: Any
) -> dict[str, Any]:
    """An "AWS API Call via CloudTrail" event as EventBridge delivers it for a change made in
    the console: Cognito hides the username in its events and names the user by `sub`."""
    return {
        "version": "0",
        "id": "6f8d2a4e-0b1c-4d3e-8f7a-9b0c1d2e3f4a",
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.cognito-idp",
        "account": "123456789012",
        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": stack.region,
        "resources": [],
        "detail": {
            "eventVersion": "1.08",
            "userIdentity": {"type": "AssumedRole", "accountId": "123456789012"},
            "eventTime": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": "cognito-idp.amazonaws.com",
            "eventName": event_name,
            "awsRegion": stack.region,
            "sourceIPAddress": "192.0.2.1",
            "userAgent": "console.amazonaws.com",
            "requestParameters": {"userPoolId": stack.user_pool_id, "username": username},
            "responseElements": None,
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "eventCategory": "Management",
            **detail,
        },
    }


HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"


def test_a_user_disabled_in_the_console_is_refused_and_signed_out(
    demo: Settings, api: Api, clock: MovableClock
) -> None:
    with ten_minutes_ago():
        tokens = sign_in(api, ANNE_FRANK_ADMIN)
    deps = wiring.deps()
    user_id = deps.identity_provider.find_user_id(ANNE_FRANK_ADMIN)
    assert user_id is not None
    deps.identity_provider.disable_user(user_id)  # the console's AdminDisableUser
    event = cloudtrail_event(
        demo, "AdminDisableUser", HIDDEN, clock.now, additionalEventData={"sub": user_id}
    )

    outcome = record_cognito_event(event)

    assert outcome == {"userId": user_id, "change": "DISABLED", "marked": True}
    clock.now += REVOCATION_CACHE_MAX_AGE
    assert me(api, tokens["idToken"]) == (401, UNAUTHENTICATED)
    # Enabled again later, the refresh token of before the disable is dead too.
    deps.identity_provider.enable_user(user_id)
    refused = api.request("POST", "/auth/refresh", {"refreshToken": tokens["refreshToken"]})
    assert refused.status_code == 401


def test_a_user_deleted_in_the_console_is_refused(
    demo: Settings, api: Api, clock: MovableClock
) -> None:
    with ten_minutes_ago():
        old = sign_in(api, ANNE_FRANK_ADMIN)["idToken"]
    deps = wiring.deps()
    user_id = deps.identity_provider.find_user_id(ANNE_FRANK_ADMIN)
    assert user_id is not None
    deps.identity_provider.delete_user(user_id)

    outcome = record_cognito_event(cloudtrail_event(demo, "AdminDeleteUser", user_id, clock.now))

    assert outcome == {"userId": user_id, "change": "DELETED", "marked": True}
    clock.now += REVOCATION_CACHE_MAX_AGE
    assert me(api, old) == (401, UNAUTHENTICATED)


@pytest.mark.parametrize(
    "changes",
    [
        {"eventName": "AdminEnableUser"},
        {"errorCode": "UserNotFoundException", "errorMessage": "User does not exist."},
        {"requestParameters": {"userPoolId": "eu-west-3_another", "username": "x"}},
        {"requestParameters": {"userPoolId": "<the pool>", "username": HIDDEN}},
    ],
    ids=["another call", "a failed call", "another pool", "nobody named"],
)
def test_events_of_no_concern_write_no_mark(
    demo: Settings, clock: MovableClock, changes: dict[str, Any]
) -> None:
    event = cloudtrail_event(demo, "AdminDisableUser", HIDDEN, clock.now)
    if changes.get("requestParameters", {}).get("userPoolId") == "<the pool>":
        changes["requestParameters"]["userPoolId"] = demo.user_pool_id
    event["detail"].update(changes)

    outcome = record_cognito_event(event)

    assert outcome["marked"] is False
    assert DynamoRevocations(demo.table_name, client=aws.dynamodb).read().marks == {}
