"""Roster import, students, candidates and joining, through the API on moto."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import HTTPResponse

from functions import wiring
from shared.domain import errors
from shared.domain.people import Identity
from shared.services import candidates as candidate_service
from shared.services import roster as roster_service
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, Api

ROSTER_CSV = """\
Nom de naissance;Prénom;Date de naissance;Classe;INE;Sexe;Commune de naissance;Pays de naissance
LECŒUR;Zoé;05/11/2010;3E1;9999000102B;F;Lyon;FRANCE
MARTIN;Lucas;12/03/2010;3E2;9999000101A;M;Paris;FRANCE
EL AMRANI;Yasmine;17/05/2010;3E1;;F;Casablanca;MAROC
DUPONT--MOREAU;Anaïs;30/01/2011;3E1;9999000103C;F;Lyon;FRANCE
N'DIAYE;Moussa;02/02/2010;3E3;9999000104D;M;Dakar;SENEGAL
NGUYỄN;Thị Ánh;09/09/2010;3E2;9999000105E;F;Hanoï;VIETNAM
"""
SESSION = {
    "address": "Collège Anne Frank",
    "room": "Salle 208",
    "date": "2026-12-14",
    "time": "12:00",
    "examiner": "Paul Eluard",
}


def import_csv(
    api: Api, text: str = ROSTER_CSV, who: str = ANNE_FRANK_ADMIN, center: str = "c-anne-frank"
) -> HTTPResponse:
    return api.as_user(
        who,
        "POST",
        f"/centers/{center}/students/import",
        raw=text.encode("utf-8"),
        headers={"Content-Type": "text/csv"},
    )


@pytest.fixture
def school(demo: Settings, api: Api) -> dict[str, Any]:
    """The demo school with the roster above and one session."""
    assert import_csv(api).status_code == 200
    session = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    students = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/students"
    ).json_body["items"]
    return {"session": session, "students": {f"{s['firstName']}": s for s in students}}


def enroll(
    api: Api, session_id: int, student_ids: list[str], who: str = ANNE_FRANK_ADMIN
) -> HTTPResponse:
    return api.as_user(
        who, "POST", f"/sessions/{session_id}/candidates", {"studentIds": student_ids}
    )


# The session's day, five minutes after it began (12:00 in Paris): pupils may enter.
ON_THE_DAY = datetime(2026, 12, 14, 11, 5, tzinfo=UTC)


def let_in(api: Api, session: dict[str, Any], *first_names: str) -> None:
    """The session's day has come, and the invigilator confirmed these pupils' presence."""
    wiring.override(clock=lambda: ON_THE_DAY)
    listed = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/candidates")
    by_name = {c["firstName"]: c["id"] for c in listed.json_body["items"]}
    for name in first_names:
        path = f"/sessions/{session['id']}/candidates/{by_name[name]}/authorize-to-start"
        confirmed = api.as_user(ANNE_FRANK_ADMIN, "POST", path, {"authorized": True})
        assert confirmed.status_code == 200, confirmed.body


def join(api: Api, session: dict[str, Any], **form: str) -> HTTPResponse:
    body = {
        "accessCode": session["accessCode"],
        "lastName": "lecoeur",
        "firstName": "ZOE",
        "birthdate": "2010-11-05",
    }
    body.update(form)
    return api.request("POST", f"/sessions/{session['id']}/join", body)


# --- roster import ------------------------------------------------------------------------------


def test_importing_a_csv_roster_then_again(demo: Settings, api: Api) -> None:
    first = import_csv(api)
    assert first.status_code == 200, first.body
    assert first.json_body == {
        "created": 6,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "errors": [],
        "absent": 0,
        "purged": 0,
        "ignored": [],
    }
    again = import_csv(api)
    assert again.json_body == {
        "created": 0,
        "updated": 0,
        "unchanged": 6,
        "skipped": 0,
        "errors": [],
        "absent": 0,
        "purged": 0,
        "ignored": [],
    }
    moved = import_csv(
        api, ROSTER_CSV.replace("MARTIN;Lucas;12/03/2010;3E2", "MARTIN;Lucas;12/03/2010;3E4")
    )
    assert moved.json_body["updated"] == 1 and moved.json_body["created"] == 0
    divisions = api.as_user(ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/divisions")
    assert divisions.json_body == {"items": ["3E1", "3E2", "3E3", "3E4"]}


def test_line_errors_come_back_and_good_lines_are_imported(demo: Settings, api: Api) -> None:
    text = ROSTER_CSV + (
        "DURAND;;01/01/2010;3E1;;;;\n"
        "PETIT;Léa;31/02/2010;3E1;;;;\n"
        '=HYPERLINK("x");Bob;01/01/2010;3E1;;;;\n'
    )
    answer = import_csv(api, text)
    assert answer.status_code == 200
    body = answer.json_body
    assert body["created"] == 6
    assert [e["line"] for e in body["errors"]] == [8, 9, 10]
    assert all(e["message"].startswith("Ligne ") for e in body["errors"])


def test_a_windows_1252_csv_keeps_its_accents(demo: Settings, api: Api) -> None:
    text = "Nom de naissance,Prénom,Date de naissance,Classe\nBÉRANGER,Éloïse,2010-04-01,3E1\n"
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/students/import",
        raw=text.encode("cp1252"),
        headers={"Content-Type": "text/csv; charset=windows-1252"},
    )
    assert answer.status_code == 200 and answer.json_body["created"] == 1
    session = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    students = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/students").json_body
    assert (students["items"][0]["lastName"], students["items"][0]["firstName"]) == (
        "BÉRANGER",
        "Éloïse",
    )


def test_the_report_says_why_each_pupil_was_left_out(demo: Settings, api: Api) -> None:
    answer = import_csv(api, ROSTER_CSV + "PETIT;Léa;05/11/2010;;;F;Lyon;FRANCE\n")
    assert answer.status_code == 200
    assert answer.json_body["skipped"] == 1
    assert answer.json_body["ignored"] == [
        {
            "line": 8,
            "reason": "NO_DIVISION",
            "message": "Ligne 8 : élève sans classe cette année, non importé.",
        }
    ]


def test_a_siecle_export_of_another_school_imports_nothing(demo: Settings, api: Api) -> None:
    xml = SIECLE_TEMPLATE.format(uai="0999999Z").encode("iso-8859-15")
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/students/import",
        raw=xml,
        headers={"Content-Type": "application/xml"},
    )
    assert answer.status_code == 422
    assert answer.json_body == {
        "code": "UAI_MISMATCH",
        "message": "L'UAI 0999999Z du fichier ne correspond pas à celle de votre établissement "
        "(0999001A) : vérifiez que vous importez l'export SIECLE de votre établissement.",
    }
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", "/centers/c-anne-frank/divisions").json_body == {
        "items": []
    }


def test_a_siecle_export_of_this_school_is_imported(demo: Settings, api: Api) -> None:
    xml = SIECLE_TEMPLATE.format(uai="0999001A").encode("iso-8859-15")
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/students/import",
        raw=xml,
        headers={"Content-Type": "application/xml"},
    )
    assert answer.status_code == 200, answer.body
    assert (answer.json_body["created"], answer.json_body["skipped"]) == (1, 1)


@pytest.mark.parametrize(
    ("content_type", "payload", "status", "code"),
    [
        ("application/pdf", b"%PDF-1.4", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("text/csv", b"", 422, "INVALID_ROSTER"),
        ("application/xml", b"<not-xml", 422, "INVALID_ROSTER"),
        ("text/csv", b"x" * (5 * 1024 * 1024 + 1), 413, "PAYLOAD_TOO_LARGE"),
    ],
)
def test_bad_roster_files(
    demo: Settings, api: Api, content_type: str, payload: bytes, status: int, code: str
) -> None:
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        "/centers/c-anne-frank/students/import",
        raw=payload,
        headers={"Content-Type": content_type},
    )
    assert answer.status_code == status
    assert answer.json_body["code"] == code


def test_another_school_cannot_import_or_see_the_roster(demo: Settings, api: Api) -> None:
    assert import_csv(api, who=LECONTE_ADMIN).status_code == 404
    assert api.as_user(LECONTE_ADMIN, "GET", "/centers/c-anne-frank/divisions").status_code == 404


# --- students -----------------------------------------------------------------------------------


def test_students_are_ordered_filtered_and_paginated(school: dict[str, Any], api: Api) -> None:
    session_id = school["session"]["id"]
    everyone = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/students").json_body
    assert [(s["division"], s["lastName"]) for s in everyone["items"]] == [
        ("3E1", "DUPONT--MOREAU"),
        ("3E1", "EL AMRANI"),
        ("3E1", "LECŒUR"),
        ("3E2", "MARTIN"),
        ("3E2", "NGUYỄN"),
        ("3E3", "N'DIAYE"),
    ]
    assert everyone["total"] == 6 and not any(s["isEnrolled"] for s in everyone["items"])
    two = api.as_user(
        ANNE_FRANK_ADMIN,
        "GET",
        f"/sessions/{session_id}/students?division=3E2&division=3E3&pageSize=2",
    ).json_body
    assert [s["lastName"] for s in two["items"]] == ["MARTIN", "NGUYỄN"]
    assert two["total"] == 3
    zoe = school["students"]["Zoé"]
    assert zoe["nationalStudentId"] == "9999000102B" and zoe["birthCity"] == "Lyon"


def test_is_enrolled_follows_the_session(school: dict[str, Any], api: Api) -> None:
    session_id = school["session"]["id"]
    zoe = school["students"]["Zoé"]["id"]
    enroll(api, session_id, [zoe])
    page = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/students?division=3E1"
    ).json_body
    assert {s["firstName"]: s["isEnrolled"] for s in page["items"]} == {
        "Anaïs": False,
        "Yasmine": False,
        "Zoé": True,
    }


# --- candidates ---------------------------------------------------------------------------------


def test_enrolling_and_listing_candidates(school: dict[str, Any], api: Api) -> None:
    session_id = school["session"]["id"]
    ids = [school["students"][n]["id"] for n in ("Zoé", "Yasmine", "Lucas")]
    answer = enroll(api, session_id, ids)
    assert answer.status_code == 201, answer.body
    assert (answer.json_body["added"], answer.json_body["alreadyEnrolled"]) == (3, 0)
    again = enroll(api, session_id, ids[:2])
    assert (again.json_body["added"], again.json_body["alreadyEnrolled"]) == (0, 2)
    listed = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/candidates").json_body[
        "items"
    ]
    assert [c["lastName"] for c in listed] == ["EL AMRANI", "LECŒUR", "MARTIN"]
    yasmine = listed[0]
    assert (yasmine["birthCity"], yasmine["birthCountry"], yasmine["status"]) == (
        "Casablanca",
        "MAROC",
        "ENROLLED",
    )
    assert yasmine["certificationNumber"] is None and yasmine["extraTimePercentage"] == 0
    session = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}").json_body
    assert session["candidatesCount"] == 3


def test_one_unknown_student_adds_no_one(school: dict[str, Any], api: Api) -> None:
    session_id = school["session"]["id"]
    answer = enroll(api, session_id, [school["students"]["Zoé"]["id"], "not-a-pupil"])
    assert answer.status_code == 422
    assert answer.json_body["code"] == "UNKNOWN_STUDENT"
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/candidates").json_body == {
        "items": []
    }


def test_pupils_of_another_school_cannot_be_enrolled(school: dict[str, Any], api: Api) -> None:
    other_csv = "Nom de naissance;Prénom;Date de naissance;Classe\nPAYET;Héva;01/01/2010;2NDE1\n"
    assert (
        import_csv(api, other_csv, who=LECONTE_ADMIN, center="c-leconte-de-lisle").status_code
        == 200
    )
    other = api.as_user(
        LECONTE_ADMIN, "POST", "/centers/c-leconte-de-lisle/sessions", SESSION
    ).json_body
    heva = api.as_user(LECONTE_ADMIN, "GET", f"/sessions/{other['id']}/students").json_body[
        "items"
    ][0]["id"]
    answer = enroll(api, school["session"]["id"], [heva])
    assert answer.status_code == 422 and answer.json_body["code"] == "UNKNOWN_STUDENT"
    # And the other school sees none of this session.
    for method, path in (
        ("GET", f"/sessions/{school['session']['id']}/students"),
        ("GET", f"/sessions/{school['session']['id']}/candidates"),
        ("POST", f"/sessions/{school['session']['id']}/candidates"),
    ):
        body = {"studentIds": [heva]} if method == "POST" else None
        assert api.as_user(LECONTE_ADMIN, method, path, body).status_code == 404, path


def test_extra_time_stretches_the_deadline(school: dict[str, Any], api: Api) -> None:
    session_id = school["session"]["id"]
    candidate = enroll(api, session_id, [school["students"]["Zoé"]["id"]]).json_body["candidates"][
        0
    ]
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "PATCH",
        f"/sessions/{session_id}/candidates/{candidate['id']}",
        {"extraTimePercentage": 33},
    )
    assert answer.status_code == 200 and answer.json_body["extraTimePercentage"] == 33
    session = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}").json_body
    # 12:00 Paris = 11:00 UTC; 105 min × 1.33 = 139 min 39 s; + 48 h.
    assert session["finalizationDeadline"] == "2026-12-16T13:19:39Z"
    for bad in (100, -1, "10", 3.5):
        refused = api.as_user(
            ANNE_FRANK_ADMIN,
            "PATCH",
            f"/sessions/{session_id}/candidates/{candidate['id']}",
            {"extraTimePercentage": bad},
        )
        assert refused.status_code in (400, 422), bad


def test_removing_a_candidate(school: dict[str, Any], api: Api) -> None:
    session_id = school["session"]["id"]
    candidate = enroll(api, session_id, [school["students"]["Zoé"]["id"]]).json_body["candidates"][
        0
    ]
    path = f"/sessions/{session_id}/candidates/{candidate['id']}"
    assert api.as_user(ANNE_FRANK_ADMIN, "DELETE", path).status_code == 204
    assert (
        api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}").json_body["candidatesCount"]
        == 0
    )
    again = api.as_user(ANNE_FRANK_ADMIN, "DELETE", path)
    assert again.status_code == 404 and again.json_body["code"] == "CANDIDATE_NOT_FOUND"


# --- joining ------------------------------------------------------------------------------------


def test_a_pupil_joins_and_completes(school: dict[str, Any], api: Api) -> None:
    session = school["session"]
    candidate = enroll(api, session["id"], [school["students"]["Zoé"]["id"]]).json_body[
        "candidates"
    ][0]
    let_in(api, session, "Zoé")
    joined = join(api, session)
    assert joined.status_code == 200, joined.body
    body = joined.json_body
    assert body["candidateId"] == candidate["id"] and body["certificationNumber"] >= 1
    # Entering again needs the invigilator's consent; it keeps the number.
    path = f"/sessions/{session['id']}/candidates/{candidate['id']}/authorize-to-resume"
    assert api.as_user(ANNE_FRANK_ADMIN, "POST", path, {}).status_code == 200
    again = join(api, session, lastName="  LECŒUR ", firstName="zoé")
    assert again.json_body["certificationNumber"] == body["certificationNumber"]

    state = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}").json_body
    assert state["startedCount"] == 1
    listed = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/candidates"
    ).json_body["items"][0]
    assert listed["status"] == "STARTED" and listed["joinedAt"] == "2026-12-14T11:05:00Z"

    # Once a pupil has joined: no edit, no delete, no removal of that pupil.
    assert (
        api.as_user(
            ANNE_FRANK_ADMIN, "PATCH", f"/sessions/{session['id']}", {"room": "X"}
        ).status_code
        == 409
    )
    assert api.as_user(ANNE_FRANK_ADMIN, "DELETE", f"/sessions/{session['id']}").status_code == 409
    removal = api.as_user(
        ANNE_FRANK_ADMIN, "DELETE", f"/sessions/{session['id']}/candidates/{candidate['id']}"
    )
    assert removal.status_code == 409
    assert removal.json_body == {
        "code": "CANDIDATE_ALREADY_JOINED",
        "message": "Ce candidat a déjà rejoint la session. Vous ne pouvez pas le supprimer.",
    }

    number = body["certificationNumber"]
    forged = api.request(
        "POST", f"/courses/{number}/complete", headers={"Authorization": "Bearer forged"}
    )
    assert forged.status_code == 401
    done = api.request(
        "POST",
        f"/courses/{number}/complete",
        headers={"Authorization": f"Bearer {body['courseToken']}"},
    )
    assert done.status_code == 200, done.body
    assert done.json_body["status"] == "COMPLETED"
    other = api.request(
        "POST",
        f"/courses/{number + 1}/complete",
        headers={"Authorization": f"Bearer {body['courseToken']}"},
    )
    assert other.status_code == 403


def test_wrong_code_and_unknown_session_give_the_same_answer(
    school: dict[str, Any], api: Api
) -> None:
    session = school["session"]
    let_in(api, session)
    wrong = join(api, session, accessCode="ZZZZ99")
    unknown = api.request(
        "POST",
        "/sessions/987654/join",
        {
            "accessCode": session["accessCode"],
            "lastName": "a",
            "firstName": "b",
            "birthdate": "2010-01-01",
        },
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json_body == unknown.json_body


def test_ten_failed_attempts_lock_the_session(school: dict[str, Any], api: Api) -> None:
    session = school["session"]
    enroll(api, session["id"], [school["students"]["Zoé"]["id"]])
    let_in(api, session)  # the day has come; Zoé's presence is not confirmed
    for _ in range(10):
        assert join(api, session, birthdate="2001-01-01").status_code == 404
    locked = join(api, session)
    assert locked.status_code == 429
    assert locked.json_body["code"] == "TOO_MANY_ATTEMPTS"
    # The counter lives in DynamoDB: another "container" (fresh adapters) sees it too.
    wiring.reset()
    wiring.override(clock=lambda: ON_THE_DAY)
    assert join(api, session).status_code == 429


def test_the_lockout_ends_with_its_window(
    school: dict[str, Any], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = school["session"]
    enroll(api, session["id"], [school["students"]["Zoé"]["id"]])
    let_in(api, session, "Zoé")
    for _ in range(10):
        join(api, session, birthdate="2001-01-01")
    assert join(api, session, accessCode="ZZZZ99").status_code == 429
    wiring.override(clock=lambda: ON_THE_DAY + timedelta(minutes=15, seconds=1))
    assert join(api, session, accessCode="ZZZZ99").status_code == 404


def test_certification_numbers_are_unique_and_increasing(school: dict[str, Any], api: Api) -> None:
    first = school["session"]
    second = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    zoe, lucas = school["students"]["Zoé"]["id"], school["students"]["Lucas"]["id"]
    enroll(api, first["id"], [zoe, lucas])
    enroll(api, second["id"], [zoe])
    let_in(api, first, "Zoé", "Lucas")
    let_in(api, second, "Zoé")
    numbers = [
        join(api, first).json_body["certificationNumber"],
        join(api, first, lastName="Martin", firstName="Lucas", birthdate="2010-03-12").json_body[
            "certificationNumber"
        ],
        join(api, second).json_body["certificationNumber"],
    ]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3


def test_two_admins_enrolling_the_same_pupils_at_once_make_no_duplicate(
    school: dict[str, Any], api: Api
) -> None:
    session_id = school["session"]["id"]
    ids = [s["id"] for s in school["students"].values()]
    admin = Identity(
        user_id=api.as_user(ANNE_FRANK_ADMIN, "GET", "/me").json_body["user"]["id"],
        email=ANNE_FRANK_ADMIN,
    )
    failures: list[BaseException] = []

    def enrol() -> None:
        try:
            candidate_service.enroll_students(wiring.deps(), admin, session_id, ids)
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=enrol) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    listed = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/candidates").json_body[
        "items"
    ]
    assert sorted(c["studentId"] for c in listed) == sorted(ids)
    assert len(wiring.deps().candidates.list_for_session(session_id)) == len(ids)
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}").json_body[
        "candidatesCount"
    ] == len(ids)


def test_twenty_concurrent_enrolments_of_one_pupil_count_once(
    school: dict[str, Any], api: Api
) -> None:
    session = school["session"]
    zoe = school["students"]["Zoé"]["id"]
    admin = Identity(
        user_id=api.as_user(ANNE_FRANK_ADMIN, "GET", "/me").json_body["user"]["id"],
        email=ANNE_FRANK_ADMIN,
    )
    answers: list[tuple[int, int]] = []
    failures: list[BaseException] = []
    barrier = threading.Barrier(20)

    def enrol() -> None:
        barrier.wait()
        try:
            done = candidate_service.enroll_students(wiring.deps(), admin, session["id"], [zoe])
            answers.append((done.added, done.already_enrolled))
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=enrol) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(answers) == [(0, 1)] * 19 + [(1, 0)]
    state = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}").json_body
    assert (state["candidatesCount"], state["version"]) == (1, session["version"] + 1)
    trail = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/events?pageSize=100")
    actions = [e["action"] for e in trail.json_body["items"]]
    assert actions.count("CANDIDATES_ENROLLED") == 1


SIECLE_TEMPLATE = """<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_ELEVES VERSION="3.0">
  <PARAMETRES><UAJ>{uai}</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <ELEVES>
      <ELEVE ELEVE_ID="1" ELENOET="1">
        <ID_NATIONAL>9999000201A</ID_NATIONAL>
        <NOM_DE_FAMILLE>LECŒUR</NOM_DE_FAMILLE>
        <PRENOM>Héloïse</PRENOM>
        <DATE_NAISS>05/11/2010</DATE_NAISS>
        <CODE_SEXE>2</CODE_SEXE>
        <CODE_PAYS>100</CODE_PAYS>
        <CODE_COMMUNE_INSEE_NAISS>69123</CODE_COMMUNE_INSEE_NAISS>
      </ELEVE>
      <ELEVE ELEVE_ID="2" ELENOET="2">
        <ID_NATIONAL>9999000202B</ID_NATIONAL>
        <NOM_DE_FAMILLE>PARTI</NOM_DE_FAMILLE>
        <PRENOM>Jean</PRENOM>
        <DATE_NAISS>01/01/2010</DATE_NAISS>
        <CODE_SEXE>1</CODE_SEXE>
        <CODE_PAYS>100</CODE_PAYS>
        <DATE_SORTIE>01/10/2026</DATE_SORTIE>
      </ELEVE>
    </ELEVES>
    <STRUCTURES>
      <STRUCTURES_ELEVE ELEVE_ID="1" ELENOET="1">
        <STRUCTURE><CODE_STRUCTURE>3E1</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
      </STRUCTURES_ELEVE>
      <STRUCTURES_ELEVE ELEVE_ID="2" ELENOET="2">
        <STRUCTURE><CODE_STRUCTURE>3E1</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
      </STRUCTURES_ELEVE>
    </STRUCTURES>
  </DONNEES>
</BEE_ELEVES>
"""


def test_six_simultaneous_imports_of_one_file_leave_each_pupil_once(
    demo: Settings, api: Api
) -> None:
    admin = Identity(
        user_id=api.as_user(ANNE_FRANK_ADMIN, "GET", "/me").json_body["user"]["id"],
        email=ANNE_FRANK_ADMIN,
    )
    rows = [f"NOM{n};Prénom{n};05/11/2010;3E{n % 3 + 1}" for n in range(30)]
    content = "\n".join(["Nom de naissance;Prénom;Date de naissance;Classe", *rows]).encode()
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def import_once() -> None:
        barrier.wait()
        try:
            report = roster_service.import_roster(
                wiring.deps(), admin, "c-anne-frank", content, "text/csv"
            )
            outcomes.append(f"created {report.created}")
        except errors.DomainError as refused:
            outcomes.append(refused.code)

    threads = [threading.Thread(target=import_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "created 30" in outcomes
    assert set(outcomes) <= {"created 30", "created 0", "IMPORT_IN_PROGRESS"}
    assert len(wiring.deps().students.list_center("c-anne-frank")) == 30
    # Once they are done, importing again finds every pupil already there.
    again = import_csv(api, "\n".join(["Nom de naissance;Prénom;Date de naissance;Classe", *rows]))
    assert again.json_body["unchanged"] == 30


def test_students_and_candidates_carry_their_birthplace_in_words(
    school: dict[str, Any], api: Api
) -> None:
    session = school["session"]
    students = school["students"]
    assert students["Yasmine"]["birthPlaceLabel"] == "Casablanca, MAROC"
    assert students["Zoé"]["birthPlaceLabel"] == "Lyon"
    assert enroll(api, session["id"], [students["Yasmine"]["id"]]).status_code == 201
    (candidate,) = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/candidates"
    ).json_body["items"]
    assert candidate["birthPlaceLabel"] == "Casablanca, MAROC"
