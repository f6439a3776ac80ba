"""Session use cases on in-memory fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from random import Random
from typing import Any

import pytest

from shared.domain import errors
from shared.domain.attachments import UploadInput
from shared.domain.attendance import AttendanceSheet
from shared.domain.audit import AuditAction, AuditEvent
from shared.domain.pagination import PageRequest
from shared.domain.people import Center, Identity
from shared.domain.session import (
    Session,
    SessionFilter,
    SessionInput,
    SessionStatus,
    parse_session_id,
)
from shared.services import attachments, candidates
from shared.services import sessions as service
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, BRUNO, LUCAS, PARIS, REUNION, SESSION_FORM, STAFF, ZOE


def create(
    deps: Dependencies, who: Identity = ALICE, center: Center = PARIS, **changes: str
) -> Session:
    """A session created with the usual form, some fields of it changed."""
    return service.create_session(deps, who, center.id, SESSION_FORM.model_copy(update=changes))


def update(
    deps: Dependencies,
    session_id: int,
    changes: SessionInput,
    if_match: int | None = None,
    who: Identity = ALICE,
) -> Session:
    return service.update_session(deps, who, session_id, changes, if_match)


def test_creating_a_session_numbers_it_and_gives_it_codes_and_a_deadline(
    deps: Dependencies,
) -> None:
    first = create(deps)
    second = create(deps, room="Salle 209")
    assert (first.id, second.id) == (1, 2)
    assert first.center_name == "Collège Anne Frank"
    assert first.status is SessionStatus.CREATED and first.version == 1
    assert len(first.access_code) == 6 and first.supervisor_password.startswith("C-")
    assert first.finalization_deadline == datetime(2026, 12, 16, 12, 45, tzinfo=UTC)
    assert first.access_code != second.access_code


def test_only_members_create_sessions_in_their_center(deps: Dependencies, fakes: Fakes) -> None:
    with pytest.raises(errors.NotFound):
        create(deps, who=BRUNO, center=PARIS)
    with pytest.raises(errors.NotFound):
        create(deps, who=STAFF, center=PARIS)
    assert fakes.sessions.sessions == {}


def test_a_taken_access_code_is_drawn_again(deps: Dependencies, fakes: Fakes) -> None:
    # Given two creations drawing from the same seed, so the same first code
    first = create(replace(deps, rng=Random(1)))
    second = create(replace(deps, rng=Random(1)))
    # Then the second one drew again
    assert first.access_code != second.access_code
    assert set(fakes.sessions.reserved_codes) == {first.access_code, second.access_code}


def test_the_past_is_judged_in_the_centers_timezone(deps: Dependencies, fakes: Fakes) -> None:
    fakes.clock.now = datetime(2026, 12, 1, 21, 30, tzinfo=UTC)  # already 2 December in La Réunion
    create(deps, date="2026-12-01")
    with pytest.raises(errors.RuleViolation) as caught:
        create(deps, who=BRUNO, center=REUNION, date="2026-12-01")
    assert caught.value.code == "SESSION_IN_THE_PAST"
    assert len(fakes.sessions.sessions) == 1


def test_a_session_is_invisible_outside_its_center_pix_staff_included(
    deps: Dependencies, session: Session
) -> None:
    # Pix staff who are not members read sessions through /admin (docs/processing.md).
    assert service.get_session(deps, ALICE, session.id) == session
    for outsider in (BRUNO, STAFF):
        with pytest.raises(errors.NotFound) as caught:
            service.get_session(deps, outsider, session.id)
        assert caught.value.code == "SESSION_NOT_FOUND"
    with pytest.raises(errors.NotFound) as missing:
        service.get_session(deps, ALICE, 999)
    assert (missing.value.code, missing.value.message) == (caught.value.code, caught.value.message)


def test_list_is_newest_first_paginated_and_filtered(deps: Dependencies, fakes: Fakes) -> None:
    for day in ("2026-12-10", "2026-12-20", "2026-12-15"):
        create(deps, date=day)
    create(deps, who=BRUNO, center=REUNION)
    page = service.list_sessions(deps, ALICE, PARIS.id, None, PageRequest(page=1, page_size=2))
    assert [s.date for s in page.items] == [date(2026, 12, 20), date(2026, 12, 15)]
    assert page.total == 3
    fakes.sessions.alter(1, started_count=2)
    to_finalize = service.list_sessions(
        deps, ALICE, PARIS.id, SessionFilter.TO_FINALIZE, PageRequest()
    )
    assert [s.id for s in to_finalize.items] == [1]
    created = service.list_sessions(deps, ALICE, PARIS.id, SessionFilter.CREATED, PageRequest())
    assert created.total == 3  # CREATED is the stored status, begun or not
    with pytest.raises(errors.NotFound):
        service.list_sessions(deps, BRUNO, PARIS.id, None, PageRequest())


def test_editing_keeps_unsent_fields_and_bumps_the_version(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    edited = update(deps, session.id, SessionInput(room=" Salle Info n°2 ", time="14:00"), 1)
    assert (edited.room, edited.address, edited.version) == ("Salle Info n°2", session.address, 2)
    assert edited.finalization_deadline == datetime(2026, 12, 16, 14, 45, tzinfo=UTC)
    assert fakes.sessions.get(session.id) == edited


def test_a_stale_version_is_refused(deps: Dependencies, fakes: Fakes, session: Session) -> None:
    update(deps, session.id, SessionInput(room="A"), if_match=1)
    with pytest.raises(errors.PreconditionFailed):
        update(deps, session.id, SessionInput(room="B"), if_match=1)
    assert fakes.sessions.sessions[session.id].room == "A"


def test_a_started_or_finalized_session_cannot_be_edited_or_deleted(
    deps: Dependencies, fakes: Fakes
) -> None:
    started = fakes.sessions.alter(create(deps).id, started_count=1)
    finalized = fakes.sessions.alter(
        create(deps).id, status=SessionStatus.FINALIZED, started_count=1
    )
    for session_id, code in (
        (started.id, "SESSION_ALREADY_STARTED"),
        (finalized.id, "SESSION_ALREADY_FINALIZED"),
    ):
        with pytest.raises(errors.Conflict) as caught:
            update(deps, session_id, SessionInput(room="B"))
        assert caught.value.code == code
        with pytest.raises(errors.Conflict):
            service.delete_session(deps, ALICE, session_id)


def test_once_started_only_the_observations_may_change(deps: Dependencies, fakes: Fakes) -> None:
    """The guide: observations can be completed until finalization; everything else is
    locked once a pupil joined."""
    # Given a session a pupil joined
    started = fakes.sessions.alter(create(deps).id, started_count=1)

    # When only the observations are sent, or sent with the other fields as they are
    noted = update(deps, started.id, SessionInput(description="  Élève arrivé en retard. "))
    again = update(
        deps,
        started.id,
        SessionInput.of(noted.details).model_copy(update={"description": "Deux retards."}),
    )

    # Then they are saved, nothing else moves, and each edit is in the journal
    assert (noted.description, again.description) == ("Élève arrivé en retard.", "Deux retards.")
    assert again.details.model_copy(update={"description": ""}) == started.details
    assert again.finalization_deadline == started.finalization_deadline
    updates = [e.changes for e in fakes.sessions.events.events if e.action == "SESSION_UPDATED"]
    assert updates[-1] == {
        "description": {"from": "Élève arrivé en retard.", "to": "Deux retards."}
    }

    # And any other field changed, with or without the observations, is refused as before
    for changes in (
        SessionInput(room="Salle 3"),
        SessionInput(description="Trois retards.", time="14:00"),
        SessionInput(date="2026-12-15"),
    ):
        with pytest.raises(errors.Conflict) as caught:
            update(deps, started.id, changes)
        assert caught.value.code == "SESSION_ALREADY_STARTED"
    assert fakes.sessions.sessions[started.id] == again


def test_the_observations_are_locked_once_finalized(deps: Dependencies, fakes: Fakes) -> None:
    finalized = fakes.sessions.alter(
        create(deps).id, status=SessionStatus.FINALIZED, started_count=1
    )
    with pytest.raises(errors.Conflict) as caught:
        update(deps, finalized.id, SessionInput(description="Trop tard."))
    assert caught.value.code == "SESSION_ALREADY_FINALIZED"


def test_observations_too_long_are_refused_after_the_start_too(
    deps: Dependencies, fakes: Fakes
) -> None:
    started = fakes.sessions.alter(create(deps).id, started_count=1)
    with pytest.raises(errors.RuleViolation) as caught:
        update(deps, started.id, SessionInput(description="x" * 351))
    assert [d.field for d in caught.value.details] == ["description"]


def test_moving_a_session_into_the_past_is_refused_but_an_old_date_may_stay(
    deps: Dependencies, fakes: Fakes
) -> None:
    session = create(deps, date="2026-12-02")
    fakes.clock.now = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    assert update(deps, session.id, SessionInput(room="Salle 3")).room == "Salle 3"
    with pytest.raises(errors.RuleViolation) as caught:
        update(deps, session.id, SessionInput(date="2026-12-04"))
    assert caught.value.code == "SESSION_IN_THE_PAST"


def test_editing_validates_the_merged_form(deps: Dependencies, session: Session) -> None:
    with pytest.raises(errors.RuleViolation) as caught:
        update(deps, session.id, SessionInput(examiner="  ", time="25:00"))
    assert {d.field for d in caught.value.details} == {"examiner", "time"}


def test_deleting_frees_the_access_code(deps: Dependencies, fakes: Fakes, session: Session) -> None:
    service.delete_session(deps, ALICE, session.id)
    assert fakes.sessions.get(session.id) is None
    assert session.access_code not in fakes.sessions.reserved_codes


def test_other_centers_cannot_edit_or_delete(deps: Dependencies, session: Session) -> None:
    with pytest.raises(errors.NotFound):
        update(deps, session.id, SessionInput(room="B"), who=BRUNO)
    with pytest.raises(errors.NotFound):
        service.delete_session(deps, BRUNO, session.id)
    # Pix staff read every center but do not run sessions.
    with pytest.raises(errors.NotFound):
        service.delete_session(deps, STAFF, session.id)


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "1.5", "١٢", "9" * 13, ""])
def test_session_numbers_in_paths_must_be_positive_integers(raw: str) -> None:
    with pytest.raises(errors.NotFound):
        parse_session_id(raw)


def test_deleting_a_session_removes_the_files_of_its_documents(
    deps: Dependencies, fakes: Fakes, session: Session
) -> None:
    # Given a document uploaded to the session
    grant = attachments.request_upload(
        deps,
        ALICE,
        session.id,
        UploadInput(file_name="scan.png", content_type="image/png", size=8),
    )
    fakes.files.put(grant.attachment.key, b"\x89PNG\r\n\x1a\n", "image/png")
    # When the session is deleted
    service.delete_session(deps, ALICE, session.id)
    # Then its file goes with it
    assert fakes.files.objects == {}


def test_the_audit_trail_is_read_oldest_first_by_the_center_only(
    deps: Dependencies, session: Session
) -> None:
    update(deps, session.id, SessionInput(room="Salle 3"))
    trail = service.list_events(deps, ALICE, session.id, PageRequest())
    assert [e.action for e in trail.items] == [
        AuditAction.SESSION_CREATED,
        AuditAction.SESSION_UPDATED,
    ]
    assert trail.items[1].changes == {"room": {"from": "Salle 208", "to": "Salle 3"}}
    for outsider in (BRUNO, STAFF):
        with pytest.raises(errors.NotFound):
            service.list_events(deps, outsider, session.id, PageRequest())


def test_the_attendance_sheet_is_rendered_for_the_candidates_enrolled(
    deps: Dependencies, session: Session
) -> None:
    # Given two candidates, and a renderer that keeps what it was given
    candidates.enroll_students(deps, ALICE, session.id, [LUCAS.id, ZOE.id])
    rendered: list[AttendanceSheet] = []

    def render(sheet: AttendanceSheet) -> bytes:
        rendered.append(sheet)
        return b"%PDF-1.7"

    # When a member downloads the sheet
    name, pdf = service.render_attendance_sheet(
        replace(deps, render_attendance=render), ALICE, session.id
    )
    # Then it is the renderer's PDF of the session's sheet, candidates by name
    assert (name, pdf) == (f"feuille-emargement-session-{session.id}.pdf", b"%PDF-1.7")
    [sheet] = rendered
    assert [row.last_name for row in sheet.rows] == ["Lecœur", "Martin"]
    assert (sheet.start_time, sheet.end_time) == (time(12, 0), time(13, 45))
    with pytest.raises(errors.NotFound):
        service.render_attendance_sheet(deps, BRUNO, session.id)


def test_an_empty_edit_changes_nothing(deps: Dependencies, fakes: Fakes, session: Session) -> None:
    events_before = len(fakes.sessions.events.list_for_session(session.id))
    for nothing in (SessionInput(), SessionInput(room=session.room)):
        unchanged = service.update_session(deps, ALICE, session.id, nothing, None)
        assert unchanged.version == session.version
    assert fakes.sessions.sessions[session.id].version == session.version
    assert len(fakes.sessions.events.list_for_session(session.id)) == events_before


class RacingSessions:
    """The store, with another edit slipped in before each of the first `races` saves."""

    def __init__(self, fakes: Fakes, races: int) -> None:
        self._fakes = fakes
        self._races = races

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fakes.sessions, name)

    def save(self, session: Session, expected_version: int, event: AuditEvent) -> None:
        if self._races:
            self._races -= 1
            stored = self._fakes.sessions.sessions[session.id]
            self._fakes.sessions.alter(
                session.id, examiner=f"Autre {self._races}", version=stored.version + 1
            )
        self._fakes.sessions.save(session, expected_version, event)


def test_an_edit_without_if_match_is_applied_to_the_session_as_it_is_now(
    fakes: Fakes, session: Session
) -> None:
    deps = fakes.dependencies(sessions=RacingSessions(fakes, races=2))
    edited = service.update_session(deps, ALICE, session.id, SessionInput(room="Salle 9"), None)
    stored = fakes.sessions.sessions[session.id]
    assert (stored.room, stored.examiner) == ("Salle 9", "Autre 0")
    assert edited.version == stored.version == session.version + 3


def test_an_edit_with_a_stale_if_match_is_refused_without_retrying(
    fakes: Fakes, session: Session
) -> None:
    deps = fakes.dependencies(sessions=RacingSessions(fakes, races=1))
    with pytest.raises(errors.PreconditionFailed):
        service.update_session(
            deps, ALICE, session.id, SessionInput(room="Salle 9"), session.version
        )
    assert fakes.sessions.sessions[session.id].room == session.room
