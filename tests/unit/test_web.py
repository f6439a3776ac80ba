"""The HTTP edge: error table, body parsing, headers."""

from __future__ import annotations

import pytest

from shared.domain import errors
from shared.web.auth import bearer_token
from shared.web.errors import STATUS_BY_ERROR, error_body, json_field, json_name, status_of
from shared.web.request import ensure_size, parse_if_match, parse_json_object, validate_body
from shared.web.schemas import RequestBody


class Body(RequestBody):
    room: str | None = None
    new_password: str | None = None


def test_every_kind_of_domain_error_has_exactly_one_status() -> None:
    kinds = set(errors.DomainError.__subclasses__())
    assert kinds == set(STATUS_BY_ERROR)
    assert status_of(errors.session_not_found()) == 404
    assert status_of(errors.version_mismatch()) == 412
    assert status_of(errors.session_already_started()) == 409


def test_the_error_body_has_code_message_and_details() -> None:
    error = errors.validation_failed(
        [errors.FieldError("date", "REQUIRED", "Veuillez indiquer une date de début.")]
    )
    assert error_body(error) == {
        "code": "VALIDATION_ERROR",
        "message": "Certaines informations sont manquantes ou invalides.",
        "details": [
            {"field": "date", "code": "REQUIRED", "message": "Veuillez indiquer une date de début."}
        ],
    }
    assert "details" not in error_body(errors.session_not_found())


@pytest.mark.parametrize("raw", [b"{", b"[1]", b"null", b'"x"', b"\xff\xfe", b""])
def test_anything_but_a_json_object_is_a_400(raw: bytes) -> None:
    with pytest.raises(errors.BadRequest) as caught:
        parse_json_object(raw)
    assert caught.value.code == "INVALID_JSON"


def test_unknown_fields_are_422_and_named_as_sent() -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        validate_body(Body, {"room": "A", "colour": "red"})
    assert caught.value.code == "UNKNOWN_FIELD"
    assert [d.field for d in caught.value.details] == ["colour"]


def test_snake_case_names_are_unknown_fields() -> None:
    with pytest.raises(errors.RuleViolation):
        validate_body(Body, {"new_password": "x"})
    body = validate_body(Body, {"newPassword": "x"})
    assert (body.new_password, body.model_fields_set) == ("x", {"new_password"})
    assert body.model_dump(by_alias=True, include=body.model_fields_set) == {"newPassword": "x"}


@pytest.mark.parametrize(
    ("domain", "sent"),
    [
        ("room", "room"),
        ("student_ids", "studentIds"),
        ("extra_time_percentage", "extraTimePercentage"),
        ("page_size", "pageSize"),
        ("candidates[0].candidate_id", "candidates[0].candidateId"),
        ("candidates[12].abort_reason", "candidates[12].abortReason"),
        # A candidate's id (a uuid) inside a path is data, not a name: left as it is.
        (
            "candidates.4b1f6c1e-2f0a-4c5e-9a51-0d6f1c2b3a4d.abort_reason",
            "candidates.4b1f6c1e-2f0a-4c5e-9a51-0d6f1c2b3a4d.abortReason",
        ),
    ],
)
def test_domain_field_paths_are_named_in_camel_case_at_the_edge(domain: str, sent: str) -> None:
    assert json_field(domain) == sent


@pytest.mark.parametrize(
    ("domain", "sent"),
    [
        ("retry_after_seconds", "retryAfterSeconds"),
        ("session", "session"),
        ("new_password", "newPassword"),
        ("4b1f6c1e-2f0a-4c5e-9a51-0d6f1c2b3a4d", "4b1f6c1e-2f0a-4c5e-9a51-0d6f1c2b3a4d"),
        ("alreadyCamel", "alreadyCamel"),
    ],
)
def test_names_are_camel_cased_ids_are_not(domain: str, sent: str) -> None:
    assert json_name(domain) == sent


def test_the_error_body_names_fields_and_extra_keys_as_the_client_knows_them() -> None:
    error = errors.TooManyAttempts(
        "TOO_MANY_ATTEMPTS",
        "Trop de tentatives.",
        [errors.FieldError("candidates[0].candidate_id", "UNKNOWN_CANDIDATE", "Inconnu.")],
        extra={"retry_after_seconds": 120},
    )
    assert error_body(error) == {
        "code": "TOO_MANY_ATTEMPTS",
        "message": "Trop de tentatives.",
        "details": [
            {
                "field": "candidates[0].candidateId",
                "code": "UNKNOWN_CANDIDATE",
                "message": "Inconnu.",
            }
        ],
        "retryAfterSeconds": 120,
    }


@pytest.mark.parametrize("value", [12, True, ["A"], {"a": 1}])
def test_wrong_types_are_400(value: object) -> None:
    with pytest.raises(errors.BadRequest) as caught:
        validate_body(Body, {"room": value})
    assert caught.value.code == "INVALID_TYPE"
    assert caught.value.details[0].field == "room"


def test_size_limit() -> None:
    ensure_size(b"x" * 10, limit=10)
    with pytest.raises(errors.PayloadTooLarge):
        ensure_size(b"x" * 11, limit=10)


@pytest.mark.parametrize(
    ("header", "version"),
    [("3", 3), ('"3"', 3), ('W/"12"', 12), (None, None), ("", None), ("*", None)],
)
def test_if_match_forms(header: str | None, version: int | None) -> None:
    assert parse_if_match(header) == version


@pytest.mark.parametrize("header", ["abc", '"3a"', "-1", "3, 4"])
def test_an_if_match_that_is_no_version_never_matches(header: str) -> None:
    with pytest.raises(errors.PreconditionFailed):
        parse_if_match(header)


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer ", "Basic abc", "token", "Bearer " + "x" * 9000]
)
def test_malformed_authorization_headers(header: str | None) -> None:
    with pytest.raises(errors.Unauthenticated):
        bearer_token(header)


def test_bearer_scheme_is_case_insensitive() -> None:
    assert bearer_token("bearer abc.def.ghi") == "abc.def.ghi"


class SessionForm(RequestBody):
    date: str | None = None
    time: str | None = None
    extra_time_percentage: int | None = None
    session_id: int | None = None


def test_a_wrong_type_says_what_to_correct_in_the_screens_words() -> None:
    # Given a form sent with a number for the date and text for a number
    with pytest.raises(errors.BadRequest) as caught:
        validate_body(SessionForm, {"date": 20261214, "extraTimePercentage": "tiers"})

    # Then the message names the fields as the screens do, and each detail what is expected
    error = caught.value
    assert error.code == "INVALID_TYPE"
    assert error.message == "Corrigez ces informations\u00a0: date, temps majoré."
    assert [(d.field, d.message) for d in error.details] == [
        ("date", "Saisissez une date de la forme AAAA-MM-JJ."),
        ("extraTimePercentage", "Saisissez un nombre entier, par exemple 12."),
    ]


def test_one_wrong_field_is_named_alone_without_jargon() -> None:
    with pytest.raises(errors.BadRequest) as caught:
        validate_body(SessionForm, {"sessionId": "douze"})
    assert caught.value.message == "Corrigez cette information\u00a0: numéro de session."
    for word in ("JSON", "type", "chaîne", "booléen", "objet"):
        assert word not in caught.value.message + caught.value.details[0].message
