"""The pupils' data, minors' data (docs/data-protection.md): leavers purged from the roster at
import after the grace period (never a candidate of an open session), and a center admin's
export and erasure of one pupil — on the fakes."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from shared.domain import errors
from shared.domain.audit import AuditAction
from shared.domain.candidate import CandidateStatus, candidate_id
from shared.domain.finalization import (
    AbortReason,
    CandidateFinalization,
    CandidateFinalizationInput,
    FinalizationInput,
    IssueReportInput,
)
from shared.domain.people import Identity, Membership, Role
from shared.domain.retention import LEFT_PUPIL_GRACE
from shared.domain.session import Session, SessionStatus
from shared.services import candidates, finalization, personal_data, roster, sessions
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, BRUNO, LUCAS, NOE, NOW, PARIS, SESSION_FORM, ZOE

# A member of Paris's team who is not an admin.
CLARA = Identity(user_id="clara", email="clara@anne-frank.test")


@pytest.fixture(autouse=True)
def clara(fakes: Fakes) -> None:
    fakes.users.put_membership(Membership(user_id=CLARA.user_id, role=Role.MEMBER, center=PARIS))


HEADER = "Nom de naissance;Prénom;Date de naissance;Classe\n"
LINES = {
    "Lucas": "Martin;Lucas;12/03/2010;3E1\n",
    "Zoé": "Lecœur;Zoé;05/11/2010;3E1\n",
    "Noé": "Abadie;Noé;17/05/2010;3E1\n",
    # Two pupils the file adds to the roster of given.py: a file without Lucas and Noé
    # still lists most of the school (a file that does not purges no one).
    "Moussa": "N'Diaye;Moussa;02/02/2010;3E2\n",
    "Inès": "Benali;Inès;21/06/2010;3E2\n",
}


def csv_without(*left: str) -> bytes:
    return (HEADER + "".join(v for k, v in LINES.items() if k not in left)).encode()


def import_without(deps: Dependencies, *left: str) -> roster.ImportReport:
    return roster.import_roster(deps, ALICE, PARIS.id, csv_without(*left), "text/csv")


def paris_roster(fakes: Fakes) -> set[str]:
    return {s.first_name for s in fakes.students.list_center(PARIS.id)}


def enrol(deps: Dependencies, session: Session, *student_ids: str) -> None:
    candidates.enroll_students(deps, ALICE, session.id, list(student_ids))


# --- purge at import ----------------------------------------------------------------------------


def test_a_leaver_is_marked_then_purged_after_the_grace_period(
    deps: Dependencies, fakes: Fakes
) -> None:
    # Given Lucas missing from the school's file
    first = import_without(deps, "Lucas")
    assert (first.absent, first.purged) == (1, 0)
    assert fakes.students.get_many(PARIS.id, [LUCAS.id])[0].left_since == NOW
    # Within the grace period, he stays
    fakes.clock.now = NOW + LEFT_PUPIL_GRACE - timedelta(minutes=1)
    assert import_without(deps, "Lucas").purged == 0
    assert "Lucas" in paris_roster(fakes)
    # The first import after it removes him, and says so
    fakes.clock.now = NOW + LEFT_PUPIL_GRACE
    report = import_without(deps, "Lucas")
    assert (report.absent, report.purged) == (0, 1)
    assert paris_roster(fakes) == {"Zoé", "Noé", "Moussa", "Inès"}
    # In the center's trail, by id: his name goes with him
    [purge] = fakes.sessions.events.list_for_center(PARIS.id)
    assert purge.action is AuditAction.STUDENTS_PURGED
    assert purge.changes == {"count": 1, "studentIds": [LUCAS.id]}
    assert purge.actor.id == ALICE.user_id and purge.at == NOW + LEFT_PUPIL_GRACE


def test_a_candidate_of_an_open_session_is_kept_until_it_is_finalized(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    enrol(deps, session, LUCAS.id)
    import_without(deps, "Lucas", "Noé")
    fakes.clock.now = NOW + LEFT_PUPIL_GRACE
    report = import_without(deps, "Lucas", "Noé")
    # Noé goes; Lucas, a candidate of the open session, stays (still marked)
    assert (report.absent, report.purged) == (1, 1)
    assert paris_roster(fakes) == {"Zoé", "Lucas", "Moussa", "Inès"}
    # Once the session is finalized, the next import removes him; his candidate record stays
    fakes.sessions.alter(session.id, status=SessionStatus.FINALIZED)
    assert import_without(deps, "Lucas", "Noé").purged == 1
    assert paris_roster(fakes) == {"Zoé", "Moussa", "Inès"}
    assert fakes.candidates.get(session.id, candidate_id(session.id, LUCAS.id)) is not None


def test_an_import_that_purges_no_one_reads_no_session_and_records_nothing(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unexpected(center_id: str) -> list[Session]:
        raise AssertionError("the sessions are read only when a pupil is due for purging")

    monkeypatch.setattr(fakes.sessions, "list_for_center", unexpected)
    import_without(deps, "Lucas")
    fakes.clock.now = NOW + timedelta(days=3)
    import_without(deps, "Lucas")
    assert fakes.sessions.events.list_for_center(PARIS.id) == []


# --- export -------------------------------------------------------------------------------------


@pytest.fixture
def history(deps: Dependencies, fakes: Fakes, session: Session) -> Session:
    """Lucas and Zoé sat the session (finalized, with a report about each), then Lucas was
    enrolled in a second session and removed from it."""
    enrol(deps, session, LUCAS.id, ZOE.id)
    for pupil in (LUCAS, ZOE):
        fakes.candidates.alter(
            session.id, candidate_id(session.id, pupil.id), status=CandidateStatus.STARTED
        )
        finalization.add_issue_report(
            deps,
            ALICE,
            session.id,
            candidate_id(session.id, pupil.id),
            IssueReportInput(category="FRAUD", description=f"Au sujet de {pupil.first_name}"),
        )
    rows = [
        CandidateFinalizationInput(
            candidate_id=candidate_id(session.id, LUCAS.id), abort_reason="CANDIDATE"
        ),
        CandidateFinalizationInput(
            candidate_id=candidate_id(session.id, ZOE.id), abort_reason="TECHNICAL"
        ),
    ]
    finalization.finalize(deps, ALICE, session.id, FinalizationInput(candidates=rows))
    later = sessions.create_session(deps, ALICE, PARIS.id, SESSION_FORM)
    enrol(deps, later, LUCAS.id)
    candidates.remove_candidate(deps, ALICE, later.id, candidate_id(later.id, LUCAS.id))
    return session


def test_an_export_holds_everything_about_the_pupil_and_nothing_of_another(
    deps: Dependencies, fakes: Fakes, history: Session
) -> None:
    record = personal_data.export_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert record.student == LUCAS
    assert record.center == PARIS
    [candidacy] = record.candidacies
    assert candidacy.session.id == history.id
    assert candidacy.session.status is SessionStatus.FINALIZED
    assert candidacy.candidate.student_id == LUCAS.id
    assert [r.description for r in candidacy.issue_reports] == ["Au sujet de Lucas"]
    assert candidacy.finalization == CandidateFinalization(abort_reason=AbortReason.CANDIDATE)
    # Enrolled in both sessions, reported, removed from the second: every event naming him
    assert [e.action for e in record.session_events] == [
        AuditAction.CANDIDATES_ENROLLED,
        AuditAction.ISSUE_REPORT_ADDED,
        AuditAction.SESSION_FINALIZED,
        AuditAction.CANDIDATES_ENROLLED,
        AuditAction.CANDIDATE_REMOVED,
    ]
    # Events about several pupils keep only what concerns him
    enrolled, _, finalized, *_ = record.session_events
    assert enrolled.changes == {"studentIds": [LUCAS.id], "added": 2}
    lucas = candidate_id(history.id, LUCAS.id)
    assert finalized.changes["aborted"] == {lucas: "CANDIDATE"}
    text = record.model_dump_json()
    assert ZOE.id not in text and "Zoé" not in text and "TECHNICAL" not in text
    assert NOE.id not in text


def test_an_export_is_recorded_in_the_centers_trail(deps: Dependencies, fakes: Fakes) -> None:
    record = personal_data.export_student(deps, ALICE, PARIS.id, LUCAS.id)
    [exported] = fakes.sessions.events.list_for_center(PARIS.id)
    assert exported.action is AuditAction.STUDENT_DATA_EXPORTED
    assert exported.changes == {"studentId": LUCAS.id}
    assert exported.actor.id == ALICE.user_id
    assert record.center_events == [exported]
    # A second export shows the first.
    again = personal_data.export_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert [e.action for e in again.center_events] == [AuditAction.STUDENT_DATA_EXPORTED] * 2


def test_an_export_after_a_purge_naming_others_shows_none_of_them(
    deps: Dependencies, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a purge of Lucas and Noé recorded, then cut short before the deletions: Lucas is
    # still on the roster, and the center's trail names both (a school's purge names hundreds)
    import_without(deps, "Lucas", "Noé")
    fakes.clock.now = NOW + LEFT_PUPIL_GRACE

    def stopped(center_id: str, student_ids: list[str]) -> None:
        raise RuntimeError("the function ran out of time")

    monkeypatch.setattr(fakes.students, "delete_many", stopped)
    with pytest.raises(RuntimeError):
        import_without(deps, "Lucas", "Noé")
    [purge] = fakes.sessions.events.list_for_center(PARIS.id)
    assert purge.changes["studentIds"] == sorted([LUCAS.id, NOE.id])
    # When his data is exported
    record = personal_data.export_student(deps, ALICE, PARIS.id, LUCAS.id)
    # Then the purge is there, about him alone
    purged, _exported = record.center_events
    assert purged.action is AuditAction.STUDENTS_PURGED
    assert purged.changes["studentIds"] == [LUCAS.id]
    assert NOE.id not in record.model_dump_json()
    # The trail itself is left whole
    assert fakes.sessions.events.list_for_center(PARIS.id)[0].changes == purge.changes


# --- erasure ------------------------------------------------------------------------------------


def test_erasing_a_pupil_removes_them_and_records_it_without_their_name(
    deps: Dependencies, fakes: Fakes
) -> None:
    personal_data.erase_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert paris_roster(fakes) == {"Zoé", "Noé"}
    with pytest.raises(errors.NotFound) as caught:
        personal_data.export_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert caught.value.code == "STUDENT_NOT_FOUND"
    [erased] = fakes.sessions.events.list_for_center(PARIS.id)
    assert erased.action is AuditAction.STUDENT_ERASED
    assert erased.changes == {"studentId": LUCAS.id, "keptInFinalizedSessions": []}
    assert "Martin" not in json.dumps(erased.changes) and "Lucas" not in json.dumps(erased.changes)
    # Erasing again: he is unknown
    with pytest.raises(errors.NotFound):
        personal_data.erase_student(deps, ALICE, PARIS.id, LUCAS.id)


def test_a_candidate_of_an_open_session_cannot_be_erased(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    enrol(deps, session, LUCAS.id)
    other = sessions.create_session(deps, ALICE, PARIS.id, SESSION_FORM)
    enrol(deps, other, LUCAS.id)
    with pytest.raises(errors.Conflict) as caught:
        personal_data.erase_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert caught.value.code == "STUDENT_IS_CANDIDATE"
    assert caught.value.message == (
        f"Cet élève est candidat des sessions n° {session.id}, n° {other.id}, pas encore "
        "finalisées : retirez-le de la session (s'il ne l'a pas commencée) ou finalisez-la, "
        "puis recommencez."
    )
    assert caught.value.extra == {"session_ids": [session.id, other.id]}
    assert "Lucas" in paris_roster(fakes)
    assert fakes.sessions.events.list_for_center(PARIS.id) == []


def test_one_open_session_is_named_alone(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    enrol(deps, session, LUCAS.id)
    with pytest.raises(errors.Conflict) as caught:
        personal_data.erase_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert f"candidat de la session n° {session.id}, pas encore finalisée :" in (
        caught.value.message
    )


def test_a_finalized_sessions_record_stays_when_its_candidate_is_erased(
    deps: Dependencies, fakes: Fakes, history: Session
) -> None:
    personal_data.erase_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert "Lucas" not in paris_roster(fakes)
    kept = fakes.candidates.get(history.id, candidate_id(history.id, LUCAS.id))
    assert kept is not None and kept.first_name == "Lucas"
    [erased] = fakes.sessions.events.list_for_center(PARIS.id)
    assert erased.changes["keptInFinalizedSessions"] == [history.id]


def test_an_enrolment_racing_the_erasure_makes_it_refused(
    deps: Dependencies, fakes: Fakes, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another admin enrols Lucas between the erasure's read of the sessions and its write
    read = fakes.sessions.list_for_center

    def read_then_enrol(center_id: str) -> list[Session]:
        found = read(center_id)
        if not fakes.sessions.get(session.id).enrolled_student_ids:  # type: ignore[union-attr]
            enrol(deps, session, LUCAS.id)
        return found

    monkeypatch.setattr(fakes.sessions, "list_for_center", read_then_enrol)
    with pytest.raises(errors.Conflict) as caught:
        personal_data.erase_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert caught.value.code == "STUDENT_IS_CANDIDATE"
    assert "Lucas" in paris_roster(fakes)


def test_an_erasure_waits_for_an_import_under_way(deps: Dependencies, fakes: Fakes) -> None:
    # An import that read the roster before the erasure would write the pupil back (marked
    # as left): the two take turns, with the import's lease.
    assert fakes.students.lock_import(PARIS.id, "an-import", NOW, NOW + roster.IMPORT_LEASE)
    with pytest.raises(errors.Conflict) as caught:
        personal_data.erase_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert caught.value.code == "IMPORT_IN_PROGRESS"
    assert "Lucas" in paris_roster(fakes)
    fakes.students.unlock_import(PARIS.id, "an-import")
    # Once it is over, the erasure is done, and gives the lease back.
    personal_data.erase_student(deps, ALICE, PARIS.id, LUCAS.id)
    assert "Lucas" not in paris_roster(fakes)
    assert fakes.students.leases == {}


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("request_of", [personal_data.export_student, personal_data.erase_student])
def test_only_an_admin_of_the_center_may_ask(
    deps: Dependencies, fakes: Fakes, request_of: object
) -> None:
    ask = request_of  # export_student or erase_student: the same parameters
    assert callable(ask)
    with pytest.raises(errors.Forbidden) as forbidden:
        ask(deps, CLARA, PARIS.id, LUCAS.id)
    assert (forbidden.value.code, forbidden.value.message) == (
        "ADMIN_ROLE_REQUIRED",
        "Seul un administrateur du centre peut faire cela.",
    )
    # Another school's admin: the center is not theirs
    with pytest.raises(errors.NotFound) as other_school:
        ask(deps, BRUNO, PARIS.id, LUCAS.id)
    assert other_school.value.code == "CENTER_NOT_FOUND"
    # Another school's pupil, or none: the same answer
    for unknown in ("r1", "nobody", "x" * 500):
        with pytest.raises(errors.NotFound) as not_found:
            ask(deps, ALICE, PARIS.id, unknown)
        assert not_found.value.code == "STUDENT_NOT_FOUND"
    assert len(fakes.students.list_center(PARIS.id)) == 3
    assert fakes.sessions.events.list_for_center(PARIS.id) == []
