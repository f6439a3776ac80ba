"""Results (`ResultRepository`): FakeResults and DynamoResults keep the same promises —
written only between finalization and publication, each over the result read, verification
codes unique and freed when lost, a class's results listed only once published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from shared.adapters import aws
from shared.adapters.dynamo.events import DynamoEvents
from shared.adapters.dynamo.processing import DynamoProcessing
from shared.adapters.dynamo.results import DynamoResults
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.domain import errors
from shared.domain.audit import AuditAction
from shared.domain.finalization import mark_processed
from shared.domain.limits import RESULTS_PER_WRITE
from shared.domain.processing import StaffMember, assign, ensure_publishable
from shared.domain.results import (
    COMPETENCE_CODES,
    RESULTS_SAVING_LEASE,
    CertificationResult,
    CertifiedPupil,
    CompetenceLevel,
    ResultChange,
    ResultStatus,
    SavingMark,
)
from shared.domain.session import Session, SessionStatus
from shared.services.ports import (
    EventRepository,
    ProcessingRepository,
    ResultRepository,
    SessionRepository,
)
from tests.fakes import (
    FakeFinalization,
    FakeIssueReports,
    FakeProcessing,
    FakeResults,
    FakeSessions,
    an_event,
)
from tests.integration.contract import BACKENDS, CENTER, NOW, open_session, stack_of, stored

SAVED = AuditAction.RESULTS_SAVED


@dataclass(frozen=True)
class Stores:
    sessions: SessionRepository
    events: EventRepository
    results: ResultRepository
    processing: ProcessingRepository

    def actions(self, session_id: int) -> list[AuditAction]:
        return [e.action for e in self.events.list_for_session(session_id)]


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest) -> Stores:
    stack = stack_of(request)
    if stack is None:
        sessions = FakeSessions()
        finalization = FakeFinalization(sessions)
        processing = FakeProcessing(sessions, FakeIssueReports(sessions), finalization)
        return Stores(
            sessions=sessions,
            events=sessions.events,
            results=FakeResults(sessions),
            processing=processing,
        )
    table = stack.table_name
    return Stores(
        sessions=DynamoSessions(table, client=aws.dynamodb),
        events=DynamoEvents(table, client=aws.dynamodb),
        results=DynamoResults(table, client=aws.dynamodb),
        processing=DynamoProcessing(table, client=aws.dynamodb),
    )


def in_status(stores: Stores, session: Session, status: SessionStatus) -> Session:
    current = stored(stores.sessions, session.id)
    moved = current.model_copy(update={"status": status, "version": current.version + 1})
    stores.sessions.save(moved, current.version, an_event(session.id))
    return moved


def a_result(
    session_id: int,
    candidate: str = "cand-1",
    *,
    status: ResultStatus = ResultStatus.VALIDATED,
    code: str | None = "P-ABCDEFGH",
    last_name: str = "LECŒUR",
    division: str = "3E1",
    minutes: int = 0,
) -> CertificationResult:
    validated = status is ResultStatus.VALIDATED
    return CertificationResult(
        session_id=session_id,
        candidate_id=candidate,
        certification_number=1000 + session_id,
        status=status,
        pix_score=512,
        competences=tuple(CompetenceLevel(code=c, level=3) for c in COMPETENCE_CODES)
        if validated
        else (),
        verification_code=code if validated else None,
        saved_at=NOW + timedelta(minutes=minutes),
        saved_by="staff",
        center_id=CENTER.id,
        session_date=date(2026, 12, 14),
        pupil=CertifiedPupil(
            last_name=last_name,
            first_name="Zoé",
            birthdate=date(2010, 11, 5),
            division=division,
            national_student_id="9999000102B",
        ),
    )


def finalized(stores: Stores, code: str = "BCDF23") -> Session:
    return in_status(stores, open_session(stores.sessions, code=code), SessionStatus.FINALIZED)


def test_a_result_round_trips_with_its_code(stores: Stores) -> None:
    session = finalized(stores)
    result = a_result(session.id)
    stores.results.save(session.id, [ResultChange(result=result)], an_event(session.id, SAVED))
    assert stores.results.list_for_session(session.id) == [result]
    assert stores.results.find_by_code("P-ABCDEFGH") == result
    assert stores.results.find_by_code("P-ZZZZZZZZ") is None
    assert stores.actions(session.id)[-1] is SAVED


@pytest.mark.parametrize("status", [SessionStatus.CREATED, SessionStatus.PROCESSED])
def test_no_result_is_written_before_finalization_or_after_publication(
    stores: Stores, status: SessionStatus
) -> None:
    session = open_session(stores.sessions)
    if status is not SessionStatus.CREATED:
        session = in_status(stores, session, status)
    before = stores.actions(session.id)
    with pytest.raises(errors.WriteConflict) as refused:
        stores.results.save(
            session.id, [ResultChange(result=a_result(session.id))], an_event(session.id, SAVED)
        )
    assert refused.value.what is errors.Conflicting.SESSION
    assert stores.results.list_for_session(session.id) == []
    assert stores.results.find_by_code("P-ABCDEFGH") is None
    assert stores.actions(session.id) == before


def test_a_code_is_never_given_twice(stores: Stores) -> None:
    session = finalized(stores)
    first = a_result(session.id, "cand-1")
    stores.results.save(session.id, [ResultChange(result=first)], an_event(session.id, SAVED))
    # Another candidate drawn the same code: refused whole, the earlier result untouched.
    second = a_result(session.id, "cand-2")
    with pytest.raises(errors.WriteConflict) as refused:
        stores.results.save(session.id, [ResultChange(result=second)], an_event(session.id, SAVED))
    assert refused.value.what is errors.Conflicting.CERTIFICATE
    assert stores.results.list_for_session(session.id) == [first]
    assert stores.results.find_by_code("P-ABCDEFGH") == first


def test_one_candidate_s_result_is_read_alone(stores: Stores) -> None:
    session = finalized(stores)
    first = a_result(session.id, "cand-1", status=ResultStatus.REJECTED, code=None)
    stores.results.save(session.id, [ResultChange(result=first)], an_event(session.id, SAVED))
    assert stores.results.get(session.id, "cand-1") == first
    assert stores.results.get(session.id, "cand-2") is None
    assert stores.results.get(session.id + 1, "cand-1") is None


def test_a_result_is_saved_over_the_one_read_only(stores: Stores) -> None:
    session = finalized(stores)
    first = a_result(session.id)
    stores.results.save(session.id, [ResultChange(result=first)], an_event(session.id, SAVED))
    # Someone saved meanwhile: a second "first save" is refused, so is one over a stale read.
    stale = a_result(session.id, minutes=1)
    for previous in (None, stale):
        with pytest.raises(errors.WriteConflict) as refused:
            stores.results.save(
                session.id,
                [ResultChange(result=a_result(session.id, minutes=2), previous=previous)],
                an_event(session.id, SAVED),
            )
        assert refused.value.what is errors.Conflicting.RESULT
    assert stores.results.list_for_session(session.id) == [first]


def test_a_result_no_longer_validated_frees_its_code(stores: Stores) -> None:
    session = finalized(stores)
    first = a_result(session.id)
    stores.results.save(session.id, [ResultChange(result=first)], an_event(session.id, SAVED))
    rejected = a_result(session.id, status=ResultStatus.REJECTED, minutes=1)
    stores.results.save(
        session.id, [ResultChange(result=rejected, previous=first)], an_event(session.id, SAVED)
    )
    assert stores.results.find_by_code("P-ABCDEFGH") is None
    # The code is free again.
    other = a_result(session.id, "cand-2")
    stores.results.save(session.id, [ResultChange(result=other)], an_event(session.id, SAVED))
    assert stores.results.find_by_code("P-ABCDEFGH") == other


def test_a_class_lists_only_its_published_results_by_name(stores: Stores) -> None:
    published = finalized(stores, "BCDF23")
    pending = finalized(stores, "BCDF24")
    writes = {
        published.id: [
            a_result(published.id, "c-1", code="P-AAAAAAAA", last_name="MARTIN"),
            a_result(published.id, "c-2", code="P-BBBBBBBB", last_name="ÉLOI"),
            a_result(published.id, "c-3", code="P-CCCCCCCC", division="3E10"),
        ],
        pending.id: [a_result(pending.id, "c-4", code="P-DDDDDDDD")],
    }
    for session_id, results in writes.items():
        stores.results.save(
            session_id,
            [ResultChange(result=r) for r in results],
            an_event(session_id, SAVED),
        )
    in_status(stores, published, SessionStatus.PROCESSED)

    listed = stores.results.list_published_for_division(CENTER.id, "3e1")
    assert [r.pupil.last_name for r in listed if r.pupil] == ["ÉLOI", "MARTIN"]
    assert stores.results.list_published_for_division(CENTER.id, "3E2") == []
    assert stores.results.list_published_for_division("c-other", "3E1") == []


def test_classes_whose_numbers_pad_alike_keep_their_own_results(stores: Stores) -> None:
    # Given published results in 3E1 and in 3E01 (the same key range once numbers are padded)
    session = finalized(stores, "BCDF25")
    results = [
        a_result(session.id, "c-1", code="P-AAAAAAAA", last_name="MARTIN", division="3E1"),
        a_result(session.id, "c-2", code="P-BBBBBBBB", last_name="ÉLOI", division="3E01"),
    ]
    stores.results.save(
        session.id, [ResultChange(result=r) for r in results], an_event(session.id, SAVED)
    )
    in_status(stores, session, SessionStatus.PROCESSED)
    # When each class is listed, Then it holds its own pupils only
    one = stores.results.list_published_for_division(CENTER.id, "3E1")
    zero_one = stores.results.list_published_for_division(CENTER.id, "3e01")
    assert [r.pupil.last_name for r in one if r.pupil] == ["MARTIN"]
    assert [r.pupil.last_name for r in zero_one if r.pupil] == ["ÉLOI"]


# --- a save in several groups: the session marked "results being saved" ----------------------

UNTIL = NOW + RESULTS_SAVING_LEASE


def rejected(session_id: int, first: int, count: int) -> list[ResultChange]:
    """Results without a verification code (each group reserves none)."""
    return [
        ResultChange(
            result=a_result(session_id, f"cand-{n}", status=ResultStatus.REJECTED, code=None)
        )
        for n in range(first, first + count)
    ]


def test_no_publication_between_the_first_group_and_the_last(stores: Stores) -> None:
    session = finalized(stores)
    read_before = stored(stores.sessions, session.id)
    first = rejected(session.id, 0, RESULTS_PER_WRITE)
    stores.results.save(session.id, first, an_event(session.id, SAVED), SavingMark(until=UNTIL))

    marked = stored(stores.sessions, session.id)
    assert marked.results_saving_until == UNTIL
    # The mark moves the version: a publication (or an assignment, which would erase the mark)
    # from a read made before the first group is refused at its write.
    with pytest.raises(errors.WriteConflict) as lost:
        stores.processing.transition(
            read_before, mark_processed(read_before, NOW), an_event(session.id)
        )
    assert lost.value.what is errors.Conflicting.SESSION
    taken = assign(read_before, StaffMember(user_id="anne", name="Anne Pix"))
    assert taken is not None
    with pytest.raises(errors.WriteConflict):
        stores.processing.transition(read_before, taken, an_event(session.id))
    # Read now, the session is refused with the 409.
    saved = stores.results.list_for_session(session.id)
    with pytest.raises(errors.Conflict) as refused:
        ensure_publishable(marked, [], saved, [], NOW)
    assert refused.value.code == "SESSION_NOT_PUBLISHABLE"
    assert [d.code for d in refused.value.details] == ["RESULTS_BEING_SAVED"]
    assert stored(stores.sessions, session.id) == marked
    assert sorted(c.result.candidate_id for c in first) == [r.candidate_id for r in saved]

    last = rejected(session.id, RESULTS_PER_WRITE, 1)
    stores.results.save(
        session.id, last, an_event(session.id, SAVED), SavingMark(until=UNTIL, release=True)
    )
    done = stored(stores.sessions, session.id)
    assert done.results_saving_until is None and done.version == marked.version + 1
    assert len(stores.results.list_for_session(session.id)) == RESULTS_PER_WRITE + 1
    ensure_publishable(done, [], stores.results.list_for_session(session.id), [], NOW)
    stores.processing.transition(done, mark_processed(done, NOW), an_event(session.id))
    assert stored(stores.sessions, session.id).status is SessionStatus.PROCESSED


def test_two_long_saves_never_share_the_mark(stores: Stores) -> None:
    """The first group of a long save takes the mark only if it is still the one the save
    read; the last group releases it only if it is still its own. A group refused so writes
    nothing (its results stay as they were)."""
    session = finalized(stores)
    first = rejected(session.id, 0, 2)
    stores.results.save(session.id, first, an_event(session.id, SAVED), SavingMark(until=UNTIL))
    marked = stored(stores.sessions, session.id)

    # Another save that read the session before the mark: its first group is refused.
    other = rejected(session.id, 2, 2)
    later = UNTIL + timedelta(seconds=1)
    with pytest.raises(errors.WriteConflict) as taken:
        stores.results.save(session.id, other, an_event(session.id, SAVED), SavingMark(until=later))
    assert taken.value.what is errors.Conflicting.SESSION
    # Nor may it release a mark that is not its own.
    with pytest.raises(errors.WriteConflict) as released:
        stores.results.save(
            session.id, other, an_event(session.id, SAVED), SavingMark(until=later, release=True)
        )
    assert released.value.what is errors.Conflicting.SESSION
    assert stored(stores.sessions, session.id) == marked
    assert len(stores.results.list_for_session(session.id)) == 2

    # Once the first save's lease has run out, a save that read its mark replaces it.
    replacing = SavingMark(until=later, replaces=UNTIL)
    stores.results.save(session.id, other, an_event(session.id, SAVED), replacing)
    assert stored(stores.sessions, session.id).results_saving_until == later
    # The first save's last group, come too late, no longer removes the other's mark.
    with pytest.raises(errors.WriteConflict):
        stores.results.save(
            session.id,
            rejected(session.id, 4, 1),
            an_event(session.id, SAVED),
            SavingMark(until=UNTIL, release=True),
        )
    stores.results.save(
        session.id,
        rejected(session.id, 4, 1),
        an_event(session.id, SAVED),
        SavingMark(until=later, release=True),
    )
    assert stored(stores.sessions, session.id).results_saving_until is None
    assert len(stores.results.list_for_session(session.id)) == 5


def test_an_expired_mark_does_not_block_publication(stores: Stores) -> None:
    """A saver that crashed after its first group: its groups stay, the lease runs out."""
    session = finalized(stores)
    first = rejected(session.id, 0, RESULTS_PER_WRITE)
    stores.results.save(session.id, first, an_event(session.id, SAVED), SavingMark(until=UNTIL))
    marked = stored(stores.sessions, session.id)
    ensure_publishable(marked, [], stores.results.list_for_session(session.id), [], UNTIL)
    stores.processing.transition(marked, mark_processed(marked, UNTIL), an_event(session.id))
    published = stored(stores.sessions, session.id)
    assert published.status is SessionStatus.PROCESSED
    assert published.results_saving_until is None
    assert len(stores.results.list_for_session(session.id)) == RESULTS_PER_WRITE


def test_a_save_in_one_group_touches_neither_mark_nor_version(stores: Stores) -> None:
    session = finalized(stores)
    before = stored(stores.sessions, session.id)
    stores.results.save(session.id, rejected(session.id, 0, 2), an_event(session.id, SAVED))
    assert stored(stores.sessions, session.id) == before
