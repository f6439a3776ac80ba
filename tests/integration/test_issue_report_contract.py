"""Issue reports (`IssueReportRepository`): FakeIssueReports and DynamoIssueReports keep the
same promises — written and removed only while their session is open, once each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.finalization import DynamoIssueReports
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain import errors
from shared.domain.audit import AuditAction
from shared.domain.finalization import IssueReport
from shared.domain.issue_reports import IssueCategory
from shared.services.ports import EventRepository, IssueReportRepository, SessionRepository
from tests.fakes import FakeIssueReports, FakeSessions, an_event
from tests.integration.contract import BACKENDS, NOW, close, open_session, stack_of

ADDED = AuditAction.ISSUE_REPORT_ADDED
DELETED = AuditAction.ISSUE_REPORT_DELETED


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    events: EventRepository
    reports: IssueReportRepository

    def actions(self, session_id: int) -> list[AuditAction]:
        return [e.action for e in self.events.list_for_session(session_id)]


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        return Stores(sessions=sessions, events=sessions.events, reports=FakeIssueReports(sessions))
    table = stack.table_name
    return Stores(
        sessions=DynamoSessions(table, client=aws.dynamodb),
        events=DynamoEvents(table, client=aws.dynamodb),
        reports=DynamoIssueReports(table, client=aws.dynamodb),
    )


def a_report(
    session_id: int, report_id: str = "r-1", description: str = "Arrivé à 12 h 20"
) -> IssueReport:
    return IssueReport(
        id=report_id,
        session_id=session_id,
        candidate_id="cand-1",
        category=IssueCategory.LATE_OR_LEAVING,
        subcategory="LEFT_EXAM_ROOM",
        description=description,
        created_at=NOW,
        created_by="alice",
    )


def test_a_report_round_trips_and_is_its_sessions_own(stores: Stores) -> None:
    # Given two open sessions, and reports added to the first
    session = open_session(stores.sessions, code="BCDF23")
    other = open_session(stores.sessions, code="BCDF24")
    first, second = a_report(session.id, "r-1"), a_report(session.id, "r-2", "Parti à 13 h")
    stores.reports.add(first, an_event(session.id, ADDED))
    stores.reports.add(second, an_event(session.id, ADDED))

    # Then each is read back as written, in its session only
    assert stores.reports.get(session.id, "r-1") == first
    assert stores.reports.get(session.id, "r-3") is None
    assert sorted(stores.reports.list_for_session(session.id), key=lambda r: r.id) == [
        first,
        second,
    ]
    assert stores.reports.list_for_session(other.id) == []
    assert stores.reports.get(other.id, "r-1") is None
    assert stores.actions(session.id) == [AuditAction.SESSION_CREATED, ADDED, ADDED]


def test_no_report_is_added_to_a_closed_session(stores: Stores) -> None:
    # Given a session finalized meanwhile
    session = open_session(stores.sessions)
    close(stores.sessions, session)
    before = stores.actions(session.id)

    # When a report is added, then the session's condition refuses it, and nothing is written
    with pytest.raises(errors.WriteConflict) as refused:
        stores.reports.add(a_report(session.id), an_event(session.id, ADDED))
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.reports.list_for_session(session.id) == []
    assert stores.actions(session.id) == before


def test_no_report_is_added_to_a_session_that_does_not_exist(stores: Stores) -> None:
    with pytest.raises(errors.WriteConflict) as refused:
        stores.reports.add(a_report(424_242), an_event(424_242, ADDED))
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.reports.list_for_session(424_242) == []
    assert stores.events.list_for_session(424_242) == []


def test_a_report_is_added_once(stores: Stores) -> None:
    # Given a report
    session = open_session(stores.sessions)
    first = a_report(session.id, "r-1", "Arrivé à 12 h 20")
    stores.reports.add(first, an_event(session.id, ADDED))

    # When a report of the same id is added again, then it is refused and the first is kept
    with pytest.raises(errors.WriteConflict) as refused:
        stores.reports.add(a_report(session.id, "r-1", "Autre"), an_event(session.id, ADDED))
    assert refused.value.what is errors.Conflicting.REPORT
    assert stores.reports.list_for_session(session.id) == [first]
    assert stores.actions(session.id).count(ADDED) == 1


def test_a_report_is_deleted_once(stores: Stores) -> None:
    session = open_session(stores.sessions)
    report = a_report(session.id)
    stores.reports.add(report, an_event(session.id, ADDED))

    stores.reports.delete(report, an_event(session.id, DELETED))
    assert stores.reports.get(session.id, report.id) is None
    with pytest.raises(errors.WriteConflict) as again:
        stores.reports.delete(report, an_event(session.id, DELETED))
    assert again.value.what is errors.Conflicting.REPORT
    assert stores.actions(session.id).count(DELETED) == 1


def test_a_closed_sessions_reports_stay(stores: Stores) -> None:
    # Given a report, then the session finalized
    session = open_session(stores.sessions)
    report = a_report(session.id)
    stores.reports.add(report, an_event(session.id, ADDED))
    close(stores.sessions, session)

    # When it is deleted, the session's condition comes first: the report stays
    with pytest.raises(errors.WriteConflict) as refused:
        stores.reports.delete(report, an_event(session.id, DELETED))
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.reports.list_for_session(session.id) == [report]
    # ...even when it is already gone: the closed session is what the caller is told
    with pytest.raises(errors.WriteConflict) as gone:
        stores.reports.delete(a_report(session.id, "r-9"), an_event(session.id, DELETED))
    assert gone.value.what is errors.Conflicting.SESSION
    assert DELETED not in stores.actions(session.id)
