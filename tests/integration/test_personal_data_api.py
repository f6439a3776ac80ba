"""The pupils' data through the API on moto: a center admin's export and erasure of one pupil,
the roster's list, and leavers purged by an import after the grace period."""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import HTTPResponse

from devstack.demo import DEMO_PASSWORD
from functions import wiring
from shared.adapters import aws
from shared.adapters.cognito import CognitoIdentityProvider
from shared.domain.people import Role
from shared.domain.retention import LEFT_PUPIL_GRACE
from shared.services import admin
from shared.services.admin import NewUser
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, NOW, Api

CENTER = "c-anne-frank"
MEMBER = "membre@anne-frank.test"
ROSTER = {
    "Zoé": "LECŒUR;Zoé;05/11/2010;3E1;9999000102B",
    "Lucas": "MARTIN;Lucas;12/03/2010;3E2;9999000101A",
    "Anaïs": "DUPONT--MOREAU;Anaïs;30/01/2011;3E1;9999000103C",
    "Moussa": "N'DIAYE;Moussa;02/02/2010;3E3;9999000104D",
    "Ánh": "NGUYỄN;Thị Ánh;09/09/2010;3E2;9999000105E",
}
SESSION = {
    "address": "Collège Anne Frank",
    "room": "Salle 208",
    "date": "2026-12-14",
    "time": "12:00",
    "examiner": "Paul Eluard",
}


def import_roster(api: Api, *left: str) -> dict[str, Any]:
    lines = [line for name, line in ROSTER.items() if name not in left]
    text = "Nom de naissance;Prénom;Date de naissance;Classe;INE\n" + "\n".join(lines) + "\n"
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/centers/{CENTER}/students/import",
        raw=text.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert answer.status_code == 200, answer.body
    body: dict[str, Any] = answer.json_body
    return body


def roster(api: Api) -> dict[str, dict[str, Any]]:
    answer = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/{CENTER}/students?pageSize=100")
    assert answer.status_code == 200, answer.body
    return {s["firstName"]: s for s in answer.json_body["items"]}


def new_session(api: Api, *pupils: dict[str, Any]) -> int:
    session = api.as_user(ANNE_FRANK_ADMIN, "POST", f"/centers/{CENTER}/sessions", SESSION)
    session_id: int = session.json_body["id"]
    if pupils:
        enrolled = api.as_user(
            ANNE_FRANK_ADMIN,
            "POST",
            f"/sessions/{session_id}/candidates",
            {"studentIds": [p["id"] for p in pupils]},
        )
        assert enrolled.status_code == 201, enrolled.body
    return session_id


def export(api: Api, student_id: str, who: str = ANNE_FRANK_ADMIN, center: str = CENTER) -> Any:
    return api.as_user(who, "GET", f"/centers/{center}/students/{student_id}/export")


def erase(api: Api, student_id: str, who: str = ANNE_FRANK_ADMIN, center: str = CENTER) -> Any:
    return api.as_user(who, "DELETE", f"/centers/{center}/students/{student_id}")


@pytest.fixture
def pupils(demo: Settings, api: Api) -> dict[str, dict[str, Any]]:
    import_roster(api)
    return roster(api)


@pytest.fixture
def member(demo: Settings) -> str:
    """A member of the school's team who is not an admin."""
    admin.create_user(
        wiring.deps(),
        NewUser(
            email=MEMBER,
            first_name="Claire",
            last_name="Membre",
            center_id=CENTER,
            role=Role.MEMBER,
            temporary_password="Temporaire-2026!",
        ),
    )
    cognito = CognitoIdentityProvider(
        demo.user_pool_id, demo.user_pool_client_id, client=aws.cognito
    )
    cognito.set_permanent_password(MEMBER, DEMO_PASSWORD)
    return MEMBER


def test_the_export_holds_the_pupils_data_and_nothing_of_another(
    pupils: dict[str, dict[str, Any]], api: Api
) -> None:
    zoe, lucas = pupils["Zoé"], pupils["Lucas"]
    session_id = new_session(api, zoe, lucas)

    answer = export(api, zoe["id"])

    assert answer.status_code == 200, answer.body
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    body = answer.json_body
    assert body["student"] == zoe
    assert body["center"] == {"id": CENTER, "name": "Collège Anne Frank", "externalId": "0999001A"}
    [candidacy] = body["candidacies"]
    assert candidacy["session"] == {
        "id": session_id,
        "date": "2026-12-14",
        "time": "12:00",
        "status": "CREATED",
        "address": "Collège Anne Frank",
        "room": "Salle 208",
    }
    assert candidacy["candidate"]["studentId"] == zoe["id"]
    assert candidacy["candidate"]["lastName"] == "LECŒUR"
    assert candidacy["candidate"]["status"] == "ENROLLED"
    assert (candidacy["finalization"], candidacy["issueReports"]) == (None, [])
    # The enrolment (of both) names her only; the export itself is the last event.
    enrolled, exported = body["events"]
    assert (enrolled["sessionId"], enrolled["action"]) == (session_id, "CANDIDATES_ENROLLED")
    assert enrolled["changes"]["studentIds"] == [zoe["id"]]
    assert (exported["sessionId"], exported["action"]) == (None, "STUDENT_DATA_EXPORTED")
    assert exported["changes"] == {"studentId": zoe["id"]}
    assert exported["actor"]["label"] == ANNE_FRANK_ADMIN
    assert exported["at"] == body["exportedAt"] == "2026-12-01T08:00:00Z"
    assert lucas["id"] not in answer.body.decode() and "MARTIN" not in answer.body.decode()


def test_an_erased_pupil_is_gone_from_the_roster_and_the_export(
    pupils: dict[str, dict[str, Any]], api: Api
) -> None:
    anais = pupils["Anaïs"]
    answer = erase(api, anais["id"])
    assert (answer.status_code, answer.body) == (204, b"")
    assert "Anaïs" not in roster(api)
    assert len(roster(api)) == 4
    gone = export(api, anais["id"])
    assert (gone.status_code, gone.json_body["code"]) == (404, "STUDENT_NOT_FOUND")
    again = erase(api, anais["id"])
    assert (again.status_code, again.json_body["code"]) == (404, "STUDENT_NOT_FOUND")


def test_a_candidate_of_an_open_session_is_not_erased(
    pupils: dict[str, dict[str, Any]], api: Api
) -> None:
    session_id = new_session(api, pupils["Zoé"])
    answer = erase(api, pupils["Zoé"]["id"])
    assert answer.status_code == 409
    assert answer.json_body == {
        "code": "STUDENT_IS_CANDIDATE",
        "message": f"Cet élève est candidat de la session n° {session_id}, pas encore "
        "finalisée : retirez-le de la session (s'il ne l'a pas commencée) ou finalisez-la, "
        "puis recommencez.",
        "sessionIds": [session_id],
    }
    assert "Zoé" in roster(api)


def test_a_member_who_is_not_an_admin_is_refused(
    pupils: dict[str, dict[str, Any]], api: Api, member: str
) -> None:
    zoe = pupils["Zoé"]
    for answer in (export(api, zoe["id"], member), erase(api, zoe["id"], member)):
        assert answer.status_code == 403
        assert answer.json_body == {
            "code": "ADMIN_ROLE_REQUIRED",
            "message": "Seul un administrateur du centre peut faire cela.",
        }
    assert "Zoé" in roster(api)
    # A member still reads the roster.
    listed = api.as_user(member, "GET", f"/centers/{CENTER}/students")
    assert listed.status_code == 200 and listed.json_body["total"] == 5


def not_found(answer: HTTPResponse) -> tuple[int, str]:
    return answer.status_code, answer.json_body["code"]


def test_another_schools_pupil_answers_like_an_unknown_one(
    pupils: dict[str, dict[str, Any]], api: Api
) -> None:
    zoe = pupils["Zoé"]
    # Anne Frank's pupil asked for at Leconte de Lisle, by its own admin: not theirs
    theirs = "c-leconte-de-lisle"
    for ask in (export, erase):
        assert not_found(ask(api, zoe["id"], LECONTE_ADMIN, theirs)) == (404, "STUDENT_NOT_FOUND")
        unknown = ask(api, "nobody", LECONTE_ADMIN, theirs)
        assert ask(api, zoe["id"], LECONTE_ADMIN, theirs).json_body == unknown.json_body
        # ... and at Anne Frank: not their center
        assert not_found(ask(api, zoe["id"], LECONTE_ADMIN)) == (404, "CENTER_NOT_FOUND")
    assert "Zoé" in roster(api)
    other_roster = api.as_user(LECONTE_ADMIN, "GET", f"/centers/{CENTER}/students")
    assert not_found(other_roster) == (404, "CENTER_NOT_FOUND")


def test_an_import_after_the_grace_period_purges_a_leaver_but_not_an_open_sessions_candidate(
    pupils: dict[str, dict[str, Any]], api: Api
) -> None:
    new_session(api, pupils["Lucas"])
    # Lucas and Moussa are missing from this year's file: marked, kept
    marked = import_roster(api, "Lucas", "Moussa")
    assert (marked["absent"], marked["purged"]) == (2, 0)
    listed = roster(api)
    assert listed["Lucas"]["leftSince"] == listed["Moussa"]["leftSince"] == "2026-12-01T08:00:00Z"
    assert listed["Zoé"]["leftSince"] is None
    # The first import after the grace period: Moussa goes, Lucas (a candidate) stays
    wiring.override(clock=lambda: NOW + LEFT_PUPIL_GRACE)
    purged = import_roster(api, "Lucas", "Moussa")
    assert (purged["absent"], purged["purged"]) == (1, 1)
    assert set(roster(api)) == {"Zoé", "Lucas", "Anaïs", "Thị Ánh"}
    divisions = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/{CENTER}/divisions")
    assert divisions.json_body == {"items": ["3E1", "3E2"]}
    # The purge is in the center's trail, by id (a later export of another pupil shows
    # none of it: it does not name them).
    assert export(api, pupils["Zoé"]["id"]).json_body["events"][-1]["action"] == (
        "STUDENT_DATA_EXPORTED"
    )


def test_the_roster_pages_and_filters_by_class(pupils: dict[str, dict[str, Any]], api: Api) -> None:
    first = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/{CENTER}/students?pageSize=2")
    assert first.json_body["total"] == 5
    assert [s["firstName"] for s in first.json_body["items"]] == ["Anaïs", "Zoé"]
    classes = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/centers/{CENTER}/students?division=3E2&division=3E3"
    )
    assert [s["firstName"] for s in classes.json_body["items"]] == ["Lucas", "Thị Ánh", "Moussa"]
    assert set(pupils["Zoé"]) == {
        "id",
        "lastName",
        "firstName",
        "birthdate",
        "division",
        "sex",
        "birthCity",
        "birthCityCode",
        "birthCountry",
        "birthCountryCode",
        "birthPlaceLabel",  # extra: the birthplace in words, as the attendance sheet prints it
        "nationalStudentId",
        "leftSince",
    }
