"""Login and password flows against moto's Cognito, made to answer these flows as a real user
pool does (devstack/moto_cognito.py, as in `make run`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from random import Random

import pytest

from devstack import moto_cognito
from devstack.demo import DEMO_PASSWORD
from functions import wiring
from shared.domain.people import Role
from shared.services import admin
from shared.services.admin import NewUser
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, NOW, Api

NEW_USER = "nouvelle.secretaire@anne-frank.test"
TEMPORARY = "Tempo-Raire-2026!"
CHOSEN = "Mon-Nouveau-Mdp-2026"
# A session as long as Cognito's, which no pool ever gave (botocore refuses shorter ones).
UNKNOWN_SESSION = "AYABeC" + "x" * 200


@pytest.fixture(autouse=True)
def sent_codes() -> Iterator[dict[str, str]]:
    """The reset codes the pool e-mails: the last one per address (`make run` prints them)."""
    sent: dict[str, str] = {}
    moto_cognito.answer_like_aws(send_code=sent.__setitem__)
    yield sent
    moto_cognito.answer_like_aws()


def reset(api: Api, email: str, code: str, password: str = CHOSEN) -> tuple[int, dict[str, str]]:
    answer = api.request(
        "POST", "/auth/reset-password", {"email": email, "code": code, "newPassword": password}
    )
    return answer.status_code, answer.json_body


def logs_in(api: Api, email: str, password: str) -> bool:
    answer = api.request("POST", "/auth/login", {"email": email, "password": password})
    return answer.status_code == 200


@pytest.fixture
def new_user(demo: Settings) -> str:
    admin.create_user(
        wiring.deps(),
        NewUser(
            email=NEW_USER,
            first_name="Zoé",
            last_name="Lecœur",
            center_id="c-anne-frank",
            role=Role.MEMBER,
            temporary_password=TEMPORARY,
        ),
    )
    return NEW_USER


def test_login_returns_the_contracts_tokens(demo: Settings, api: Api) -> None:
    answer = api.request(
        "POST", "/auth/login", {"email": ANNE_FRANK_ADMIN, "password": DEMO_PASSWORD}
    )
    assert answer.status_code == 200
    assert set(answer.json_body) == {"idToken", "accessToken", "refreshToken", "expiresIn"}
    assert answer.json_body["expiresIn"] > 0


def test_the_email_is_matched_without_case_or_spaces(demo: Settings, api: Api) -> None:
    answer = api.request(
        "POST", "/auth/login", {"email": "  Admin@Anne-Frank.TEST ", "password": DEMO_PASSWORD}
    )
    assert answer.status_code == 200


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": ANNE_FRANK_ADMIN, "password": "wrong-password"},
        {"email": "nobody@nowhere.test", "password": DEMO_PASSWORD},
    ],
)
def test_wrong_credentials_get_one_answer(
    demo: Settings, api: Api, credentials: dict[str, str]
) -> None:
    answer = api.request("POST", "/auth/login", credentials)
    assert answer.status_code == 401
    assert answer.json_body == {
        "code": "INVALID_CREDENTIALS",
        "message": "L'adresse e-mail et/ou le mot de passe saisis sont incorrects.",
    }


def test_missing_credentials_are_a_422_naming_the_fields(demo: Settings, api: Api) -> None:
    answer = api.request("POST", "/auth/login", {"email": ""})
    assert answer.status_code == 422
    assert {d["field"]: d["message"] for d in answer.json_body["details"]} == {
        "email": "Veuillez indiquer votre adresse e-mail.",
        "password": "Veuillez indiquer votre mot de passe.",
    }


def test_first_login_with_a_temporary_password_asks_for_a_new_one(new_user: str, api: Api) -> None:
    first = api.request("POST", "/auth/login", {"email": new_user, "password": TEMPORARY})
    assert first.status_code == 409
    assert first.json_body["code"] == "NEW_PASSWORD_REQUIRED"
    challenge = first.json_body["session"]
    assert challenge

    weak = api.request(
        "POST",
        "/auth/new-password",
        {"email": new_user, "session": challenge, "newPassword": "court"},
    )
    assert weak.status_code == 422
    assert weak.json_body["code"] == "INVALID_PASSWORD"

    chosen = api.request(
        "POST",
        "/auth/new-password",
        {"email": new_user, "session": challenge, "newPassword": CHOSEN},
    )
    assert chosen.status_code == 200, chosen.body
    me = api.request("GET", "/me", token=chosen.json_body["idToken"]).json_body
    assert me["user"] == {
        "id": me["user"]["id"],
        "email": new_user,
        "firstName": "Zoé",
        "lastName": "Lecœur",
    }
    assert me["memberships"][0]["role"] == "MEMBER"
    assert (
        api.request("POST", "/auth/login", {"email": new_user, "password": CHOSEN}).status_code
        == 200
    )


def test_a_bogus_challenge_session_is_refused(new_user: str, api: Api) -> None:
    answer = api.request(
        "POST",
        "/auth/new-password",
        {"email": new_user, "session": "forged", "newPassword": CHOSEN},
    )
    assert answer.status_code == 422
    assert answer.json_body["code"] == "INVALID_LOGIN_SESSION"


def test_a_session_already_used_is_refused(new_user: str, api: Api) -> None:
    challenge = api.request(
        "POST", "/auth/login", {"email": new_user, "password": TEMPORARY}
    ).json_body["session"]
    body = {"email": new_user, "session": challenge, "newPassword": CHOSEN}
    assert api.request("POST", "/auth/new-password", body).status_code == 200
    again = api.request("POST", "/auth/new-password", {**body, "newPassword": "Autre-Choix-2026"})
    assert (again.status_code, again.json_body["code"]) == (422, "INVALID_LOGIN_SESSION")
    assert logs_in(api, new_user, CHOSEN)


def test_a_session_the_pool_never_gave_is_refused(new_user: str, api: Api) -> None:
    """What a browser holds after `make run` restarted: a well-formed, stale session."""
    answer = api.request(
        "POST",
        "/auth/new-password",
        {"email": new_user, "session": UNKNOWN_SESSION, "newPassword": CHOSEN},
    )
    assert (answer.status_code, answer.json_body["code"]) == (422, "INVALID_LOGIN_SESSION")


def test_a_session_serves_only_its_own_user(new_user: str, api: Api) -> None:
    challenge = api.request(
        "POST", "/auth/login", {"email": new_user, "password": TEMPORARY}
    ).json_body["session"]
    answer = api.request(
        "POST",
        "/auth/new-password",
        {"email": ANNE_FRANK_ADMIN, "session": challenge, "newPassword": CHOSEN},
    )
    assert (answer.status_code, answer.json_body["code"]) == (422, "INVALID_LOGIN_SESSION")
    assert logs_in(api, ANNE_FRANK_ADMIN, DEMO_PASSWORD)


def test_refresh_gives_new_tokens(demo: Settings, api: Api) -> None:
    tokens = api.request(
        "POST", "/auth/login", {"email": ANNE_FRANK_ADMIN, "password": DEMO_PASSWORD}
    ).json_body
    answer = api.request("POST", "/auth/refresh", {"refreshToken": tokens["refreshToken"]})
    assert answer.status_code == 200
    assert answer.json_body["refreshToken"] == tokens["refreshToken"]
    assert api.request("GET", "/me", token=answer.json_body["idToken"]).status_code == 200


def test_an_unknown_refresh_token_is_401(demo: Settings, api: Api) -> None:
    answer = api.request("POST", "/auth/refresh", {"refreshToken": "not-a-refresh-token"})
    assert answer.status_code == 401
    assert answer.json_body["code"] == "INVALID_REFRESH_TOKEN"


def test_forgot_password_never_tells_whether_the_address_exists(demo: Settings, api: Api) -> None:
    known = api.request("POST", "/auth/forgot-password", {"email": ANNE_FRANK_ADMIN})
    unknown = api.request("POST", "/auth/forgot-password", {"email": "inconnu@nulle-part.test"})
    assert known.status_code == unknown.status_code == 202
    assert known.json_body == unknown.json_body


def test_reset_password_then_log_in_with_it(
    demo: Settings, api: Api, sent_codes: dict[str, str]
) -> None:
    api.request("POST", "/auth/forgot-password", {"email": ANNE_FRANK_ADMIN})
    code = sent_codes[ANNE_FRANK_ADMIN]
    assert len(code) == 6 and code.isdigit()
    assert reset(api, ANNE_FRANK_ADMIN, code)[0] == 200
    assert logs_in(api, ANNE_FRANK_ADMIN, CHOSEN)
    assert not logs_in(api, ANNE_FRANK_ADMIN, DEMO_PASSWORD)


def test_a_reset_code_serves_once(demo: Settings, api: Api, sent_codes: dict[str, str]) -> None:
    api.request("POST", "/auth/forgot-password", {"email": ANNE_FRANK_ADMIN})
    code = sent_codes[ANNE_FRANK_ADMIN]
    assert reset(api, ANNE_FRANK_ADMIN, code)[0] == 200
    status, body = reset(api, ANNE_FRANK_ADMIN, code, "Encore-Un-Autre-2026")
    assert (status, body["code"]) == (422, "INVALID_RESET_CODE")
    assert logs_in(api, ANNE_FRANK_ADMIN, CHOSEN)


def test_a_wrong_reset_code_is_422_and_changes_nothing(
    demo: Settings, api: Api, sent_codes: dict[str, str]
) -> None:
    api.request("POST", "/auth/forgot-password", {"email": ANNE_FRANK_ADMIN})
    wrong = f"{(int(sent_codes[ANNE_FRANK_ADMIN]) + 1) % 1_000_000:06d}"
    status, body = reset(api, ANNE_FRANK_ADMIN, wrong)
    assert (status, body["code"]) == (422, "INVALID_RESET_CODE")
    assert logs_in(api, ANNE_FRANK_ADMIN, DEMO_PASSWORD)
    assert not logs_in(api, ANNE_FRANK_ADMIN, CHOSEN)


def test_a_code_nobody_asked_for_is_422(demo: Settings, api: Api) -> None:
    status, body = reset(api, ANNE_FRANK_ADMIN, "123456")
    assert (status, body["code"]) == (422, "INVALID_RESET_CODE")
    assert logs_in(api, ANNE_FRANK_ADMIN, DEMO_PASSWORD)


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_code(demo: Settings, api: Api) -> None:
    unknown = reset(api, "inconnu@nulle-part.test", "123456")
    wrong = reset(api, ANNE_FRANK_ADMIN, "123456")
    assert unknown == wrong
    assert unknown[0] == 422 and unknown[1]["code"] == "INVALID_RESET_CODE"


def test_reset_password_with_a_weak_password_is_422(
    demo: Settings, api: Api, sent_codes: dict[str, str]
) -> None:
    api.request("POST", "/auth/forgot-password", {"email": ANNE_FRANK_ADMIN})
    status, body = reset(api, ANNE_FRANK_ADMIN, sent_codes[ANNE_FRANK_ADMIN], "abc")
    assert (status, body["code"]) == (422, "INVALID_PASSWORD")


def test_generated_temporary_passwords_satisfy_the_pool_policy(demo: Settings, api: Api) -> None:
    rng = Random(4)
    for index in range(3):
        email = f"user{index}@anne-frank.test"
        admin.create_user(
            wiring.deps(),
            NewUser(
                email=email,
                first_name="A",
                last_name="B",
                center_id="c-anne-frank",
                role=Role.MEMBER,
                temporary_password=admin.generate_temporary_password(rng),
            ),
        )


def test_ten_failed_logins_on_an_address_lock_it_whether_it_exists_or_not(
    demo: Settings, api: Api
) -> None:
    for address in (ANNE_FRANK_ADMIN, "personne@nulle-part.test"):
        for _ in range(10):
            answer = api.request(
                "POST", "/auth/login", {"email": address, "password": "Faux-2026!"}
            )
            assert answer.json_body["code"] == "INVALID_CREDENTIALS"
        locked = api.request("POST", "/auth/login", {"email": address, "password": DEMO_PASSWORD})
        assert locked.status_code == 429
        assert locked.json_body["code"] == "TOO_MANY_ATTEMPTS"
    # The window ends; the right password then works, and a success counts nothing.
    wiring.override(clock=lambda: NOW + timedelta(minutes=15))
    assert api.login(ANNE_FRANK_ADMIN) != ""


def test_one_password_tried_against_many_accounts_is_slowed(demo: Settings, api: Api) -> None:
    answers = [
        api.request(
            "POST", "/auth/login", {"email": f"eleve{n}@anne-frank.test", "password": "Hiver2026!"}
        ).status_code
        for n in range(52)
    ]
    assert answers[:50] == [401] * 50
    assert answers[50:] == [429, 429]
