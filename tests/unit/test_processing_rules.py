"""The processing rules (shared/domain/processing.py), pure: what blocks a publication, which
reports are impactful, when a session requires action, what unfinalizing does, who may take
a session, unpublishing, and what the school sees while Pix works."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.deadline_index import index_keys
from shared.domain import errors
from shared.domain.audit import Actor, Audit
from shared.domain.candidate import Candidate, CandidateStatus
from shared.domain.finalization import (
    CandidateFinalization,
    Finalization,
    IssueReport,
    mark_finalized,
    mark_processed,
)
from shared.domain.issue_reports import ISSUE_CODES, IssueCategory, is_impactful
from shared.domain.people import Center
from shared.domain.processing import (
    StaffMember,
    assign,
    ensure_publishable,
    publication_blockers,
    requires_action,
    resolve,
    unfinalize,
    unpublish,
)
from shared.domain.results import (
    RESULTS_SAVING_LEASE,
    CertificationResult,
    ResultStatus,
    SavingMark,
    results_being_saved,
    saving_marks,
)
from shared.domain.session import (
    Session,
    SessionCodes,
    SessionDetails,
    SessionFilter,
    SessionStatus,
    new_session,
)

PARIS = Center(id="c-paris", name="Collège Anne Frank", timezone="Europe/Paris", external_id="")
CREATED_AT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
FINALIZED_AT = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 20, 9, 30, tzinfo=UTC)
ANNE = StaffMember(user_id="anne", name="Anne Pix")
BOB = StaffMember(user_id="bob", name="Bob Pix")


def a_session(status: SessionStatus = SessionStatus.FINALIZED) -> Session:
    session = new_session(
        42,
        PARIS,
        SessionDetails(
            address="Collège", room="208", date=date(2026, 12, 14), time=time(12), examiner="P."
        ),
        SessionCodes(access_code="BCDF23", supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("test"), at=CREATED_AT),
    )
    if status is SessionStatus.CREATED:
        return session
    finalized = mark_finalized(session, FINALIZED_AT, requires_action=True)
    if status is SessionStatus.FINALIZED:
        return finalized
    taken = assign(finalized, ANNE)
    assert taken is not None
    if status is SessionStatus.IN_PROCESS:
        return taken
    return mark_processed(taken, LATER)


def a_candidate(candidate_id: str) -> Candidate:
    return Candidate(
        id=candidate_id,
        session_id=42,
        student_id=f"p-{candidate_id}",
        last_name="Martin",
        first_name=f"Lucas {candidate_id}",
        birthdate=date(2010, 3, 12),
        division="3E1",
        enrolled_at=CREATED_AT,
        status=CandidateStatus.COMPLETED,
        certification_number=1000 + len(candidate_id),
    )


def a_result(candidate_id: str) -> CertificationResult:
    return CertificationResult(
        session_id=42,
        candidate_id=candidate_id,
        certification_number=1000,
        status=ResultStatus.VALIDATED,
        pix_score=512,
        saved_at=LATER,
        saved_by="anne",
    )


def a_report(
    category: IssueCategory = IssueCategory.FRAUD,
    subcategory: str | None = None,
    resolved: bool = False,
    report_id: str = "r1",
) -> IssueReport:
    return IssueReport(
        id=report_id,
        session_id=42,
        candidate_id="c1",
        category=category,
        subcategory=subcategory,
        description="Fenêtre ouverte",
        created_at=FINALIZED_AT,
        created_by="alice",
        resolution="Vu, sans effet" if resolved else None,
        resolved_at=LATER if resolved else None,
        resolved_by="anne" if resolved else None,
    )


# --- publishable, and what blocks it ------------------------------------------------------


def test_a_session_whose_joined_candidates_all_have_a_result_is_publishable() -> None:
    joined = [a_candidate("c1"), a_candidate("c2")]
    results = [a_result("c1"), a_result("c2")]
    assert publication_blockers(joined, results, [a_report(resolved=True)]) == []
    ensure_publishable(a_session(SessionStatus.IN_PROCESS), joined, results, [], LATER)


def test_each_joined_candidate_without_a_result_is_named() -> None:
    joined = [a_candidate("c1"), a_candidate("c2"), a_candidate("c3")]
    blockers = publication_blockers(joined, [a_result("c2")], [])
    assert [(b.field, b.code) for b in blockers] == [
        ("candidates.c1", "RESULT_MISSING"),
        ("candidates.c3", "RESULT_MISSING"),
    ]
    assert "Lucas c1 Martin" in blockers[0].message


def test_an_unresolved_impactful_report_blocks_a_resolved_one_does_not() -> None:
    joined = [a_candidate("c1")]
    results = [a_result("c1")]
    unresolved = a_report(IssueCategory.TECHNICAL_PROBLEM, report_id="r-open")
    resolved = a_report(IssueCategory.FRAUD, resolved=True, report_id="r-done")
    blockers = publication_blockers(joined, results, [unresolved, resolved])
    assert [(b.field, b.code) for b in blockers] == [
        ("issueReports.r-open", "ISSUE_REPORT_UNRESOLVED")
    ]


def test_an_unresolved_report_that_is_not_impactful_does_not_block() -> None:
    late = a_report(IssueCategory.LATE_OR_LEAVING, "LEFT_EXAM_ROOM")
    assert publication_blockers([a_candidate("c1")], [a_result("c1")], [late]) == []


def test_not_publishable_is_a_409_listing_everything_missing() -> None:
    with pytest.raises(errors.Conflict) as refused:
        ensure_publishable(
            a_session(SessionStatus.FINALIZED), [a_candidate("c1")], [], [a_report()], LATER
        )
    assert refused.value.code == "SESSION_NOT_PUBLISHABLE"
    assert [d.code for d in refused.value.details] == ["RESULT_MISSING", "ISSUE_REPORT_UNRESOLVED"]


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (SessionStatus.CREATED, "SESSION_NOT_FINALIZED"),
        (SessionStatus.PROCESSED, "SESSION_ALREADY_PROCESSED"),
    ],
)
def test_only_a_finalized_or_in_process_session_is_published(
    status: SessionStatus, code: str
) -> None:
    with pytest.raises(errors.Conflict) as refused:
        ensure_publishable(a_session(status), [], [], [], LATER)
    assert refused.value.code == code


def test_a_session_whose_results_are_being_saved_is_not_published_until_the_mark_expires() -> None:
    until = LATER + RESULTS_SAVING_LEASE
    saving = a_session(SessionStatus.IN_PROCESS).model_copy(update={"results_saving_until": until})
    with pytest.raises(errors.Conflict) as refused:
        ensure_publishable(saving, [], [], [], LATER)
    assert refused.value.code == "SESSION_NOT_PUBLISHABLE"
    assert "quelques minutes" in refused.value.message
    assert [(d.field, d.code) for d in refused.value.details] == [
        ("results", "RESULTS_BEING_SAVED")
    ]
    # The mark of a saver that crashed: expired, it blocks nothing, and publication drops it.
    ensure_publishable(saving, [], [], [], until)
    assert mark_processed(saving, until).results_saving_until is None


def test_only_a_save_in_several_groups_marks_the_session_first_to_last() -> None:
    unmarked = a_session(SessionStatus.IN_PROCESS)
    assert saving_marks(0, unmarked, LATER) == []
    assert saving_marks(1, unmarked, LATER) == [None]
    first, last = saving_marks(2, unmarked, LATER)
    assert first == SavingMark(until=LATER + RESULTS_SAVING_LEASE, replaces=None)
    assert last == SavingMark(until=LATER + RESULTS_SAVING_LEASE, release=True)
    assert saving_marks(4, unmarked, LATER)[1:3] == [None, None]


def test_a_long_save_is_refused_while_another_holds_the_mark() -> None:
    until = LATER + RESULTS_SAVING_LEASE
    other = a_session(SessionStatus.IN_PROCESS).model_copy(update={"results_saving_until": until})
    with pytest.raises(errors.Conflict) as refused:
        saving_marks(2, other, LATER)
    assert refused.value.code == "RESULTS_BEING_SAVED"
    assert "réessayez dans quelques minutes" in refused.value.message
    # A save of one group is atomic: it does not wait for the other.
    assert saving_marks(1, other, LATER) == [None]
    # Once the other's lease has run out (a saver that crashed), its mark is replaced.
    first, _ = saving_marks(2, other, until)
    assert first == SavingMark(until=until + RESULTS_SAVING_LEASE, replaces=until)


def test_the_retry_of_a_save_takes_its_own_mark_over() -> None:
    """A save whose first group was written, then lost a race: its retry is not "another
    save", and if the retry needs one group only, that group releases the mark."""
    ours = LATER + RESULTS_SAVING_LEASE
    marked = a_session(SessionStatus.IN_PROCESS).model_copy(update={"results_saving_until": ours})
    later = LATER + timedelta(seconds=2)
    first, last = saving_marks(2, marked, later, ours)
    assert first == SavingMark(until=later + RESULTS_SAVING_LEASE, replaces=ours)
    assert last == SavingMark(until=later + RESULTS_SAVING_LEASE, release=True)
    assert saving_marks(1, marked, later, ours) == [SavingMark(until=ours, release=True)]


# --- impactful reports --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "impactful"),
    [
        (IssueCategory.IN_CHALLENGE, True),
        (IssueCategory.TECHNICAL_PROBLEM, True),
        (IssueCategory.FRAUD, True),
        (IssueCategory.OTHER, True),
        (IssueCategory.CANDIDATE_INFORMATIONS_CHANGES, False),
        (IssueCategory.LATE_OR_LEAVING, False),
        (IssueCategory.CONNECTION_OR_END_SCREEN, False),
    ],
)
def test_impactful_categories(category: IssueCategory, impactful: bool) -> None:
    assert is_impactful(category, None) is impactful


def test_of_the_candidate_changes_only_extra_time_is_impactful() -> None:
    changes = {
        code.subcategory: is_impactful(code.category, code.subcategory)
        for code in ISSUE_CODES
        if code.category is IssueCategory.CANDIDATE_INFORMATIONS_CHANGES
    }
    assert changes == {"NAME_OR_BIRTHDATE": False, "EXTRA_TIME_PERCENTAGE": True}


# --- requiresAction -----------------------------------------------------------------------


def test_a_global_comment_requires_action() -> None:
    assert requires_action("Un élève malade", []) is True
    assert requires_action("   ", []) is False


def test_an_unresolved_impactful_report_requires_action_until_resolved() -> None:
    report = a_report(IssueCategory.IN_CHALLENGE)
    assert requires_action("", [report]) is True
    assert requires_action("", [resolve(report, "Épreuve neutralisée", ANNE, LATER)]) is False


def test_an_unresolved_report_that_is_not_impactful_requires_no_action() -> None:
    assert requires_action("", [a_report(IssueCategory.LATE_OR_LEAVING, "LEFT_EXAM_ROOM")]) is False


def test_a_resolution_records_who_and_when_and_replaces_an_earlier_one() -> None:
    first = resolve(a_report(), "Première", ANNE, LATER)
    again = resolve(first, "Seconde", BOB, LATER + timedelta(hours=1))
    assert (again.resolution, again.resolved_by, again.resolved_at) == (
        "Seconde",
        "bob",
        LATER + timedelta(hours=1),
    )


# --- unfinalize -----------------------------------------------------------------------------


def test_unfinalize_gives_the_session_back_to_the_school_with_its_finalization_as_draft() -> None:
    session = a_session(SessionStatus.IN_PROCESS).model_copy(update={"jury_comment": "Vu"})
    final = Finalization(
        session_id=42,
        examiner_global_comment="Coupure réseau à 10 h",
        has_incident=True,
        candidates={"c1": CandidateFinalization(has_seen_end_test_screen=True)},
        finalized_at=FINALIZED_AT,
        finalized_by="alice",
    )
    reopened = unfinalize(session, final, LATER)
    after = reopened.session
    assert after.status is SessionStatus.CREATED and after.finalized_at is None
    assert (after.assigned_to, after.assigned_to_name, after.requires_action) == (
        None,
        None,
        False,
    )
    assert after.jury_comment == "Vu"  # kept for when it comes back
    assert after.version == session.version + 1
    assert reopened.draft.model_dump() == final.model_dump(exclude={"finalized_at", "finalized_by"})


def test_unfinalize_re_arms_the_48_hour_rule_from_now() -> None:
    overdue = a_session(SessionStatus.FINALIZED).model_copy(
        update={"finalization_overdue": True, "reminder_sent": True}
    )
    after = unfinalize(overdue, None, LATER).session
    assert after.finalization_deadline == LATER + timedelta(hours=48)
    assert (after.finalization_overdue, after.reminder_sent) == (False, False)
    # Back in the sweep's DUE partition, checked 24 hours before the new deadline.
    assert index_keys(after) == keys.deadline_index(keys.DUE, LATER + timedelta(hours=24), 42)


def test_unfinalize_drops_the_mark_of_a_results_save_under_way() -> None:
    """The save stops at its next group (a CREATED session takes no results): once the school
    finalizes again, its mark must not hold the session back from a new save or publication."""
    saving = a_session(SessionStatus.IN_PROCESS).model_copy(
        update={"results_saving_until": LATER + RESULTS_SAVING_LEASE}
    )
    after = unfinalize(saving, None, LATER).session
    assert after.results_saving_until is None
    assert not results_being_saved(after, LATER)


def test_unfinalize_without_a_stored_finalization_gives_an_empty_draft() -> None:
    reopened = unfinalize(a_session(SessionStatus.FINALIZED), None, LATER)
    assert reopened.draft.session_id == 42 and reopened.draft.candidates == {}


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (SessionStatus.CREATED, "SESSION_NOT_FINALIZED"),
        (SessionStatus.PROCESSED, "SESSION_ALREADY_PROCESSED"),
    ],
)
def test_unfinalize_only_a_session_being_processed(status: SessionStatus, code: str) -> None:
    with pytest.raises(errors.Conflict) as refused:
        unfinalize(a_session(status), None, LATER)
    assert refused.value.code == code


# --- assign ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (SessionStatus.CREATED, "SESSION_NOT_FINALIZED"),
        (SessionStatus.PROCESSED, "SESSION_ALREADY_PROCESSED"),
    ],
)
def test_assign_is_a_409_unless_finalized_or_in_process(status: SessionStatus, code: str) -> None:
    with pytest.raises(errors.Conflict) as refused:
        assign(a_session(status), BOB)
    assert refused.value.code == code


def test_assign_a_finalized_session_puts_it_in_process() -> None:
    session = a_session(SessionStatus.FINALIZED)
    taken = assign(session, BOB)
    assert taken is not None
    assert (taken.status, taken.assigned_to, taken.assigned_to_name, taken.version) == (
        SessionStatus.IN_PROCESS,
        "bob",
        "Bob Pix",
        session.version + 1,
    )


def test_assigning_again_to_oneself_changes_nothing() -> None:
    assert assign(a_session(SessionStatus.IN_PROCESS), ANNE) is None


def test_another_staff_member_may_take_a_session_over() -> None:
    taken = assign(a_session(SessionStatus.IN_PROCESS), BOB)
    assert taken is not None
    assert (taken.status, taken.assigned_to) == (SessionStatus.IN_PROCESS, "bob")


# --- unpublish ------------------------------------------------------------------------------


def test_unpublish_goes_back_to_in_process_with_whoever_withdrew_the_results() -> None:
    processed = a_session(SessionStatus.PROCESSED)
    back = unpublish(processed, BOB)
    assert (back.status, back.published_at, back.assigned_to) == (
        SessionStatus.IN_PROCESS,
        None,
        "bob",
    )


@pytest.mark.parametrize("status", [SessionStatus.FINALIZED, SessionStatus.IN_PROCESS])
def test_only_published_results_are_withdrawn(status: SessionStatus) -> None:
    with pytest.raises(errors.Conflict) as refused:
        unpublish(a_session(status), BOB)
    assert refused.value.code == "SESSION_NOT_PROCESSED"


# --- what the school sees --------------------------------------------------------------------


def test_the_school_sees_a_session_in_process_as_finalized() -> None:
    in_process = a_session(SessionStatus.IN_PROCESS)
    assert in_process.school_status is SessionStatus.FINALIZED
    assert in_process.matches(SessionFilter.FINALIZED)
    assert a_session(SessionStatus.PROCESSED).school_status is SessionStatus.PROCESSED
