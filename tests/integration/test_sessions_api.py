"""Centers and sessions through the API, on moto."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from chalice.test import HTTPResponse

from functions import wiring
from shared.adapters import aws
from shared.adapters.dynamo import keys
from shared.domain.people import Identity
from shared.domain.session import SessionInput, SessionStatus
from shared.services import sessions as service
from shared.settings import Settings
from tests.fakes import an_event
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, PIX_STAFF, Api

FORM = {
    "address": "Collège Anne Frank",
    "room": "Salle 208",
    "date": "2026-12-14",
    "time": "12:00",
    "examiner": "Paul Eluard",
    "description": "",
}


def create(
    api: Api, who: str = ANNE_FRANK_ADMIN, center: str = "c-anne-frank", **form: Any
) -> HTTPResponse:
    return api.as_user(who, "POST", f"/centers/{center}/sessions", {**FORM, **form})


def mark_started(session_id: int) -> None:
    """What a pupil joining does to the session (issue 3): started_count and version move."""
    store = wiring.deps().sessions
    session = store.get(session_id)
    assert session is not None
    store.save(
        session.model_copy(update={"started_count": 1, "version": session.version + 1}),
        session.version,
        an_event(session_id),
    )


def stored_item(stack: Settings, key: keys.ItemKey) -> dict[str, Any] | None:
    found = aws.dynamodb().get_item(TableName=stack.table_name, Key=key.attributes())
    return found.get("Item")


# --- centers ------------------------------------------------------------------------------


def test_a_member_reads_their_center(demo: Settings, api: Api) -> None:
    answer = api.as_user(ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank")
    assert answer.status_code == 200
    assert answer.json_body == {
        "id": "c-anne-frank",
        "name": "Collège Anne Frank",
        "type": "SCO",
        "timezone": "Europe/Paris",
        "externalId": "0999001A",
        "timezoneLabel": "heure de Paris (UTC+1)",
    }


def test_another_schools_center_is_not_found_like_a_missing_one(demo: Settings, api: Api) -> None:
    other = api.as_user(LECONTE_ADMIN, "GET", "/centers/c-anne-frank")
    missing = api.as_user(LECONTE_ADMIN, "GET", "/centers/c-nowhere")
    assert other.status_code == missing.status_code == 404
    assert other.json_body == missing.json_body
    assert other.json_body["code"] == "CENTER_NOT_FOUND"


def test_pix_staff_who_are_not_members_do_not_see_a_center(demo: Settings, api: Api) -> None:
    # Issue 14: staff work through /admin (docs/processing.md, "Roles").
    answer = api.as_user(PIX_STAFF, "GET", "/centers/c-leconte-de-lisle")
    assert answer.status_code == 404 and answer.json_body["code"] == "CENTER_NOT_FOUND"


def test_me_lists_memberships_and_pix_staff(demo: Settings, api: Api) -> None:
    mine = api.as_user(ANNE_FRANK_ADMIN, "GET", "/me").json_body
    assert mine["user"]["email"] == ANNE_FRANK_ADMIN
    assert (mine["user"]["firstName"], mine["user"]["lastName"]) == ("Paul", "Eluard")
    assert mine["memberships"] == [
        {
            "centerId": "c-anne-frank",
            "centerName": "Collège Anne Frank",
            "centerType": "SCO",
            "role": "ADMIN",
        }
    ]
    assert mine["isPixAdmin"] is False
    staff = api.as_user(PIX_STAFF, "GET", "/me").json_body
    assert staff["isPixAdmin"] is True and staff["memberships"] == []


# --- create ---------------------------------------------------------------------------------


def test_creating_a_session(demo: Settings, api: Api) -> None:
    answer = create(api, description="  Tiers temps pour 2 élèves  ")
    assert answer.status_code == 201, answer.body
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    session = answer.json_body
    assert session["id"] >= 1
    assert {k: session[k] for k in FORM} == {**FORM, "description": "Tiers temps pour 2 élèves"}
    assert session["centerId"] == "c-anne-frank" and session["centerName"] == "Collège Anne Frank"
    assert session["status"] == "CREATED" and session["version"] == 1
    assert (session["candidatesCount"], session["startedCount"]) == (0, 0)
    assert session["finalizationDeadline"] == "2026-12-16T12:45:00Z"
    assert session["finalizationOverdue"] is False
    assert session["finalizedAt"] is None and session["publishedAt"] is None
    assert len(session["accessCode"]) == 6 and session["supervisorPassword"].startswith("C-")
    # The access code is reserved for this session.
    reservation = stored_item(demo, keys.access_code(session["accessCode"]))
    assert reservation is not None and reservation["session_id"] == {"N": str(session["id"])}


def test_session_numbers_increase_across_centers(demo: Settings, api: Api) -> None:
    first = create(api).json_body["id"]
    second = create(api, who=LECONTE_ADMIN, center="c-leconte-de-lisle").json_body["id"]
    third = create(api).json_body["id"]
    assert first < second < third


def test_la_reunion_deadline_uses_its_timezone(demo: Settings, api: Api) -> None:
    answer = create(api, who=LECONTE_ADMIN, center="c-leconte-de-lisle", time="08:00")
    # 08:00 in La Réunion is 04:00 UTC; + 105 min + 48 h.
    assert answer.json_body["finalizationDeadline"] == "2026-12-16T05:45:00Z"


def test_validation_errors_name_each_field_in_french(demo: Settings, api: Api) -> None:
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/sessions",
        {"address": " ", "room": "Salle 1", "date": "14/12/2026", "time": "25:00", "examiner": ""},
    )
    assert answer.status_code == 422
    body = answer.json_body
    assert body["code"] == "VALIDATION_ERROR"
    assert {d["field"]: d["message"] for d in body["details"]} == {
        "address": "Veuillez indiquer un nom de site.",
        "date": "Veuillez indiquer une date de début valide.",
        "time": "Veuillez indiquer une heure de début valide.",
        "examiner": "Veuillez indiquer le nom et prénom du ou des surveillants.",
    }


def test_a_session_in_the_past_is_refused(demo: Settings, api: Api) -> None:
    answer = create(api, date="2026-11-30")
    assert answer.status_code == 422
    assert answer.json_body == {
        "code": "SESSION_IN_THE_PAST",
        "message": "Une session ne peut pas être programmée dans le passé.",
    }


def test_creating_in_another_schools_center_is_404_and_writes_nothing(
    demo: Settings, api: Api
) -> None:
    answer = create(api, who=LECONTE_ADMIN)
    assert answer.status_code == 404
    assert (
        api.as_user(ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/sessions").json_body["total"]
        == 0
    )


# --- read and list ----------------------------------------------------------------------------


def test_a_session_tells_its_centers_time_zone_in_words(demo: Settings, api: Api) -> None:
    # Given a session of the Paris school and one of the school in La Réunion
    paris = create(api).json_body
    reunion = create(api, who=LECONTE_ADMIN, center="c-leconte-de-lisle").json_body

    # Then each says in which time zone its date and time are, as a person reads it
    assert paris["timezoneLabel"] == "heure de Paris (UTC+1)"
    assert reunion["timezoneLabel"] == "heure de La Réunion (UTC+4)"


def test_reading_a_session_gives_its_version_as_etag(demo: Settings, api: Api) -> None:
    created = create(api).json_body
    answer = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{created['id']}")
    assert answer.status_code == 200
    assert answer.json_body == created
    assert answer.headers["ETag"] == '"1"'


@pytest.mark.parametrize("raw_id", ["999999", "abc", "0", "-3"])
def test_unknown_session_numbers_are_404(demo: Settings, api: Api, raw_id: str) -> None:
    answer = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{raw_id}")
    assert answer.status_code == 404
    assert answer.json_body["code"] == "SESSION_NOT_FOUND"


def test_the_list_is_newest_first_and_paginated(demo: Settings, api: Api) -> None:
    for day in ("2026-12-10", "2026-12-20", "2026-12-15", "2027-01-05"):
        assert create(api, date=day).status_code == 201
    create(api, who=LECONTE_ADMIN, center="c-leconte-de-lisle")
    first = api.as_user(ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/sessions?page=1&pageSize=3")
    assert first.status_code == 200
    body = first.json_body
    assert [s["date"] for s in body["items"]] == ["2027-01-05", "2026-12-20", "2026-12-15"]
    assert (body["page"], body["pageSize"], body["total"]) == (1, 3, 4)
    second = api.as_user(
        ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/sessions?page=2&pageSize=3"
    )
    assert [s["date"] for s in second.json_body["items"]] == ["2026-12-10"]


def test_the_list_filters_by_status(demo: Settings, api: Api) -> None:
    begun = create(api).json_body["id"]
    create(api)
    mark_started(begun)
    path = "/centers/c-anne-frank/sessions?status="
    to_finalize = api.as_user(ANNE_FRANK_ADMIN, "GET", path + "TO_FINALIZE").json_body
    assert [s["id"] for s in to_finalize["items"]] == [begun]
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", path + "CREATED").json_body["total"] == 2
    for status in ("FINALIZED", "PROCESSED", "OVERDUE"):
        assert api.as_user(ANNE_FRANK_ADMIN, "GET", path + status).json_body["total"] == 0


@pytest.mark.parametrize("query", ["status=DONE", "page=0", "pageSize=101", "page=x"])
def test_bad_list_parameters_are_400(demo: Settings, api: Api, query: str) -> None:
    answer = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/c-anne-frank/sessions?{query}")
    assert answer.status_code == 400
    assert answer.json_body["code"] == "INVALID_PARAMETER"


# --- edit -------------------------------------------------------------------------------------


def test_editing_with_the_current_version(demo: Settings, api: Api) -> None:
    created = create(api).json_body
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "PATCH",
        f"/sessions/{created['id']}",
        {"room": "Salle Info n°2", "date": "2026-12-15"},
        headers={"If-Match": '"1"'},
    )
    assert answer.status_code == 200, answer.body
    edited = answer.json_body
    assert (edited["room"], edited["date"], edited["version"]) == (
        "Salle Info n°2",
        "2026-12-15",
        2,
    )
    assert edited["examiner"] == "Paul Eluard" and edited["accessCode"] == created["accessCode"]
    assert edited["finalizationDeadline"] == "2026-12-17T12:45:00Z"
    assert answer.headers["ETag"] == '"2"'
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{created['id']}").json_body == edited


def test_editing_with_a_stale_version_is_412_and_changes_nothing(demo: Settings, api: Api) -> None:
    session_id = create(api).json_body["id"]
    path = f"/sessions/{session_id}"
    assert (
        api.as_user(
            ANNE_FRANK_ADMIN, "PATCH", path, {"room": "A"}, headers={"If-Match": "1"}
        ).status_code
        == 200
    )
    stale = api.as_user(ANNE_FRANK_ADMIN, "PATCH", path, {"room": "B"}, headers={"If-Match": "1"})
    assert stale.status_code == 412
    assert stale.json_body["code"] == "VERSION_MISMATCH"
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", path).json_body["room"] == "A"


def test_editing_validation_and_past_dates(demo: Settings, api: Api) -> None:
    path = f"/sessions/{create(api).json_body['id']}"
    invalid = api.as_user(ANNE_FRANK_ADMIN, "PATCH", path, {"room": "", "time": "7h"})
    assert invalid.status_code == 422
    assert {d["field"] for d in invalid.json_body["details"]} == {"room", "time"}
    past = api.as_user(ANNE_FRANK_ADMIN, "PATCH", path, {"date": "2026-11-01"})
    assert past.status_code == 422 and past.json_body["code"] == "SESSION_IN_THE_PAST"
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", path).json_body["version"] == 1


def test_a_started_session_cannot_be_edited_or_deleted(demo: Settings, api: Api) -> None:
    session_id = create(api).json_body["id"]
    mark_started(session_id)
    for method, body in (("PATCH", {"room": "B"}), ("DELETE", None)):
        answer = api.as_user(ANNE_FRANK_ADMIN, method, f"/sessions/{session_id}", body)
        assert answer.status_code == 409
        assert answer.json_body["code"] == "SESSION_ALREADY_STARTED"


def test_the_observations_can_be_completed_after_the_start(demo: Settings, api: Api) -> None:
    # Given a session a pupil joined
    session_id = create(api).json_body["id"]
    mark_started(session_id)
    path = f"/sessions/{session_id}"
    before = api.as_user(ANNE_FRANK_ADMIN, "GET", path).json_body

    # When the observations are sent alone, then with the whole form as it is
    alone = api.as_user(ANNE_FRANK_ADMIN, "PATCH", path, {"description": "Un retard."})
    whole = api.as_user(ANNE_FRANK_ADMIN, "PATCH", path, {**FORM, "description": "Deux retards."})

    # Then both are saved and journaled; the rest stays
    assert (alone.status_code, whole.status_code) == (200, 200)
    after = api.as_user(ANNE_FRANK_ADMIN, "GET", path).json_body
    assert after["description"] == "Deux retards."
    assert after["version"] == before["version"] + 2
    assert {k: v for k, v in after.items() if k not in ("description", "version")} == {
        k: v for k, v in before.items() if k not in ("description", "version")
    }
    trail = api.as_user(ANNE_FRANK_ADMIN, "GET", f"{path}/events").json_body["items"]
    assert [e["changes"] for e in trail if e["action"] == "SESSION_UPDATED"][-1] == {
        "description": {"from": "Un retard.", "to": "Deux retards."}
    }

    # And another field changed is still 409, and changes nothing
    refused = api.as_user(
        ANNE_FRANK_ADMIN, "PATCH", path, {"description": "Trois.", "room": "Salle 3"}
    )
    assert refused.status_code == 409 and refused.json_body["code"] == "SESSION_ALREADY_STARTED"
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", path).json_body == after


def test_a_finalized_session_cannot_be_edited(demo: Settings, api: Api) -> None:
    session_id = create(api).json_body["id"]
    store = wiring.deps().sessions
    session = store.get(session_id)
    assert session is not None
    store.save(
        session.model_copy(update={"status": SessionStatus.FINALIZED, "version": 2}),
        1,
        an_event(session_id),
    )
    answer = api.as_user(ANNE_FRANK_ADMIN, "PATCH", f"/sessions/{session_id}", {"room": "B"})
    assert answer.status_code == 409
    assert answer.json_body == {
        "code": "SESSION_ALREADY_FINALIZED",
        "message": "La session a déjà été finalisée.",
    }


# --- delete -----------------------------------------------------------------------------------


def test_deleting_a_session_frees_its_access_code(demo: Settings, api: Api) -> None:
    created = create(api).json_body
    answer = api.as_user(ANNE_FRANK_ADMIN, "DELETE", f"/sessions/{created['id']}")
    assert answer.status_code == 204
    assert answer.body == b""
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{created['id']}").status_code == 404
    assert stored_item(demo, keys.access_code(created["accessCode"])) is None


# --- other schools see nothing ----------------------------------------------------------------


def test_every_session_route_answers_404_to_another_school(demo: Settings, api: Api) -> None:
    created = create(api).json_body
    path = f"/sessions/{created['id']}"
    missing_path = "/sessions/999999"
    for method, body in (("GET", None), ("PATCH", {"room": "Piratée"}), ("DELETE", None)):
        theirs = api.as_user(LECONTE_ADMIN, method, path, body)
        missing = api.as_user(LECONTE_ADMIN, method, missing_path, body)
        assert theirs.status_code == 404, (method, theirs.body)
        assert theirs.json_body == missing.json_body, method
    listing = api.as_user(LECONTE_ADMIN, "GET", "/centers/c-anne-frank/sessions")
    assert listing.status_code == 404 and listing.json_body["code"] == "CENTER_NOT_FOUND"
    assert create(api, who=LECONTE_ADMIN).status_code == 404
    # And the session is untouched.
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", path).json_body == created


def test_pix_staff_neither_read_nor_run_a_schools_sessions(demo: Settings, api: Api) -> None:
    created = create(api).json_body
    path = f"/sessions/{created['id']}"
    assert api.as_user(PIX_STAFF, "GET", path).status_code == 404
    assert api.as_user(PIX_STAFF, "GET", "/centers/c-anne-frank/sessions").status_code == 404
    assert api.as_user(PIX_STAFF, "GET", f"/admin/sessions/{created['id']}").status_code == 200
    assert api.as_user(PIX_STAFF, "PATCH", path, {"room": "X"}).status_code == 404
    assert api.as_user(PIX_STAFF, "DELETE", path).status_code == 404


def test_concurrent_edits_without_if_match_are_all_applied(demo: Settings, api: Api) -> None:
    session_id = create(api).json_body["id"]
    me = api.as_user(ANNE_FRANK_ADMIN, "GET", "/me").json_body["user"]
    admin = Identity(user_id=me["id"], email=ANNE_FRANK_ADMIN)
    failures: list[BaseException] = []
    barrier = threading.Barrier(5)

    def edit(room: str) -> None:
        barrier.wait()
        try:
            service.update_session(wiring.deps(), admin, session_id, SessionInput(room=room), None)
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=edit, args=(f"Salle {n}",)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    state = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}").json_body
    assert state["version"] == 6
    trail = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/events").json_body
    assert [e["action"] for e in trail["items"]].count("SESSION_UPDATED") == 5


def test_an_empty_patch_changes_nothing(demo: Settings, api: Api) -> None:
    created = create(api).json_body
    answer = api.as_user(ANNE_FRANK_ADMIN, "PATCH", f"/sessions/{created['id']}", {})
    assert answer.status_code == 200
    assert answer.json_body["version"] == created["version"]
    trail = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{created['id']}/events").json_body
    assert [e["action"] for e in trail["items"]] == ["SESSION_CREATED"]
