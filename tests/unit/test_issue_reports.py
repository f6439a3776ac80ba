"""The contract's issue-report table: required fields per category, limits."""

from __future__ import annotations

import pytest

from shared.domain.errors import RuleViolation
from shared.domain.finalization import IssueReportInput, validate_issue_report
from shared.domain.issue_reports import CATEGORY_RULES, ISSUE_CODES, IssueCategory, code_of

VALID = [
    IssueReportInput(
        category="CANDIDATE_INFORMATIONS_CHANGES",
        subcategory="NAME_OR_BIRTHDATE",
        description="Kirkove et non Kirokov",
    ),
    IssueReportInput(
        category="CANDIDATE_INFORMATIONS_CHANGES",
        subcategory="EXTRA_TIME_PERCENTAGE",
        description="33 %",
    ),
    IssueReportInput(
        category="LATE_OR_LEAVING", subcategory="LEFT_EXAM_ROOM", description="Sorti à 10 h 40"
    ),
    IssueReportInput(
        category="LATE_OR_LEAVING", subcategory="SIGNATURE_ISSUE", description="A signé ligne 4"
    ),
    IssueReportInput(category="CONNECTION_OR_END_SCREEN"),
    IssueReportInput(category="FRAUD"),
    IssueReportInput(
        category="IN_CHALLENGE", subcategory="IMAGE_NOT_DISPLAYING", question_number=12
    ),
    IssueReportInput(
        category="IN_CHALLENGE", subcategory="OTHER", question_number=500, description="Vidéo figée"
    ),
    IssueReportInput(category="TECHNICAL_PROBLEM", description="L'ordinateur s'est éteint"),
    IssueReportInput(category="OTHER", description="Alarme incendie"),
]


@pytest.mark.parametrize("form", VALID)
def test_each_category_with_what_it_requires(form: IssueReportInput) -> None:
    report = validate_issue_report(form)
    assert form.category is not None
    assert report.category == IssueCategory(form.category)


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        (IssueReportInput(), {"category"}),
        (IssueReportInput(category="ALIENS"), {"category"}),
        (
            IssueReportInput(category="CANDIDATE_INFORMATIONS_CHANGES"),
            {"subcategory", "description"},
        ),
        (
            IssueReportInput(
                category="CANDIDATE_INFORMATIONS_CHANGES",
                subcategory="IMAGE_NOT_DISPLAYING",
                description="x",
            ),
            {"subcategory"},
        ),
        (
            IssueReportInput(category="LATE_OR_LEAVING", subcategory="LEFT_EXAM_ROOM"),
            {"description"},
        ),
        (
            IssueReportInput(category="IN_CHALLENGE", subcategory="LINK_NOT_WORKING"),
            {"question_number"},
        ),
        (
            IssueReportInput(category="IN_CHALLENGE", subcategory="OTHER", question_number=3),
            {"description"},
        ),
        (
            IssueReportInput(
                category="IN_CHALLENGE", subcategory="LINK_NOT_WORKING", question_number=0
            ),
            {"question_number"},
        ),
        (
            IssueReportInput(
                category="IN_CHALLENGE", subcategory="LINK_NOT_WORKING", question_number=501
            ),
            {"question_number"},
        ),
        (IssueReportInput(category="TECHNICAL_PROBLEM"), {"description"}),
        (IssueReportInput(category="OTHER", description="x" * 501), {"description"}),
        (IssueReportInput(category="FRAUD", subcategory="LINK_NOT_WORKING"), {"subcategory"}),
        (IssueReportInput(category="FRAUD", question_number=4), {"question_number"}),
    ],
)
def test_what_is_missing_or_wrong_is_named(form: IssueReportInput, fields: set[str]) -> None:
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
    in_challenge = code_of(IssueCategory.IN_CHALLENGE, "OTHER")
    fraud = code_of(IssueCategory.FRAUD, None)
    assert in_challenge is not None and in_challenge.code == "E7"
    assert fraud is not None and fraud.code == "C6"
