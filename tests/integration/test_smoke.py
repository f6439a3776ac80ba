from tests.integration.conftest import ANNE_FRANK_ADMIN, Api


def test_login_and_me(demo, api: Api) -> None:
    answer = api.as_user(ANNE_FRANK_ADMIN, "GET", "/me")
    assert answer.status_code == 200, answer.body
    print(answer.json_body)
    created = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/sessions",
        {
            "address": "Collège Anne Frank",
            "room": "Salle 208",
            "date": "2026-12-14",
            "time": "12:00",
            "examiner": "Paul Eluard",
        },
    )
    print(created.status_code, created.body)
    assert created.status_code == 201
