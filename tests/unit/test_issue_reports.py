"""The contract's issue-report table: required fields per category, limits."""

from __future__ import annotations

from typing import Any

import pytest

from shared.domain.errors import RuleViolation
from shared.domain.finalization import validate_issue_report
from shared.domain.issue_reports import CATEGORY_RULES, ISSUE_CODES, IssueCategory, code_of

VALID: list[dict[str, Any]] = [
    {
        "category": "CANDIDATE_INFORMATIONS_CHANGES",
        "subcategory": "NAME_OR_BIRTHDATE",
        "description": "Kirkove et non Kirokov",
    },
    {
        "category": "CANDIDATE_INFORMATIONS_CHANGES",
        "subcategory": "EXTRA_TIME_PERCENTAGE",
        "description": "33 %",
    },
    {
        "category": "LATE_OR_LEAVING",
        "subcategory": "LEFT_EXAM_ROOM",
        "description": "Sorti à 10 h 40",
    },
    {
        "category": "LATE_OR_LEAVING",
        "subcategory": "SIGNATURE_ISSUE",
        "description": "A signé ligne 4",
    },
    {"category": "CONNECTION_OR_END_SCREEN"},
    {"category": "FRAUD"},
    {"category": "IN_CHALLENGE", "subcategory": "IMAGE_NOT_DISPLAYING", "questionNumber": 12},
    {
        "category": "IN_CHALLENGE",
        "subcategory": "OTHER",
        "questionNumber": 500,
        "description": "Vidéo figée",
    },
    {"category": "TECHNICAL_PROBLEM", "description": "L'ordinateur s'est éteint"},
    {"category": "OTHER", "description": "Alarme incendie"},
]


@pytest.mark.parametrize("form", VALID)
def test_each_category_with_what_it_requires(form: dict[str, Any]) -> None:
    report = validate_issue_report(form)
    assert report.category == IssueCategory(form["category"])


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        ({}, {"category"}),
        ({"category": "ALIENS"}, {"category"}),
        ({"category": "CANDIDATE_INFORMATIONS_CHANGES"}, {"subcategory", "description"}),
        (
            {
                "category": "CANDIDATE_INFORMATIONS_CHANGES",
                "subcategory": "IMAGE_NOT_DISPLAYING",
                "description": "x",
            },
            {"subcategory"},
        ),
        ({"category": "LATE_OR_LEAVING", "subcategory": "LEFT_EXAM_ROOM"}, {"description"}),
        ({"category": "IN_CHALLENGE", "subcategory": "LINK_NOT_WORKING"}, {"questionNumber"}),
        (
            {"category": "IN_CHALLENGE", "subcategory": "OTHER", "questionNumber": 3},
            {"description"},
        ),
        (
            {"category": "IN_CHALLENGE", "subcategory": "LINK_NOT_WORKING", "questionNumber": 0},
            {"questionNumber"},
        ),
        (
            {"category": "IN_CHALLENGE", "subcategory": "LINK_NOT_WORKING", "questionNumber": 501},
            {"questionNumber"},
        ),
        ({"category": "TECHNICAL_PROBLEM"}, {"description"}),
        ({"category": "OTHER", "description": "x" * 501}, {"description"}),
        ({"category": "FRAUD", "subcategory": "LINK_NOT_WORKING"}, {"subcategory"}),
        ({"category": "FRAUD", "questionNumber": 4}, {"questionNumber"}),
    ],
)
def test_what_is_missing_or_wrong_is_named(form: dict[str, Any], fields: set[str]) -> None:
    with pytest.raises(RuleViolation) as caught:
        validate_issue_report(form)
    assert {d.field for d in caught.value.details} == fields
    assert all(d.message for d in caught.value.details)


def test_the_table_has_every_code_of_the_pv() -> None:
    assert [c.code for c in ISSUE_CODES] == [
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "C6",
        "E1",
        "E2",
        "E3",
        "E4",
        "E5",
        "E6",
        "E7",
        "A1",
        "A2",
    ]
    assert set(CATEGORY_RULES) == set(IssueCategory)
    assert code_of(IssueCategory.IN_CHALLENGE, "OTHER").code == "E7"  # type: ignore[union-attr]
    assert code_of(IssueCategory.FRAUD, None).code == "C6"  # type: ignore[union-attr]
