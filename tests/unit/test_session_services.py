"""Session use cases on in-memory fakes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from random import Random

import pytest

from shared.domain import errors
from shared.domain.pagination import PageRequest
from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.session import SessionFilter, SessionStatus
from shared.services import sessions as service
from tests.fakes import FakeCandidates, FakeCenters, FakeSessions, FakeUsers
from tests.fakes_files import FakeAttachments, FakeFiles

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
PARIS = Center(
    id="c-paris", name="Collège Anne Frank", timezone="Europe/Paris", external_id="0999001A"
)
REUNION = Center(
    id="c-reunion", name="Lycée Leconte de Lisle", timezone="Indian/Reunion", external_id="9749001B"
)
ALICE = Identity(user_id="alice", email="alice@anne-frank.test")
BRUNO = Identity(user_id="bruno", email="bruno@leconte.test")
STAFF = Identity(user_id="staff", email="staff@pix.test", is_pix_admin=True)
FORM = {
    "address": "Collège Anne Frank",
    "room": "Salle 208",
    "date": "2026-12-14",
    "time": "12:00",
    "examiner": "Paul Eluard",
}


class World:
    def __init__(self) -> None:
        self.sessions = FakeSessions()
        self.candidates = FakeCandidates(self.sessions)
        self.documents = (FakeAttachments(self.sessions), FakeFiles())
        self.users = FakeUsers()
        self.centers = FakeCenters()
        for center in (PARIS, REUNION):
            self.centers.put_center(center)
        self.users.put_membership(Membership(user_id="alice", role=Role.ADMIN, center=PARIS))
        self.users.put_membership(Membership(user_id="bruno", role=Role.MEMBER, center=REUNION))
        self.now = NOW

    def delete(self, who: Identity, session_id: int) -> None:
        service.delete_session(
            self.sessions, self.users, self.candidates, self.documents, who, session_id, lambda: NOW
        )

    def create(self, who: Identity = ALICE, center: str = "c-paris", **form: str):  # type: ignore[no-untyped-def]
        return service.create_session(
            self.sessions, self.users, who, center, {**FORM, **form}, lambda: self.now, Random(1)
        )


@pytest.fixture
def world() -> World:
    return World()


def test_creating_a_session_numbers_it_and_gives_it_codes_and_a_deadline(world: World) -> None:
    first = world.create()
    second = world.create(room="Salle 209")
    assert (first.id, second.id) == (1, 2)
    assert first.center_name == "Collège Anne Frank"
    assert first.status is SessionStatus.CREATED and first.version == 1
    assert len(first.access_code) == 6 and first.supervisor_password.startswith("C-")
    assert first.finalization_deadline == datetime(2026, 12, 16, 12, 45, tzinfo=UTC)
    assert first.access_code != second.access_code


def test_only_members_create_sessions_in_their_center(world: World) -> None:
    with pytest.raises(errors.NotFound):
        world.create(who=BRUNO, center="c-paris")
    with pytest.raises(errors.NotFound):
        world.create(who=STAFF, center="c-paris")
    assert world.sessions.sessions == {}


def test_a_taken_access_code_is_drawn_again(world: World) -> None:
    first = world.create()
    # Same seed, so the same first code: the service must retry with the next draw.
    second = world.create()
    assert first.access_code != second.access_code
    assert set(world.sessions.reserved_codes) == {first.access_code, second.access_code}


def test_the_past_is_judged_in_the_centers_timezone(world: World) -> None:
    world.now = datetime(2026, 12, 1, 21, 30, tzinfo=UTC)  # already 2 December in La Réunion
    world.create(date="2026-12-01")
    with pytest.raises(errors.RuleViolation) as caught:
        world.create(who=BRUNO, center="c-reunion", date="2026-12-01")
    assert caught.value.code == "SESSION_IN_THE_PAST"
    assert len(world.sessions.sessions) == 1


def test_a_session_is_invisible_outside_its_center_but_not_to_pix_staff(world: World) -> None:
    session = world.create()
    assert service.get_session(world.sessions, world.users, ALICE, session.id) == session
    assert service.get_session(world.sessions, world.users, STAFF, session.id) == session
    with pytest.raises(errors.NotFound) as caught:
        service.get_session(world.sessions, world.users, BRUNO, session.id)
    assert caught.value.code == "SESSION_NOT_FOUND"
    with pytest.raises(errors.NotFound) as missing:
        service.get_session(world.sessions, world.users, ALICE, 999)
    assert (missing.value.code, missing.value.message) == (caught.value.code, caught.value.message)


def test_list_is_newest_first_paginated_and_filtered(world: World) -> None:
    for day in ("2026-12-10", "2026-12-20", "2026-12-15"):
        world.create(date=day)
    world.create(who=BRUNO, center="c-reunion")
    page = service.list_sessions(
        world.sessions, world.users, ALICE, "c-paris", None, PageRequest(page=1, page_size=2)
    )
    assert [s.date for s in page.items] == [date(2026, 12, 20), date(2026, 12, 15)]
    assert page.total == 3
    started = world.sessions.sessions[1].model_copy(update={"started_count": 2})
    world.sessions.sessions[1] = started
    to_finalize = service.list_sessions(
        world.sessions, world.users, ALICE, "c-paris", SessionFilter.TO_FINALIZE, PageRequest()
    )
    assert [s.id for s in to_finalize.items] == [1]
    created = service.list_sessions(
        world.sessions, world.users, ALICE, "c-paris", SessionFilter.CREATED, PageRequest()
    )
    assert created.total == 3  # CREATED is the stored status, begun or not
    with pytest.raises(errors.NotFound):
        service.list_sessions(world.sessions, world.users, BRUNO, "c-paris", None, PageRequest())


def update(
    world: World,
    session_id: int,
    changes: dict[str, str | None],
    if_match: int | None = None,
    who: Identity = ALICE,
):  # type: ignore[no-untyped-def]
    return service.update_session(
        world.sessions, world.users, who, session_id, changes, if_match, lambda: world.now
    )


def test_editing_keeps_unsent_fields_and_bumps_the_version(world: World) -> None:
    session = world.create()
    edited = update(world, session.id, {"room": " Salle Info n°2 ", "time": "14:00"}, if_match=1)
    assert (edited.room, edited.address, edited.version) == ("Salle Info n°2", session.address, 2)
    assert edited.finalization_deadline == datetime(2026, 12, 16, 14, 45, tzinfo=UTC)
    assert world.sessions.get(session.id) == edited


def test_a_stale_version_is_refused(world: World) -> None:
    session = world.create()
    update(world, session.id, {"room": "A"}, if_match=1)
    with pytest.raises(errors.PreconditionFailed):
        update(world, session.id, {"room": "B"}, if_match=1)
    assert world.sessions.get(session.id).room == "A"  # type: ignore[union-attr]


def test_a_started_or_finalized_session_cannot_be_edited_or_deleted(world: World) -> None:
    started = world.create()
    world.sessions.sessions[started.id] = started.model_copy(update={"started_count": 1})
    finalized = world.create()
    world.sessions.sessions[finalized.id] = finalized.model_copy(
        update={"status": SessionStatus.FINALIZED, "started_count": 1}
    )
    for session_id, code in (
        (started.id, "SESSION_ALREADY_STARTED"),
        (finalized.id, "SESSION_ALREADY_FINALIZED"),
    ):
        with pytest.raises(errors.Conflict) as caught:
            update(world, session_id, {"room": "B"})
        assert caught.value.code == code
        with pytest.raises(errors.Conflict):
            world.delete(ALICE, session_id)


def test_moving_a_session_into_the_past_is_refused_but_an_old_date_may_stay(world: World) -> None:
    session = world.create(date="2026-12-02")
    world.now = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    assert update(world, session.id, {"room": "Salle 3"}).room == "Salle 3"
    with pytest.raises(errors.RuleViolation) as caught:
        update(world, session.id, {"date": "2026-12-04"})
    assert caught.value.code == "SESSION_IN_THE_PAST"


def test_editing_validates_the_merged_form(world: World) -> None:
    session = world.create()
    with pytest.raises(errors.RuleViolation) as caught:
        update(world, session.id, {"examiner": "  ", "time": "25:00"})
    assert {d.field for d in caught.value.details} == {"examiner", "time"}


def test_deleting_frees_the_access_code(world: World) -> None:
    session = world.create()
    world.delete(ALICE, session.id)
    assert world.sessions.get(session.id) is None
    assert session.access_code not in world.sessions.reserved_codes


def test_other_centers_cannot_edit_or_delete(world: World) -> None:
    session = world.create()
    with pytest.raises(errors.NotFound):
        update(world, session.id, {"room": "B"}, who=BRUNO)
    with pytest.raises(errors.NotFound):
        world.delete(BRUNO, session.id)
    # Pix staff read every center but do not run sessions.
    with pytest.raises(errors.NotFound):
        world.delete(STAFF, session.id)


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "1.5", "١٢", "9" * 13, ""])
def test_session_numbers_in_paths_must_be_positive_integers(raw: str) -> None:
    with pytest.raises(errors.NotFound):
        service.parse_session_id(raw)


def test_deleting_a_session_removes_the_files_of_its_documents(world: World) -> None:
    from shared.services import attachments

    session = world.create()
    attachments_repo, files = world.documents
    grant = attachments.request_upload(
        world.sessions,
        world.users,
        attachments_repo,
        files,
        ALICE,
        session.id,
        {"fileName": "scan.png", "contentType": "image/png", "size": 8},
        lambda: NOW,
        lambda: "00000000-0000-4000-8000-000000000001",
    )
    files.put(grant.attachment.key, b"\x89PNG\r\n\x1a\n", "image/png")
    world.delete(ALICE, session.id)
    assert files.objects == {}
