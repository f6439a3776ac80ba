"""Finalization on in-memory fakes: draft, reports, the rules of "Valider", publication."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from random import Random
from typing import Any

import pytest

from shared.domain import errors
from shared.domain.audit import AuditAction
from shared.domain.candidate import CandidateStatus
from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.session import SessionStatus
from shared.domain.student import Student
from shared.services import candidates as candidate_service
from shared.services import finalization as service
from shared.services import sessions as session_service
from tests.fakes import (
    FakeCandidates,
    FakeFinalization,
    FakeIssueReports,
    FakeSessions,
    FakeStudents,
    FakeUsers,
)
from tests.fakes_files import FakeAttachments, FakeFiles

NOW = datetime(2026, 12, 14, 14, 0, tzinfo=UTC)
PARIS = Center(
    id="c-paris", name="Collège Anne Frank", timezone="Europe/Paris", external_id="0999001A"
)
ALICE = Identity(user_id="alice", email="alice@anne-frank.test")
STAFF = Identity(user_id="staff", email="staff@pix.test", is_pix_admin=True)


class World:
    def __init__(self) -> None:
        self.sessions = FakeSessions()
        self.users = FakeUsers()
        self.students = FakeStudents()
        self.candidates = FakeCandidates(self.sessions)
        self.reports = FakeIssueReports(self.sessions)
        self.finalization = FakeFinalization(self.sessions)
        self.documents = (FakeAttachments(self.sessions), FakeFiles())
        self.ids = itertools.count(1)
        self.users.put_membership(Membership(user_id="alice", role=Role.ADMIN, center=PARIS))
        self.students.save_many(
            [
                Student(
                    id=f"p{i}",
                    center_id="c-paris",
                    last_name=f"Nom{i}",
                    first_name=f"Prénom{i}",
                    birthdate=date(2010, 1, i),
                    division="3E1",
                )
                for i in range(1, 4)
            ]
        )
        self.session = session_service.create_session(
            self.sessions,
            self.users,
            ALICE,
            "c-paris",
            {"address": "A", "room": "B", "date": "2026-12-14", "time": "12:00", "examiner": "C"},
            lambda: datetime(2026, 12, 1, tzinfo=UTC),
            Random(1),
        )
        enrolled = candidate_service.enroll_students(
            self.sessions,
            self.users,
            self.students,
            self.candidates,
            ALICE,
            self.session.id,
            ["p1", "p2", "p3"],
            lambda: NOW,
        ).candidates
        self.c = {c.student_id: c for c in enrolled}

    def join(self, student_id: str, status: CandidateStatus = CandidateStatus.STARTED) -> str:
        candidate = self.c[student_id]
        joined = candidate.model_copy(
            update={"status": status, "certification_number": next(self.ids), "joined_at": NOW}
        )
        self.candidates.candidates[(self.session.id, candidate.id)] = joined
        stored = self.sessions.sessions[self.session.id]
        self.sessions.sessions[self.session.id] = stored.model_copy(
            update={"started_count": stored.started_count + 1, "version": stored.version + 1}
        )
        return candidate.id

    def finalize(self, form: dict[str, Any], who: Identity = ALICE):  # type: ignore[no-untyped-def]
        return service.finalize(
            self.sessions,
            self.users,
            self.candidates,
            self.finalization,
            who,
            self.session.id,
            form,
            lambda: NOW,
        )

    def report(self, candidate_id: str, form: dict[str, Any]):  # type: ignore[no-untyped-def]
        return service.add_issue_report(
            self.sessions,
            self.users,
            self.candidates,
            self.reports,
            ALICE,
            self.session.id,
            candidate_id,
            form,
            lambda: NOW,
            lambda: f"r{next(self.ids)}",
        )

    def view(self):  # type: ignore[no-untyped-def]
        return service.read_finalization(
            self.sessions,
            self.users,
            self.candidates,
            self.reports,
            self.finalization,
            self.documents,
            ALICE,
            self.session.id,
            lambda: NOW,
        )


@pytest.fixture
def world() -> World:
    return World()


def test_nobody_joined_so_nothing_to_finalize(world: World) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        world.finalize({})
    assert caught.value.code == "SESSION_NOT_STARTED"


def test_an_unfinished_test_needs_an_abort_reason(world: World) -> None:
    started = world.join("p1")
    completed = world.join("p2", CandidateStatus.COMPLETED)
    with pytest.raises(errors.RuleViolation) as caught:
        world.finalize({"candidates": [{"candidateId": completed, "hasSeenEndTestScreen": True}]})
    assert caught.value.code == "ABORT_REASON_REQUIRED"
    assert started in caught.value.details[0].field
    session = world.finalize(
        {
            "candidates": [
                {"candidateId": started, "abortReason": "TECHNICAL"},
                {"candidateId": completed, "hasSeenEndTestScreen": True},
            ]
        }
    )
    assert session.status is SessionStatus.FINALIZED and session.finalized_at == NOW


def test_a_completed_test_cannot_have_an_abort_reason(world: World) -> None:
    completed = world.join("p2", CandidateStatus.COMPLETED)
    with pytest.raises(errors.RuleViolation) as caught:
        world.finalize({"candidates": [{"candidateId": completed, "abortReason": "CANDIDATE"}]})
    assert caught.value.code == "ABORT_REASON_ON_COMPLETED"


def test_the_comment_is_500_characters_at_most(world: World) -> None:
    world.join("p2", CandidateStatus.COMPLETED)
    with pytest.raises(errors.RuleViolation) as caught:
        world.finalize({"examinerGlobalComment": "x" * 501})
    assert caught.value.code == "COMMENT_TOO_LONG"
    world.finalize({"examinerGlobalComment": "é" * 500})


def test_finalizing_twice_is_409_and_frees_the_access_code(world: World) -> None:
    world.join("p2", CandidateStatus.COMPLETED)
    world.finalize({})
    assert world.session.access_code not in world.sessions.reserved_codes
    with pytest.raises(errors.Conflict) as caught:
        world.finalize({})
    assert caught.value.code == "SESSION_ALREADY_FINALIZED"


def test_the_draft_keeps_everything_for_later(world: World) -> None:
    started = world.join("p1")
    saved = service.save_draft(
        world.sessions,
        world.users,
        world.candidates,
        world.reports,
        world.finalization,
        world.documents,
        ALICE,
        world.session.id,
        {
            "examinerGlobalComment": "Coupure réseau à 10 h",
            "hasIncident": True,
            "candidates": [{"candidateId": started, "abortReason": "TECHNICAL"}],
        },
        lambda: NOW,
    )
    assert saved.draft.examiner_global_comment == "Coupure réseau à 10 h"
    view = world.view()
    assert view.draft.has_incident and view.draft.candidates[started].abort_reason == "TECHNICAL"
    assert [c.id for c in view.candidates] == [started]  # only candidates who joined
    assert world.sessions.get(world.session.id).status is SessionStatus.CREATED  # type: ignore[union-attr]


def test_reports_only_for_joined_candidates_and_not_after_finalization(world: World) -> None:
    started = world.join("p1")
    with pytest.raises(errors.RuleViolation) as caught:
        world.report(world.c["p3"].id, {"category": "FRAUD"})
    assert caught.value.code == "CANDIDATE_NOT_JOINED"
    report = world.report(
        started,
        {"category": "IN_CHALLENGE", "subcategory": "LINK_NOT_WORKING", "questionNumber": 7},
    )
    assert world.view().reports == [report]
    world.finalize({"candidates": [{"candidateId": started, "abortReason": "CANDIDATE"}]})
    with pytest.raises(errors.Conflict):
        world.report(started, {"category": "FRAUD"})
    with pytest.raises(errors.Conflict):
        service.delete_issue_report(
            world.sessions,
            world.users,
            world.reports,
            ALICE,
            world.session.id,
            report.id,
            lambda: NOW,
        )


def test_after_finalization_the_view_shows_what_was_validated(world: World) -> None:
    started = world.join("p1")
    world.finalize(
        {
            "examinerGlobalComment": "RAS",
            "candidates": [{"candidateId": started, "abortReason": "CANDIDATE"}],
        }
    )
    view = world.view()
    assert view.draft.examiner_global_comment == "RAS"
    assert view.session.status is SessionStatus.FINALIZED


def test_only_pix_staff_publish_and_only_finalized_sessions(world: World) -> None:
    world.join("p2", CandidateStatus.COMPLETED)
    with pytest.raises(errors.Conflict) as early:
        service.publish(
            world.sessions, world.users, world.finalization, STAFF, world.session.id, lambda: NOW
        )
    assert early.value.code == "SESSION_NOT_FINALIZED"
    world.finalize({})
    with pytest.raises(errors.Forbidden):
        service.publish(
            world.sessions, world.users, world.finalization, ALICE, world.session.id, lambda: NOW
        )
    published = service.publish(
        world.sessions, world.users, world.finalization, STAFF, world.session.id, lambda: NOW
    )
    assert published.status is SessionStatus.PROCESSED and published.published_at == NOW
    actions = [e.action for e in world.sessions.events.list_for_session(world.session.id)]
    assert actions[-2:] == [AuditAction.SESSION_FINALIZED, AuditAction.SESSION_PUBLISHED]
