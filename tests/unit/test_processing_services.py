"""Processing use cases on in-memory fakes, where the adapters' answers matter: a publication
whose e-mails fail stays published, and an unfinalized session whose access code was taken
meanwhile gets a new one."""

from __future__ import annotations

import pytest

from shared.domain.audit import AuditAction, AuditEvent
from shared.domain.candidate import Candidate, CandidateStatus
from shared.domain.codes import is_access_code
from shared.domain.finalization import FinalizationInput, IssueReport
from shared.domain.issue_reports import IssueCategory
from shared.domain.session import Session, SessionStatus
from shared.services import candidates, processing
from shared.services import finalization as service
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, STAFF, ZOE
from tests.unit.test_compliance import team_of_paris
from tests.unit.test_finalization_services import AFTER_THE_TEST, a_result_for, join


@pytest.fixture
def finalized(deps: Dependencies, fakes: Fakes, session: Session) -> Candidate:
    """Zoé enrolled, joined and done; the session finalized by Alice. Zoé as stored."""
    fakes.clock.now = AFTER_THE_TEST
    [zoe] = candidates.enroll_students(deps, ALICE, session.id, [ZOE.id]).candidates
    join(fakes, zoe, CandidateStatus.COMPLETED)
    service.finalize(deps, ALICE, session.id, FinalizationInput())
    return fakes.candidates.get(session.id, zoe.id) or zoe


def test_a_publication_whose_e_mails_fail_stays_published_and_the_failure_is_in_its_trail(
    deps: Dependencies,
    fakes: Fakes,
    session: Session,
    finalized: Candidate,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The staff see in the session's history that the school was not told (and log)."""
    team_of_paris(fakes)  # two admins
    a_result_for(fakes, finalized)
    fakes.mailer.failing = True

    published = service.publish(deps, STAFF, session.id)

    assert published.status is SessionStatus.PROCESSED
    assert fakes.sessions.sessions[session.id].status is SessionStatus.PROCESSED
    events = fakes.sessions.events.list_for_session(session.id)
    assert [e.action for e in events[-2:]] == [
        AuditAction.SESSION_PUBLISHED,
        AuditAction.RESULTS_EMAIL_FAILED,
    ]
    assert events[-1].changes == {"failed": 2, "recipients": 2}
    assert events[-1].actor == events[-2].actor
    assert fakes.mailer.sent == []
    [failure] = [r for r in caplog.records if r.getMessage() == "results e-mails failed"]
    assert failure.__dict__["sessionId"] == session.id
    assert failure.__dict__["failed"] == 2


def test_a_publication_whose_team_cannot_be_read_says_so_in_its_trail(
    deps: Dependencies,
    fakes: Fakes,
    session: Session,
    finalized: Candidate,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team_of_paris(fakes)
    a_result_for(fakes, finalized)

    def unreadable(center_id: str) -> list[object]:
        raise ConnectionError("the team's Query timed out")

    monkeypatch.setattr(fakes.users, "list_members", unreadable)

    assert service.publish(deps, STAFF, session.id).status is SessionStatus.PROCESSED
    last = fakes.sessions.events.list_for_session(session.id)[-1]
    assert last.action is AuditAction.RESULTS_EMAIL_FAILED
    assert last.changes == {"reason": "TEAM_NOT_READ"}
    assert fakes.mailer.sent == []


def test_a_publication_stands_when_its_e_mail_failure_cannot_be_recorded(
    deps: Dependencies,
    fakes: Fakes,
    session: Session,
    finalized: Candidate,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    team_of_paris(fakes)
    a_result_for(fakes, finalized)
    fakes.mailer.failing = True
    record = fakes.sessions.events.record

    def unrecorded(event: AuditEvent) -> None:
        if event.action is AuditAction.RESULTS_EMAIL_FAILED:
            raise ConnectionError("DynamoDB unreachable")
        record(event)

    monkeypatch.setattr(fakes.sessions.events, "record", unrecorded)

    assert service.publish(deps, STAFF, session.id).status is SessionStatus.PROCESSED
    assert any(r.getMessage() == "results e-mail failure not recorded" for r in caplog.records)


def test_a_publication_e_mails_the_center_s_admins(
    deps: Dependencies, fakes: Fakes, session: Session, finalized: Candidate
) -> None:
    team_of_paris(fakes)  # two admins and a member in Paris, an admin elsewhere
    a_result_for(fakes, finalized)
    service.publish(deps, STAFF, session.id)
    assert sorted((m.template, m.to) for m in fakes.mailer.sent) == [
        ("results-published", ("anne@ecole.test",)),
        ("results-published", ("paul@ecole.test",)),
    ]


def test_unfinalize_reserves_the_access_code_again(
    deps: Dependencies, fakes: Fakes, session: Session, finalized: Candidate
) -> None:
    assert session.access_code not in fakes.sessions.reserved_codes  # freed at finalization
    reopened = processing.unfinalize_session(deps, STAFF, session.id)
    assert reopened.access_code == session.access_code
    assert fakes.sessions.reserved_codes[session.access_code] == session.id
    [event] = [
        e
        for e in fakes.sessions.events.list_for_session(session.id)
        if e.action is AuditAction.SESSION_UNFINALIZED
    ]
    assert "accessCode" not in event.changes


def test_unfinalize_draws_a_new_access_code_when_another_session_took_it(
    deps: Dependencies, fakes: Fakes, session: Session, finalized: Candidate
) -> None:
    # Given an open session drew the finalized session's code once it was free
    fakes.sessions.reserved_codes[session.access_code] = 9999

    reopened = processing.unfinalize_session(deps, STAFF, session.id)

    assert reopened.status is SessionStatus.CREATED
    assert reopened.access_code != session.access_code and is_access_code(reopened.access_code)
    assert fakes.sessions.sessions[session.id].access_code == reopened.access_code
    assert fakes.sessions.reserved_codes[reopened.access_code] == session.id
    assert fakes.sessions.reserved_codes[session.access_code] == 9999  # still the other's
    [event] = [
        e
        for e in fakes.sessions.events.list_for_session(session.id)
        if e.action is AuditAction.SESSION_UNFINALIZED
    ]
    change = event.changes["accessCode"]
    assert change["from"] == session.access_code and change["to"] == reopened.access_code
    assert "autre session" in change["reason"]


# --- certif-admin backfill-processing --------------------------------------------------------


def legacy(fakes: Fakes, session: Session) -> IssueReport:
    """The session as finalized before the queues: in none, not counted, requiresAction never
    judged; with an impactful report that cannot be found by its id."""
    report = IssueReport(
        id="r-old",
        session_id=session.id,
        candidate_id="c-1",
        category=IssueCategory.TECHNICAL_PROBLEM,
        description="Coupure réseau",
        created_at=AFTER_THE_TEST,
        created_by=ALICE.user_id,
    )
    fakes.issue_reports.reports[(session.id, report.id)] = report
    fakes.processing.unindexed.add((session.id, report.id))
    fakes.processing.unqueued.add(session.id)
    fakes.sessions.alter(session.id, requires_action=False)
    return report


def test_the_backfill_files_and_counts_old_sessions_and_indexes_old_reports_once(
    deps: Dependencies, fakes: Fakes, session: Session, finalized: Candidate
) -> None:
    legacy(fakes, session)
    assert deps.processing.counts().get("FINALIZED#ACTION", 0) == 0
    assert deps.processing.find_report("r-old") is None

    dry = processing.backfill_processing(deps, dry_run=True)
    assert (dry.sessions_visited, dry.queued, dry.reports_indexed) == (
        1,
        {"FINALIZED#ACTION": 1},
        1,
    )
    assert deps.processing.counts().get("FINALIZED#ACTION", 0) == 0  # nothing written
    assert deps.processing.find_report("r-old") is None

    done = processing.backfill_processing(deps)
    assert (done.queued, done.reports_indexed, done.skipped) == ({"FINALIZED#ACTION": 1}, 1, [])
    assert deps.processing.counts()["FINALIZED#ACTION"] == 1
    assert fakes.sessions.sessions[session.id].requires_action is True  # judged
    found = deps.processing.find_report("r-old")
    assert found is not None and found.session_id == session.id

    again = processing.backfill_processing(deps)
    assert (again.queued, again.reports_indexed) == ({}, 0)
    assert deps.processing.counts()["FINALIZED#ACTION"] == 1
