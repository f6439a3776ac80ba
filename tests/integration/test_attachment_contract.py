"""A session's documents (`AttachmentRepository`): FakeAttachments and DynamoAttachments keep
the same promises — added while the session is open and under its limit of documents, judged
once, removed if their status has not moved; a refused write leaves nothing behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.attachments import DynamoAttachments
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain import errors
from shared.domain.attachments import (
    MAX_ATTACHMENTS_PER_SESSION,
    Attachment,
    AttachmentStatus,
    RejectionReason,
    UploadRequest,
    new_attachment,
)
from shared.domain.audit import AuditAction
from shared.services.ports import AttachmentRepository, EventRepository, SessionRepository
from tests.fakes import FakeSessions, an_event
from tests.fakes_files import FakeAttachments
from tests.integration.contract import BACKENDS, NOW, close, open_session, stack_of

ADDED = AuditAction.ATTACHMENT_ADDED
VERIFIED = AuditAction.ATTACHMENT_VERIFIED
DELETED = AuditAction.ATTACHMENT_DELETED
PNG = UploadRequest(file_name="pv.png", content_type="image/png", size=1234)


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    events: EventRepository
    attachments: AttachmentRepository

    def actions(self, session_id: int) -> list[AuditAction]:
        return [e.action for e in self.events.list_for_session(session_id)]

    def add(self, session_id: int, attachment_id: str, minutes: int = 0) -> Attachment:
        """A new PENDING document, created `minutes` after NOW, stored."""
        added = a_document(session_id, attachment_id, minutes)
        self.attachments.add(added, an_event(session_id, ADDED))
        return added

    def judge(self, attachment: Attachment, status: AttachmentStatus) -> Attachment:
        reason = RejectionReason.TYPE_MISMATCH if status is AttachmentStatus.REJECTED else None
        judged = attachment.judged(status, reason, NOW + timedelta(minutes=30))
        self.attachments.record_verdict(judged, an_event(attachment.session_id, VERIFIED))
        return judged


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        return Stores(sessions, sessions.events, FakeAttachments(sessions))
    table = stack.table_name
    return Stores(
        sessions=DynamoSessions(table, client=aws.dynamodb),
        events=DynamoEvents(table, client=aws.dynamodb),
        attachments=DynamoAttachments(table, client=aws.dynamodb),
    )


def a_document(session_id: int, attachment_id: str, minutes: int = 0) -> Attachment:
    return new_attachment(attachment_id, session_id, PNG, "alice", NOW + timedelta(minutes=minutes))


def fill_up(stores: Stores, session_id: int, already: int = 0) -> list[Attachment]:
    """Add documents until the session has its maximum (counting `already` ones)."""
    return [
        stores.add(session_id, f"fill-{n}") for n in range(MAX_ATTACHMENTS_PER_SESSION - already)
    ]


def assert_full(stores: Stores, session_id: int) -> None:
    """One more document is refused (LIMIT), and leaves no trace."""
    events = stores.actions(session_id)
    with pytest.raises(errors.WriteConflict) as refused:
        stores.add(session_id, "one-too-many")
    assert refused.value.what is errors.Conflicting.LIMIT
    assert stores.attachments.get(session_id, "one-too-many") is None
    assert stores.actions(session_id) == events


# --- adding -------------------------------------------------------------------------------------


def test_documents_are_listed_oldest_first_and_are_their_sessions_own(stores: Stores) -> None:
    session = open_session(stores.sessions, code="BCDF23")
    other = open_session(stores.sessions, code="BCDF24")
    late = stores.add(session.id, "a-late", minutes=10)
    early = stores.add(session.id, "z-early", minutes=1)
    same_time = stores.add(session.id, "b-same", minutes=10)

    assert stores.attachments.list_for_session(session.id) == [early, late, same_time]
    assert stores.attachments.get(session.id, "a-late") == late
    assert stores.attachments.get(session.id, "nothing") is None
    assert stores.attachments.get(other.id, "a-late") is None
    assert stores.attachments.list_for_session(other.id) == []
    assert stores.actions(session.id).count(ADDED) == 3


def test_no_document_is_added_to_a_closed_session(stores: Stores) -> None:
    session = open_session(stores.sessions)
    close(stores.sessions, session)
    events = stores.actions(session.id)

    with pytest.raises(errors.WriteConflict) as refused:
        stores.add(session.id, "a-1")
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.attachments.list_for_session(session.id) == []
    assert stores.actions(session.id) == events


def test_no_document_is_added_to_a_session_that_does_not_exist(stores: Stores) -> None:
    with pytest.raises(errors.WriteConflict) as refused:
        stores.add(424_242, "a-1")
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.attachments.list_for_session(424_242) == []


def test_a_session_holds_at_most_its_maximum_of_documents(stores: Stores) -> None:
    session = open_session(stores.sessions)
    fill_up(stores, session.id)

    assert_full(stores, session.id)
    assert len(stores.attachments.list_for_session(session.id)) == MAX_ATTACHMENTS_PER_SESSION


def test_a_document_is_added_once_and_counted_once(stores: Stores) -> None:
    # Given a document
    session = open_session(stores.sessions)
    first = stores.add(session.id, "a-1", minutes=1)

    # When the same id is added again, then it is refused and the first is kept
    with pytest.raises(errors.WriteConflict) as refused:
        stores.add(session.id, "a-1", minutes=2)
    assert refused.value.what is errors.Conflicting.ATTACHMENT
    assert stores.attachments.list_for_session(session.id) == [first]

    # ...and counted once: the session still has room for all the others
    fill_up(stores, session.id, already=1)
    assert_full(stores, session.id)


# --- verdicts -----------------------------------------------------------------------------------


def test_a_document_is_judged_once(stores: Stores) -> None:
    session = open_session(stores.sessions)
    pending = stores.add(session.id, "a-1")

    available = stores.judge(pending, AttachmentStatus.AVAILABLE)
    assert stores.attachments.get(session.id, "a-1") == available
    with pytest.raises(errors.WriteConflict) as again:
        stores.judge(pending, AttachmentStatus.REJECTED)
    assert again.value.what is errors.Conflicting.ATTACHMENT
    assert stores.attachments.get(session.id, "a-1") == available
    assert stores.actions(session.id).count(VERIFIED) == 1


def test_a_deleted_document_is_not_judged(stores: Stores) -> None:
    session = open_session(stores.sessions)
    pending = stores.add(session.id, "a-1")
    stores.attachments.delete(pending, an_event(session.id, DELETED))

    with pytest.raises(errors.WriteConflict) as refused:
        stores.judge(pending, AttachmentStatus.AVAILABLE)
    assert refused.value.what is errors.Conflicting.ATTACHMENT
    assert stores.attachments.get(session.id, "a-1") is None


def test_a_verdict_does_not_depend_on_the_session_being_open(stores: Stores) -> None:
    """An upload judged after its session was finalized still gets its verdict."""
    session = open_session(stores.sessions)
    pending = stores.add(session.id, "a-1")
    close(stores.sessions, session)

    available = stores.judge(pending, AttachmentStatus.AVAILABLE)
    assert stores.attachments.get(session.id, "a-1") == available


def test_a_verdict_writes_the_status_its_instant_and_the_reason(stores: Stores) -> None:
    """Not the rest of the document handed in: the stored one is the reference."""
    session = open_session(stores.sessions)
    pending = stores.add(session.id, "a-1")
    judged = pending.judged(AttachmentStatus.REJECTED, RejectionReason.SIZE_MISMATCH, NOW)

    stores.attachments.record_verdict(
        judged.model_copy(update={"file_name": "renamed.png", "size": 1}),
        an_event(session.id, VERIFIED),
    )
    assert stores.attachments.get(session.id, "a-1") == judged


def test_a_rejected_document_frees_its_place(stores: Stores) -> None:
    # Given a full session
    session = open_session(stores.sessions)
    documents = fill_up(stores, session.id)

    # When one of its documents is rejected, then one more may be added, and no more
    stores.judge(documents[0], AttachmentStatus.REJECTED)
    stores.add(session.id, "replacement")
    assert_full(stores, session.id)
    # An accepted one keeps its place
    stores.judge(documents[1], AttachmentStatus.AVAILABLE)
    assert_full(stores, session.id)


# --- deleting -----------------------------------------------------------------------------------


def test_deleting_a_counted_document_frees_its_place_a_rejected_one_none(stores: Stores) -> None:
    # Given a full session, one of whose documents was rejected and replaced
    session = open_session(stores.sessions)
    documents = fill_up(stores, session.id)
    rejected = stores.judge(documents[0], AttachmentStatus.REJECTED)
    stores.add(session.id, "replacement")

    # When the rejected one is deleted, then the session is still full
    stores.attachments.delete(rejected, an_event(session.id, DELETED))
    assert stores.attachments.get(session.id, rejected.id) is None
    assert_full(stores, session.id)

    # When an available one and a pending one are deleted, then two places are free
    stores.attachments.delete(
        stores.judge(documents[1], AttachmentStatus.AVAILABLE), an_event(session.id, DELETED)
    )
    stores.attachments.delete(documents[2], an_event(session.id, DELETED))
    stores.add(session.id, "again-1")
    stores.add(session.id, "again-2")
    assert_full(stores, session.id)
    assert stores.actions(session.id).count(DELETED) == 3


def test_a_document_whose_status_moved_is_not_deleted(stores: Stores) -> None:
    # Given a document read PENDING, then judged
    session = open_session(stores.sessions)
    read = stores.add(session.id, "a-1")
    available = stores.judge(read, AttachmentStatus.AVAILABLE)
    events = stores.actions(session.id)

    # When the version read is deleted, then it is refused and the document stays
    with pytest.raises(errors.WriteConflict) as refused:
        stores.attachments.delete(read, an_event(session.id, DELETED))
    assert refused.value.what is errors.Conflicting.ATTACHMENT
    assert stores.attachments.get(session.id, "a-1") == available
    assert stores.actions(session.id) == events

    # And a document already gone is refused the same way
    stores.attachments.delete(available, an_event(session.id, DELETED))
    with pytest.raises(errors.WriteConflict) as gone:
        stores.attachments.delete(available, an_event(session.id, DELETED))
    assert gone.value.what is errors.Conflicting.ATTACHMENT


def test_a_closed_sessions_documents_stay(stores: Stores) -> None:
    session = open_session(stores.sessions)
    document = stores.add(session.id, "a-1")
    close(stores.sessions, session)

    with pytest.raises(errors.WriteConflict) as refused:
        stores.attachments.delete(document, an_event(session.id, DELETED))
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.attachments.list_for_session(session.id) == [document]
