"""Identifiers that come from a URL or a body and cannot be real are answered like unknown
ones, without a lookup: DynamoDB would refuse such a key with an error (a 500). The fakes
refuse such keys too (`tests.fakes.dynamodb_key`), so a lookup would fail these tests."""

from __future__ import annotations

import pytest

from shared.domain import errors
from shared.domain.pagination import PageRequest
from shared.domain.people import Identity
from shared.domain.session import Session
from shared.services import candidates, centers, finalization, roster, sessions
from shared.services.dependencies import Dependencies
from tests.unit.given import ALICE, LUCAS, NOE, SESSION_FORM, STAFF, ZOE

HUGE = "x" * 3000


@pytest.mark.parametrize("who", [ALICE, STAFF])
def test_a_huge_center_id_is_an_unknown_center(deps: Dependencies, who: Identity) -> None:
    with pytest.raises(errors.NotFound):
        centers.get_center(deps, who, HUGE)
    with pytest.raises(errors.NotFound):
        sessions.create_session(deps, who, HUGE, SESSION_FORM)


def test_a_huge_student_id_is_an_unknown_pupil(deps: Dependencies, session: Session) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        candidates.enroll_students(deps, ALICE, session.id, [LUCAS.id, HUGE])
    assert caught.value.code == "UNKNOWN_STUDENT"


def test_a_huge_report_id_is_an_unknown_report(deps: Dependencies, session: Session) -> None:
    with pytest.raises(errors.NotFound) as caught:
        finalization.delete_issue_report(deps, ALICE, session.id, HUGE)
    assert caught.value.code == "ISSUE_REPORT_NOT_FOUND"


def test_a_class_name_no_class_can_have_matches_nobody(
    deps: Dependencies, session: Session
) -> None:
    class_3e1 = [NOE.id, ZOE.id, LUCAS.id]  # in roster order
    for asked, expected in (([HUGE], []), ([HUGE, "3E1"], class_3e1)):
        page, _ = roster.list_session_students(deps, ALICE, session.id, asked, PageRequest())
        assert [s.id for s in page.items] == expected


def test_pix_staff_listing_a_huge_center_id_get_an_unknown_center(deps: Dependencies) -> None:
    with pytest.raises(errors.NotFound):
        sessions.list_sessions(deps, STAFF, HUGE, None, PageRequest())
