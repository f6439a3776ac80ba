"""The finalization (`FinalizationRepository`): FakeFinalization and DynamoFinalization keep
the same promises — a draft only while the session is open, the finalization once, the
publication only of a finalized session, and nothing half-written when they refuse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.finalization import DynamoFinalization
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain import errors
from shared.domain.audit import AuditAction
from shared.domain.finalization import (
    AbortReason,
    CandidateFinalization,
    Finalization,
    FinalizationDraft,
    mark_finalized,
)
from shared.domain.session import Session, SessionStatus
from shared.services.ports import EventRepository, FinalizationRepository, SessionRepository
from tests.fakes import FakeFinalization, FakeSessions, an_event
from tests.integration.contract import (
    BACKENDS,
    NOW,
    a_session,
    close,
    code_is_taken,
    open_session,
    stack_of,
    stored,
)

SAVED = AuditAction.FINALIZATION_DRAFT_SAVED
FINALIZED = AuditAction.SESSION_FINALIZED
PUBLISHED = AuditAction.SESSION_PUBLISHED
LATER = NOW + timedelta(days=14)


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    events: EventRepository
    finalization: FinalizationRepository

    def actions(self, session_id: int) -> list[AuditAction]:
        return [e.action for e in self.events.list_for_session(session_id)]


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        return Stores(sessions, sessions.events, FakeFinalization(sessions))
    table = stack.table_name
    return Stores(
        sessions=DynamoSessions(table, client=aws.dynamodb),
        events=DynamoEvents(table, client=aws.dynamodb),
        finalization=DynamoFinalization(table, client=aws.dynamodb),
    )


def a_draft(session_id: int, comment: str = "RAS") -> FinalizationDraft:
    return FinalizationDraft(
        session_id=session_id,
        examiner_global_comment=comment,
        has_incident=True,
        candidates={
            "cand-1": CandidateFinalization(has_seen_end_test_screen=True),
            "cand-2": CandidateFinalization(abort_reason=AbortReason.TECHNICAL),
        },
    )


def a_final(session_id: int, comment: str = "RAS") -> Finalization:
    return Finalization(
        **a_draft(session_id, comment).model_dump(), finalized_at=LATER, finalized_by="alice"
    )


def finalize(stores: Stores, session: Session, comment: str = "RAS") -> Session:
    """Finalize the session as stored now; the session as it should be stored after."""
    finalized = mark_finalized(stored(stores.sessions, session.id), LATER)
    stores.finalization.finalize(
        finalized, a_final(session.id, comment), an_event(session.id, FINALIZED)
    )
    return finalized


# --- the draft ----------------------------------------------------------------------------------


def test_a_draft_is_replaced_while_the_session_is_open(stores: Stores) -> None:
    session = open_session(stores.sessions)
    assert stores.finalization.get_draft(session.id) is None

    stores.finalization.save_draft(a_draft(session.id, "Premier jet"), an_event(session.id, SAVED))
    stores.finalization.save_draft(a_draft(session.id, "RAS"), an_event(session.id, SAVED))

    assert stores.finalization.get_draft(session.id) == a_draft(session.id, "RAS")
    assert stores.actions(session.id).count(SAVED) == 2


def test_no_draft_is_saved_for_a_closed_session(stores: Stores) -> None:
    # Given a draft, then the session finalized by another path
    session = open_session(stores.sessions)
    stores.finalization.save_draft(a_draft(session.id, "Avant"), an_event(session.id, SAVED))
    close(stores.sessions, session)

    # When a new draft is saved, then it is refused and the last one stays
    with pytest.raises(errors.WriteConflict) as refused:
        stores.finalization.save_draft(a_draft(session.id, "Après"), an_event(session.id, SAVED))
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.finalization.get_draft(session.id) == a_draft(session.id, "Avant")
    assert stores.actions(session.id).count(SAVED) == 1


def test_no_draft_is_saved_for_a_session_that_does_not_exist(stores: Stores) -> None:
    with pytest.raises(errors.WriteConflict) as refused:
        stores.finalization.save_draft(a_draft(424_242), an_event(424_242, SAVED))
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.finalization.get_draft(424_242) is None


# --- the finalization ---------------------------------------------------------------------------


def test_finalizing_stores_the_session_the_record_and_frees_the_code(stores: Stores) -> None:
    # Given an open session holding its access code
    session = open_session(stores.sessions, code="BCDF23")
    assert code_is_taken(stores.sessions, "BCDF23")

    # When it is finalized
    finalized = finalize(stores, session)

    # Then the session, the record and the event are stored, and the code is free again
    assert stored(stores.sessions, session.id) == finalized
    assert finalized.status is SessionStatus.FINALIZED and finalized.finalized_at == LATER
    assert stores.finalization.get_final(session.id) == a_final(session.id)
    assert stores.actions(session.id)[-1] is FINALIZED
    assert not code_is_taken(stores.sessions, "BCDF23")


def test_a_session_is_finalized_once(stores: Stores) -> None:
    # Given a finalized session
    session = open_session(stores.sessions)
    finalized = finalize(stores, session, "Premier")
    events = stores.actions(session.id)

    # When it is finalized again (a second click, another tab)
    again = finalized.model_copy(update={"version": finalized.version + 1})
    with pytest.raises(errors.WriteConflict) as refused:
        stores.finalization.finalize(
            again, a_final(session.id, "Second"), an_event(session.id, FINALIZED)
        )

    # Then the first finalization is what is stored
    assert refused.value.what is errors.Conflicting.SESSION
    assert stored(stores.sessions, session.id) == finalized
    assert stores.finalization.get_final(session.id) == a_final(session.id, "Premier")
    assert stores.actions(session.id) == events


def test_a_session_that_moved_since_it_was_read_is_not_finalized(stores: Stores) -> None:
    # Given a session read, then edited by someone else (its version moved)
    session = open_session(stores.sessions, code="BCDF23")
    read = stored(stores.sessions, session.id)
    edited = read.model_copy(update={"room": "Salle 1", "version": read.version + 1})
    stores.sessions.save(edited, read.version, an_event(session.id))
    events = stores.actions(session.id)

    # When the version read is finalized
    with pytest.raises(errors.WriteConflict) as refused:
        stores.finalization.finalize(
            mark_finalized(read, LATER), a_final(session.id), an_event(session.id, FINALIZED)
        )

    # Then nothing is written: still open, no record, no event, the code still held
    assert refused.value.what is errors.Conflicting.SESSION
    assert stored(stores.sessions, session.id) == edited
    assert stores.finalization.get_final(session.id) is None
    assert stores.actions(session.id) == events
    assert code_is_taken(stores.sessions, "BCDF23")


def test_a_session_that_does_not_exist_is_not_finalized(stores: Stores) -> None:
    ghost = mark_finalized(a_session(424_242), LATER)
    with pytest.raises(errors.WriteConflict) as refused:
        stores.finalization.finalize(ghost, a_final(424_242), an_event(424_242, FINALIZED))
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.finalization.get_final(424_242) is None
    assert stores.sessions.get(424_242) is None


def test_finalizing_writes_the_status_its_instant_and_the_version(stores: Stores) -> None:
    """Not the rest of the session handed in: the stored one is the reference."""
    session = open_session(stores.sessions)
    as_stored = stored(stores.sessions, session.id)
    finalized = mark_finalized(as_stored, LATER)
    stores.finalization.finalize(
        finalized.model_copy(update={"room": "Ailleurs"}),
        a_final(session.id),
        an_event(session.id, FINALIZED),
    )
    assert stored(stores.sessions, session.id) == finalized
    # (The publication and the rest of the processing: test_processing_contract.py.)
