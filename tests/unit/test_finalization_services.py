"""Finalization on in-memory fakes: draft, reports, the rules of "Valider", publication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from shared.domain import errors
from shared.domain.audit import AuditAction
from shared.domain.candidate import Candidate, CandidateStatus
from shared.domain.finalization import (
    CandidateFinalizationInput,
    FinalizationInput,
    IssueReport,
    IssueReportInput,
)
from shared.domain.results import CertificationResult, ResultStatus
from shared.domain.session import Session, SessionStatus
from shared.services import candidates
from shared.services import finalization as service
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, LUCAS, NOE, STAFF, ZOE

# The day of the session, after its end.
AFTER_THE_TEST = datetime(2026, 12, 14, 14, 0, tzinfo=UTC)


@pytest.fixture
def enrolled(deps: Dependencies, fakes: Fakes, session: Session) -> dict[str, Candidate]:
    """Lucas, Zoé and Noé enrolled in the session, by pupil id; the clock after the test."""
    fakes.clock.now = AFTER_THE_TEST
    ids = [LUCAS.id, ZOE.id, NOE.id]
    return {
        c.student_id: c for c in candidates.enroll_students(deps, ALICE, session.id, ids).candidates
    }


def join(
    fakes: Fakes, candidate: Candidate, status: CandidateStatus = CandidateStatus.STARTED
) -> str:
    """The candidate joined (and, if COMPLETED, finished), stored as joining would store it."""
    fakes.candidates.alter(
        candidate.session_id,
        candidate.id,
        status=status,
        certification_number=fakes.candidates.next_certification_number(),
        joined_at=fakes.clock.now,
    )
    stored = fakes.sessions.sessions[candidate.session_id]
    fakes.sessions.alter(
        stored.id, started_count=stored.started_count + 1, version=stored.version + 1
    )
    return candidate.id


def row(
    candidate_id: str, abort_reason: str | None = None, seen_end_screen: bool | None = None
) -> CandidateFinalizationInput:
    return CandidateFinalizationInput(
        candidate_id=candidate_id,
        abort_reason=abort_reason,
        has_seen_end_test_screen=seen_end_screen,
    )


def a_result_for(fakes: Fakes, candidate: Candidate) -> None:
    """A result entered for the candidate (results entry is not these tests' business)."""
    fakes.results.results[(candidate.session_id, candidate.id)] = CertificationResult(
        session_id=candidate.session_id,
        candidate_id=candidate.id,
        certification_number=candidate.certification_number or 0,
        status=ResultStatus.VALIDATED,
        pix_score=512,
        saved_at=datetime(2026, 12, 20, tzinfo=UTC),
        saved_by="staff",
    )


def finalize(
    deps: Dependencies, session: Session, form: FinalizationInput | None = None
) -> Session:
    """Alice clicks "Valider" with this form (an empty one by default)."""
    return service.finalize(deps, ALICE, session.id, form or FinalizationInput())


def report(
    deps: Dependencies, session: Session, candidate_id: str, form: IssueReportInput
) -> IssueReport:
    return service.add_issue_report(deps, ALICE, session.id, candidate_id, form)


@pytest.mark.usefixtures("enrolled")
def test_nobody_joined_so_nothing_to_finalize(deps: Dependencies, session: Session) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        finalize(deps, session)
    assert caught.value.code == "SESSION_NOT_STARTED"


def test_an_unfinished_test_needs_an_abort_reason(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    started = join(fakes, enrolled[LUCAS.id])
    completed = join(fakes, enrolled[ZOE.id], CandidateStatus.COMPLETED)
    with pytest.raises(errors.RuleViolation) as caught:
        finalize(
            deps, session, FinalizationInput(candidates=[row(completed, seen_end_screen=True)])
        )
    assert caught.value.code == "ABORT_REASON_REQUIRED"
    assert started in caught.value.details[0].field
    finalized = finalize(
        deps,
        session,
        FinalizationInput(
            candidates=[
                row(started, abort_reason="TECHNICAL"),
                row(completed, seen_end_screen=True),
            ]
        ),
    )
    assert finalized.status is SessionStatus.FINALIZED and finalized.finalized_at == AFTER_THE_TEST


def test_a_completed_test_cannot_have_an_abort_reason(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    completed = join(fakes, enrolled[ZOE.id], CandidateStatus.COMPLETED)
    with pytest.raises(errors.RuleViolation) as caught:
        finalize(
            deps, session, FinalizationInput(candidates=[row(completed, abort_reason="CANDIDATE")])
        )
    assert caught.value.code == "ABORT_REASON_ON_COMPLETED"


def test_the_comment_is_500_characters_at_most(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    join(fakes, enrolled[ZOE.id], CandidateStatus.COMPLETED)
    with pytest.raises(errors.RuleViolation) as caught:
        finalize(deps, session, FinalizationInput(examiner_global_comment="x" * 501))
    assert caught.value.code == "COMMENT_TOO_LONG"
    finalize(deps, session, FinalizationInput(examiner_global_comment="é" * 500))


def test_an_incident_needs_a_comment_to_validate_not_to_save(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    # Given a session Zoé completed, and "Je souhaite signaler un ou plusieurs incident(s)"
    # chosen with a blank comment
    join(fakes, enrolled[ZOE.id], CandidateStatus.COMPLETED)
    form = FinalizationInput(has_incident=True, examiner_global_comment="   ")

    # Then "Sauvegarder" keeps it, "Valider" refuses it and names the comment
    service.save_draft(deps, ALICE, session.id, form)
    with pytest.raises(errors.RuleViolation) as caught:
        finalize(deps, session, form)
    assert caught.value.code == "COMMENT_REQUIRED"
    assert [(d.field, d.code) for d in caught.value.details] == [
        ("examiner_global_comment", "REQUIRED")
    ]
    assert "commentaire" in caught.value.message
    assert fakes.sessions.sessions[session.id].status is SessionStatus.CREATED

    # And with the incident described, it validates
    described = form.model_copy(update={"examiner_global_comment": "Coupure réseau à 14 h."})
    assert finalize(deps, session, described).status is SessionStatus.FINALIZED


def test_finalizing_twice_is_409_and_frees_the_access_code(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    join(fakes, enrolled[ZOE.id], CandidateStatus.COMPLETED)
    finalize(deps, session)
    assert session.access_code not in fakes.sessions.reserved_codes
    with pytest.raises(errors.Conflict) as caught:
        finalize(deps, session)
    assert caught.value.code == "SESSION_ALREADY_FINALIZED"


def test_the_draft_keeps_everything_for_later(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    started = join(fakes, enrolled[LUCAS.id])
    saved = service.save_draft(
        deps,
        ALICE,
        session.id,
        FinalizationInput(
            examiner_global_comment="Coupure réseau à 10 h",
            has_incident=True,
            candidates=[row(started, abort_reason="TECHNICAL")],
        ),
    )
    assert saved.draft.examiner_global_comment == "Coupure réseau à 10 h"
    view = service.read_finalization(deps, ALICE, session.id)
    assert view.draft.has_incident and view.draft.candidates[started].abort_reason == "TECHNICAL"
    assert [c.id for c in view.candidates] == [started]  # only candidates who joined
    assert fakes.sessions.sessions[session.id].status is SessionStatus.CREATED


def test_reports_only_for_joined_candidates_and_not_after_finalization(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    started = join(fakes, enrolled[LUCAS.id])
    with pytest.raises(errors.RuleViolation) as caught:
        report(deps, session, enrolled[NOE.id].id, IssueReportInput(category="FRAUD"))
    assert caught.value.code == "CANDIDATE_NOT_JOINED"
    added = report(
        deps,
        session,
        started,
        IssueReportInput(
            category="IN_CHALLENGE", subcategory="LINK_NOT_WORKING", question_number=7
        ),
    )
    assert service.read_finalization(deps, ALICE, session.id).reports == [added]
    finalize(deps, session, FinalizationInput(candidates=[row(started, abort_reason="CANDIDATE")]))
    with pytest.raises(errors.Conflict):
        report(deps, session, started, IssueReportInput(category="FRAUD"))
    with pytest.raises(errors.Conflict):
        service.delete_issue_report(deps, ALICE, session.id, added.id)


def test_after_finalization_the_view_shows_what_was_validated(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    started = join(fakes, enrolled[LUCAS.id])
    finalize(
        deps,
        session,
        FinalizationInput(
            examiner_global_comment="RAS", candidates=[row(started, abort_reason="CANDIDATE")]
        ),
    )
    view = service.read_finalization(deps, ALICE, session.id)
    assert view.draft.examiner_global_comment == "RAS"
    assert view.session.status is SessionStatus.FINALIZED


def recording(reads: list[str], name: str, listed: Callable[[int], Any]) -> Callable[[int], Any]:
    def recorded(session_id: int) -> Any:
        reads.append(name)
        return listed(session_id)

    return recorded


def test_a_refused_publication_reads_nothing_but_the_session(
    deps: Dependencies,
    fakes: Fakes,
    session: Session,
    enrolled: dict[str, Candidate],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not finalized yet, or published already: the 409 is decided on the session alone (one
    read), not after reading its candidates, results and reports."""
    join(fakes, enrolled[ZOE.id], CandidateStatus.COMPLETED)
    reads: list[str] = []
    for name, store in (
        ("candidates", fakes.candidates),
        ("results", fakes.results),
        ("reports", fakes.issue_reports),
    ):
        monkeypatch.setattr(
            store, "list_for_session", recording(reads, name, store.list_for_session)
        )

    with pytest.raises(errors.Conflict) as early:
        service.publish(deps, STAFF, session.id)
    assert early.value.code == "SESSION_NOT_FINALIZED" and reads == []
    finalize(deps, session)
    a_result_for(fakes, enrolled[ZOE.id])
    reads.clear()
    service.publish(deps, STAFF, session.id)
    assert sorted(set(reads)) == ["candidates", "reports", "results"]
    reads.clear()
    with pytest.raises(errors.Conflict) as again:
        service.publish(deps, STAFF, session.id)
    assert again.value.code == "SESSION_ALREADY_PROCESSED" and reads == []


def test_only_pix_staff_publish_and_only_finalized_sessions(
    deps: Dependencies, fakes: Fakes, session: Session, enrolled: dict[str, Candidate]
) -> None:
    join(fakes, enrolled[ZOE.id], CandidateStatus.COMPLETED)
    with pytest.raises(errors.Conflict) as early:
        service.publish(deps, STAFF, session.id)
    assert early.value.code == "SESSION_NOT_FINALIZED"
    finalize(deps, session)
    with pytest.raises(errors.Forbidden) as refused:
        service.publish(deps, ALICE, session.id)
    assert refused.value.code == "PIX_ADMIN_REQUIRED"
    a_result_for(fakes, enrolled[ZOE.id])
    published = service.publish(deps, STAFF, session.id)
    assert published.status is SessionStatus.PROCESSED and published.published_at == AFTER_THE_TEST
    actions = [e.action for e in fakes.sessions.events.list_for_session(session.id)]
    assert actions[-2:] == [AuditAction.SESSION_FINALIZED, AuditAction.SESSION_PUBLISHED]
