"""The invitation's rules on their own: the hash, the comparison, how long it lives and how
long it is kept, and the addresses accepted."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from shared.domain import errors
from shared.domain.people import Membership, Role
from shared.domain.team import (
    INVITATION_KEPT,
    INVITATION_VALIDITY,
    AcceptInput,
    Invitee,
    code_matches,
    hash_code,
    is_email,
    new_invitation,
    sort_members,
)
from tests.unit.given import NOW, PARIS

INVITER = Membership(user_id="alice", role=Role.ADMIN, center=PARIS)


def test_the_code_is_kept_as_its_sha256_only() -> None:
    made = new_invitation("inv-1", INVITER, Invitee(email="a@b.fr", role=Role.MEMBER), "c0de", NOW)
    assert made.code_hash == hashlib.sha256(b"c0de").hexdigest() == hash_code("c0de")
    assert "c0de" not in made.model_dump_json()
    assert made.has_code("c0de") and not made.has_code("c0dE")
    assert not made.has_code("") and not made.has_code(None)
    assert not code_matches("", hash_code(""))  # no code is never a match


def test_seven_days_then_kept_thirty_more() -> None:
    made = new_invitation("inv-1", INVITER, Invitee(email="a@b.fr", role=Role.MEMBER), "c", NOW)
    assert made.expires_at == NOW + INVITATION_VALIDITY == NOW + timedelta(days=7)
    assert made.is_pending(NOW + timedelta(days=7) - timedelta(microseconds=1))
    assert not made.is_pending(NOW + timedelta(days=7))
    assert made.forgotten_after() == made.expires_at + INVITATION_KEPT
    accepted = made.accepted("u", NOW + timedelta(days=1))
    assert accepted.forgotten_after() == NOW + timedelta(days=1) + INVITATION_KEPT
    renewed = made.renewed(hash_code("d"), Role.ADMIN, NOW + timedelta(days=6))
    assert renewed.forgotten_after() == NOW + timedelta(days=13) + INVITATION_KEPT
    assert (renewed.id, renewed.created_at) == (made.id, made.created_at)


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("prenom.nom@ac-paris.fr", True),
        ("o'brien+equipe@college.test", True),
        ("a@b", False),
        ("a@@b.fr", False),
        ("a b@c.fr", False),
        (".a@b.fr", False),
        ("a..b@c.fr", False),
        ("a@-b.fr", False),
        ("élève@b.fr", False),
        ("x" * 250 + "@b.fr", False),
    ],
)
def test_addresses(address: str, valid: bool) -> None:
    assert is_email(address) is valid


def test_members_sort_by_last_name_the_french_way() -> None:
    def member(user_id: str, last: str, first: str) -> Membership:
        return INVITER.model_copy(
            update={"user_id": user_id, "last_name": last, "first_name": first, "email": "x"}
        )

    ordered = sort_members(
        [member("1", "Zola", "A"), member("2", "élie", "B"), member("3", "Eluard", "C")]
    )
    assert [m.user_id for m in ordered] == ["2", "3", "1"]


def test_a_new_account_needs_every_field_and_says_so_for_each() -> None:
    with pytest.raises(errors.RuleViolation) as refused:
        AcceptInput(code="c", first_name="  ", last_name=None, password="").require_new_account()
    assert refused.value.code == "VALIDATION_ERROR"
    assert [(d.field, d.code, d.message) for d in refused.value.details] == [
        ("first_name", "REQUIRED", "Veuillez indiquer votre prénom."),
        ("last_name", "REQUIRED", "Veuillez indiquer votre nom."),
        ("password", "REQUIRED", "Veuillez choisir un mot de passe."),
    ]
    AcceptInput(first_name="I", last_name="D", password="p").require_new_account()


def test_names_of_255_characters_at_most_once_trimmed() -> None:
    AcceptInput(first_name=" " + "P" * 255 + " ", last_name="N" * 255).check_names()
    AcceptInput().check_names()  # with an account, no names are needed
    with pytest.raises(errors.RuleViolation) as refused:
        AcceptInput(first_name="P" * 256, last_name="N" * 65_536).check_names()
    assert refused.value.code == "VALIDATION_ERROR"
    assert [(d.field, d.code, d.message) for d in refused.value.details] == [
        ("first_name", "TOO_LONG", "Le prénom ne doit pas dépasser 255 caractères."),
        ("last_name", "TOO_LONG", "Le nom ne doit pas dépasser 255 caractères."),
    ]
