"""Identifiers that come from a URL or a body and cannot be real are answered like unknown
ones, without a lookup: DynamoDB would refuse such a key with an error (a 500)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from random import Random

import pytest

from shared.domain import errors
from shared.domain.pagination import PageRequest
from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.student import Student
from shared.services import candidates, centers, finalization, roster, sessions
from tests.fakes import (
    FakeCandidates,
    FakeCenters,
    FakeIssueReports,
    FakeSessions,
    FakeStudents,
    FakeUsers,
)

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
HUGE = "x" * 3000
PARIS = Center(
    id="c-paris", name="Collège Anne Frank", timezone="Europe/Paris", external_id="0999001A"
)
ALICE = Identity(user_id="alice", email="alice@anne-frank.test")
STAFF = Identity(user_id="staff", email="staff@pix.test", is_pix_admin=True)
FORM = {"address": "A", "room": "B", "date": "2026-12-14", "time": "12:00", "examiner": "C"}


@pytest.fixture
def world() -> dict[str, object]:
    users, store = FakeUsers(), FakeSessions()
    users.put_membership(Membership(user_id="alice", role=Role.ADMIN, center=PARIS))
    students = FakeStudents()
    students.save_many(
        [
            Student(
                id="p1",
                center_id="c-paris",
                last_name="A",
                first_name="B",
                birthdate=date(2010, 1, 1),
                division="3E1",
            )
        ]
    )
    session = sessions.create_session(store, users, ALICE, "c-paris", FORM, lambda: NOW, Random(1))
    return {"users": users, "sessions": store, "students": students, "session": session}


@pytest.mark.parametrize("who", [ALICE, STAFF])
def test_a_huge_center_id_is_an_unknown_center(world: dict[str, object], who: Identity) -> None:
    with pytest.raises(errors.NotFound):
        centers.get_center(world["users"], FakeCenters(), who, HUGE)  # type: ignore[arg-type]
    with pytest.raises(errors.NotFound):
        sessions.create_session(
            world["sessions"], world["users"], who, HUGE, FORM, lambda: NOW, Random(1)
        )  # type: ignore[arg-type]


def test_a_huge_student_id_is_an_unknown_pupil(world: dict[str, object]) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        candidates.enroll_students(
            world["sessions"],
            world["users"],
            world["students"],
            FakeCandidates(world["sessions"]),  # type: ignore[arg-type]
            ALICE,
            world["session"].id,
            ["p1", HUGE],
            lambda: NOW,  # type: ignore[attr-defined]
        )
    assert caught.value.code == "UNKNOWN_STUDENT"


def test_a_huge_report_id_is_an_unknown_report(world: dict[str, object]) -> None:
    with pytest.raises(errors.NotFound) as caught:
        finalization.delete_issue_report(
            world["sessions"],
            world["users"],
            FakeIssueReports(world["sessions"]),  # type: ignore[arg-type]
            ALICE,
            world["session"].id,
            HUGE,
            lambda: NOW,  # type: ignore[attr-defined]
        )
    assert caught.value.code == "ISSUE_REPORT_NOT_FOUND"


def test_a_class_name_no_class_can_have_matches_nobody(world: dict[str, object]) -> None:
    for asked in ([HUGE], [HUGE, "3E1"]):
        page, _ = roster.list_session_students(
            world["sessions"],
            world["users"],
            world["students"],
            ALICE,  # type: ignore[arg-type]
            world["session"].id,
            asked,
            PageRequest(),  # type: ignore[attr-defined]
        )
        assert [s.id for s in page.items] == ([] if asked == [HUGE] else ["p1"])


def test_pix_staff_listing_a_huge_center_id_get_an_unknown_center(world: dict[str, object]) -> None:
    with pytest.raises(errors.NotFound):
        sessions.list_sessions(world["sessions"], world["users"], STAFF, HUGE, None, PageRequest())  # type: ignore[arg-type]
