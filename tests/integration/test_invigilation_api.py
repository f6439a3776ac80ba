"""Exam day through the API on moto: the invigilator's login and token, presence before entry,
resume, end, the entry window, the lockout that others cannot turn against a pupil, the kit."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from functions import wiring
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, NOW, Api
from tests.integration.test_candidates_api import enroll, import_csv

TODAY = {
    "address": "Collège Anne Frank",
    "room": "Salle 208",
    "date": "2026-12-01",  # NOW is 09:00 in Paris on that day
    "time": "09:00",
    "examiner": "Paul Eluard",
}
ZOE = {"lastName": "lecoeur", "firstName": "ZOE", "birthdate": "2010-11-05"}
LUCAS = {"lastName": "Martin", "firstName": "Lucas", "birthdate": "2010-03-12"}


@pytest.fixture
def room(demo: Settings, api: Api) -> dict[str, Any]:
    """A session of today with Zoé and Lucas enrolled, and its invigilator logged in."""
    assert import_csv(api).status_code == 200
    session = api.as_user(ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", TODAY)
    session = session.json_body
    students = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/students")
    by_name = {s["firstName"]: s["id"] for s in students.json_body["items"]}
    enrolled = enroll(api, session["id"], [by_name["Zoé"], by_name["Lucas"]]).json_body
    candidates = {c["firstName"]: c["id"] for c in enrolled["candidates"]}
    token = login(api, session).json_body["invigilatorToken"]
    return {"session": session, "candidates": candidates, "token": token}


def login(api: Api, session: dict[str, Any], password: str | None = None) -> Any:
    body = {
        "sessionId": session["id"],
        "supervisorPassword": password or session["supervisorPassword"],
    }
    return api.request("POST", "/invigilator/login", body)


def join(api: Api, session: dict[str, Any], pupil: dict[str, str], code: str = "") -> Any:
    body = {"accessCode": code or session["accessCode"], **pupil}
    return api.request("POST", f"/sessions/{session['id']}/join", body)


def as_invigilator(api: Api, room: dict[str, Any], method: str, path: str, body: Any = None) -> Any:
    return api.request(method, path, body, token=room["token"])


def decide(api: Api, room: dict[str, Any], who: str, action: str, body: Any = None) -> Any:
    path = f"/sessions/{room['session']['id']}/candidates/{room['candidates'][who]}/{action}"
    return as_invigilator(api, room, "POST", path, body if body is not None else {})


def confirm(api: Api, room: dict[str, Any], who: str) -> Any:
    return decide(api, room, who, "authorize-to-start", {"authorized": True})


def supervised(api: Api, room: dict[str, Any], who: str) -> dict[str, Any]:
    listed = as_invigilator(api, room, "GET", f"/sessions/{room['session']['id']}/supervising")
    assert listed.status_code == 200, listed.body
    return next(c for c in listed.json_body["candidates"] if c["firstName"] == who)


# --- the invigilator's access


def test_the_token_opens_the_supervising_routes_of_its_session_only(
    api: Api, room: dict[str, Any]
) -> None:
    session_id = room["session"]["id"]
    listed = as_invigilator(api, room, "GET", f"/sessions/{session_id}/supervising")
    assert listed.status_code == 200
    assert [c["firstName"] for c in listed.json_body["candidates"]] == ["Zoé", "Lucas"]
    # Another session answers like a missing one; any other route does not know the token.
    other = api.as_user(ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", TODAY)
    elsewhere = as_invigilator(api, room, "GET", f"/sessions/{other.json_body['id']}/supervising")
    assert elsewhere.status_code == 404
    assert elsewhere.json_body["code"] == "SESSION_NOT_FOUND"
    for method, path in (
        ("GET", f"/sessions/{session_id}"),
        ("GET", f"/sessions/{session_id}/candidates"),
        ("GET", "/me"),
        ("GET", f"/sessions/{session_id}/finalization"),
    ):
        assert as_invigilator(api, room, method, path).status_code == 401, path


def test_an_unknown_session_and_a_wrong_password_get_the_same_answer(
    api: Api, room: dict[str, Any]
) -> None:
    wrong = login(api, room["session"], "C-WRONG1")
    unknown = login(api, {**room["session"], "id": 999_999})
    assert wrong.status_code == unknown.status_code == 401
    assert (
        wrong.json_body
        == unknown.json_body
        == {
            "code": "INVALID_SUPERVISOR_CREDENTIALS",
            "message": "Numéro de session ou mot de passe incorrect.",
        }
    )


def test_the_password_is_typed_with_any_case(api: Api, room: dict[str, Any]) -> None:
    typed = f"  {room['session']['supervisorPassword'].lower()} "
    assert login(api, room["session"], typed).status_code == 200


def test_ten_failures_lock_the_session_logins_then_the_window_ends(
    api: Api, room: dict[str, Any]
) -> None:
    for _ in range(10):
        assert login(api, room["session"], "C-WRONG1").status_code == 401
    locked = login(api, room["session"])
    assert locked.status_code == 429
    assert locked.json_body["code"] == "TOO_MANY_ATTEMPTS"
    assert 0 < locked.json_body["retryAfterSeconds"] <= 15 * 60
    wiring.override(clock=lambda: NOW + timedelta(minutes=15, seconds=1))
    assert login(api, room["session"]).status_code == 200


def twenty_at_once(attempt: Callable[[], int]) -> Counter[int]:
    """The statuses of 20 attempts released at the same instant."""
    answers: list[int] = []
    barrier = threading.Barrier(20)

    def run() -> None:
        barrier.wait()
        answers.append(attempt())

    threads = [threading.Thread(target=run) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(answers)


def test_twenty_concurrent_wrong_logins_check_at_most_ten(api: Api, room: dict[str, Any]) -> None:
    counted = twenty_at_once(lambda: login(api, room["session"], "C-WRONG1").status_code)
    assert counted[401] <= 10
    assert counted[401] + counted[429] == 20


def test_the_token_stops_working_when_the_session_is_finalized(
    api: Api, room: dict[str, Any]
) -> None:
    session = room["session"]
    confirm(api, room, "Zoé")
    assert join(api, session, ZOE).status_code == 200
    finalized = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{session['id']}/finalize",
        {"candidates": [{"candidateId": room["candidates"]["Zoé"], "abortReason": "TECHNICAL"}]},
    )
    assert finalized.status_code == 200, finalized.body
    closed = as_invigilator(api, room, "GET", f"/sessions/{session['id']}/supervising")
    assert closed.status_code == 401
    assert closed.json_body["code"] == "INVIGILATION_CLOSED"
    assert login(api, session).json_body["code"] == "SESSION_ALREADY_FINALIZED"


def test_the_token_lasts_twelve_hours(api: Api, room: dict[str, Any]) -> None:
    wiring.override(clock=lambda: NOW + timedelta(hours=12, seconds=1))
    late = as_invigilator(api, room, "GET", f"/sessions/{room['session']['id']}/supervising")
    assert late.status_code == 401


def test_a_member_uses_the_same_routes_with_their_own_token_and_others_do_not(
    api: Api, room: dict[str, Any]
) -> None:
    session_id = room["session"]["id"]
    path = f"/sessions/{session_id}/candidates/{room['candidates']['Zoé']}/authorize-to-start"
    mine = api.as_user(ANNE_FRANK_ADMIN, "POST", path, {"authorized": True})
    assert mine.status_code == 200 and mine.json_body["authorizedToStart"] is True
    theirs = api.as_user(LECONTE_ADMIN, "GET", f"/sessions/{session_id}/supervising")
    assert theirs.status_code == 404


# --- presence, resume, end


def test_a_pupil_enters_only_once_the_invigilator_confirmed_their_presence(
    api: Api, room: dict[str, Any]
) -> None:
    session = room["session"]
    waiting = join(api, session, ZOE)
    assert waiting.status_code == 403
    assert waiting.json_body == {
        "code": "CANDIDATE_NOT_AUTHORIZED_TO_START",
        "message": "Votre surveillant n'a pas confirmé votre présence dans la salle. "
        "Rapprochez-vous de votre surveillant.",
    }
    assert confirm(api, room, "Zoé").json_body["authorizedToStart"] is True
    joined = join(api, session, ZOE)
    assert joined.status_code == 200, joined.body
    row = supervised(api, room, "Zoé")
    assert row["status"] == "STARTED"
    assert row["certificationNumber"] == joined.json_body["certificationNumber"]
    # Once in, the confirmation cannot be taken back.
    withdrawn = decide(api, room, "Zoé", "authorize-to-start", {"authorized": False})
    assert withdrawn.status_code == 409
    assert withdrawn.json_body["code"] == "CANDIDATE_ALREADY_JOINED"


def test_waiting_for_the_invigilator_never_counts_as_a_failed_attempt(
    api: Api, room: dict[str, Any]
) -> None:
    for _ in range(15):
        assert join(api, room["session"], ZOE).status_code == 403
    confirm(api, room, "Zoé")
    assert join(api, room["session"], ZOE).status_code == 200


def test_a_confirmation_can_be_withdrawn_before_the_pupil_joins(
    api: Api, room: dict[str, Any]
) -> None:
    confirm(api, room, "Zoé")
    withdrawn = decide(api, room, "Zoé", "authorize-to-start", {"authorized": False})
    assert withdrawn.status_code == 200 and withdrawn.json_body["authorizedToStart"] is False
    assert join(api, room["session"], ZOE).status_code == 403


def test_resuming_needs_the_invigilator_and_uses_the_authorization_up(
    api: Api, room: dict[str, Any]
) -> None:
    session = room["session"]
    confirm(api, room, "Zoé")
    first = join(api, session, ZOE).json_body
    again = join(api, session, ZOE)
    assert again.status_code == 403
    assert again.json_body["code"] == "CANDIDATE_NOT_AUTHORIZED_TO_RESUME"
    allowed = decide(api, room, "Zoé", "authorize-to-resume")
    assert allowed.status_code == 200 and allowed.json_body["resumeAuthorized"] is True
    resumed = join(api, session, ZOE)
    assert resumed.status_code == 200
    assert resumed.json_body["certificationNumber"] == first["certificationNumber"]
    assert supervised(api, room, "Zoé")["resumeAuthorized"] is False
    assert join(api, session, ZOE).json_body["code"] == "CANDIDATE_NOT_AUTHORIZED_TO_RESUME"


def test_a_resume_is_only_for_a_pupil_who_started(api: Api, room: dict[str, Any]) -> None:
    refused = decide(api, room, "Lucas", "authorize-to-resume")
    assert refused.status_code == 409
    assert refused.json_body["code"] == "CANDIDATE_NOT_STARTED"


def test_ending_a_test_keeps_the_reason_and_closes_the_course(
    api: Api, room: dict[str, Any]
) -> None:
    session = room["session"]
    confirm(api, room, "Zoé")
    joined = join(api, session, ZOE).json_body
    ended = decide(api, room, "Zoé", "end-by-supervisor", {"reason": "Fraude constatée"})
    assert ended.status_code == 200, ended.body
    assert ended.json_body["status"] == "ENDED_BY_SUPERVISOR"
    assert ended.json_body["endReason"] == "Fraude constatée"
    complete = api.request(
        "POST",
        f"/courses/{joined['certificationNumber']}/complete",
        token=joined["courseToken"],
    )
    assert complete.status_code == 409
    assert complete.json_body["code"] == "CANDIDATE_ENDED_BY_SUPERVISOR"
    assert decide(api, room, "Zoé", "authorize-to-resume").status_code == 409
    assert join(api, session, ZOE).json_body["code"] == "CANDIDATE_TEST_ENDED"
    twice = decide(api, room, "Zoé", "end-by-supervisor", {"reason": "Encore"})
    assert twice.status_code == 409


def test_ending_needs_a_reason(api: Api, room: dict[str, Any]) -> None:
    confirm(api, room, "Zoé")
    join(api, room["session"], ZOE)
    refused = decide(api, room, "Zoé", "end-by-supervisor", {"reason": "  "})
    assert refused.status_code == 422
    assert refused.json_body["details"][0]["field"] == "reason"
    too_long = decide(api, room, "Zoé", "end-by-supervisor", {"reason": "x" * 501})
    assert too_long.status_code == 422


def test_the_live_list_shows_times_stretched_by_each_pupils_extra_time(
    api: Api, room: dict[str, Any]
) -> None:
    session_id = room["session"]["id"]
    api.as_user(
        ANNE_FRANK_ADMIN,
        "PATCH",
        f"/sessions/{session_id}/candidates/{room['candidates']['Zoé']}",
        {"extraTimePercentage": 30},
    )
    confirm(api, room, "Zoé")
    join(api, room["session"], ZOE)
    row = supervised(api, room, "Zoé")
    assert row["startedAt"] == "2026-12-01T08:00:00Z"
    # 105 minutes × 1.3 = 136 min 30 s
    assert row["theoreticalEndAt"] == "2026-12-01T10:16:30Z"
    assert row["extraTimePercentage"] == 30
    waiting = supervised(api, room, "Lucas")
    assert (waiting["status"], waiting["authorizedToStart"], waiting["startedAt"]) == (
        "ENROLLED",
        False,
        None,
    )


def test_every_decision_is_in_the_audit_trail_with_who_made_it(
    api: Api, room: dict[str, Any]
) -> None:
    session_id = room["session"]["id"]
    confirm(api, room, "Zoé")
    join(api, room["session"], ZOE)
    decide(api, room, "Zoé", "authorize-to-resume")
    join(api, room["session"], ZOE)
    decide(api, room, "Zoé", "end-by-supervisor", {"reason": "Malaise"})
    path = f"/sessions/{session_id}/candidates/{room['candidates']['Lucas']}/authorize-to-start"
    api.as_user(ANNE_FRANK_ADMIN, "POST", path, {"authorized": True})
    trail = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/events?pageSize=100")
    events = [(e["action"], e["actor"]["label"]) for e in trail.json_body["items"]]
    invigilator = f"Surveillant de la session {session_id}"
    assert ("INVIGILATOR_LOGGED_IN", invigilator) in events
    assert ("CANDIDATE_AUTHORIZED_TO_START", invigilator) in events
    assert ("CANDIDATE_RESUME_AUTHORIZED", invigilator) in events
    assert ("CANDIDATE_ENDED_BY_SUPERVISOR", invigilator) in events
    assert ("CANDIDATE_AUTHORIZED_TO_START", ANNE_FRANK_ADMIN) in events
    assert [a for a, _ in events].count("CANDIDATE_RESUMED") == 1


# --- the entry window


def test_entry_opens_on_the_sessions_day_in_the_centers_timezone(demo: Settings, api: Api) -> None:
    assert import_csv(api).status_code == 200
    tomorrow = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", {**TODAY, "date": "2026-12-02"}
    ).json_body
    early = join(api, tomorrow, ZOE)
    assert early.status_code == 409
    assert early.json_body["code"] == "SESSION_NOT_OPEN_YET"
    # Whatever the code typed: outside its window a session checks nothing, counts nothing.
    for _ in range(12):
        assert join(api, tomorrow, ZOE, code="BBBB22").json_body["code"] == "SESSION_NOT_OPEN_YET"


def test_entry_closes_24_hours_after_the_first_pupil_started(
    api: Api, room: dict[str, Any]
) -> None:
    confirm(api, room, "Zoé")
    confirm(api, room, "Lucas")
    assert join(api, room["session"], ZOE).status_code == 200
    wiring.override(clock=lambda: NOW + timedelta(hours=24))
    closed = join(api, room["session"], LUCAS)
    assert closed.status_code == 409
    assert closed.json_body["code"] == "SESSION_ENTRY_CLOSED"


# --- the lockout cannot be turned against the pupils


def test_others_failures_never_keep_a_confirmed_pupil_out(api: Api, room: dict[str, Any]) -> None:
    session = room["session"]
    for _ in range(10):
        assert join(api, session, ZOE, code="BBBB22").status_code == 404
    # Locked for everyone else — a wrong code, an unconfirmed pupil, even a right guess
    assert join(api, session, ZOE, code="BBBB23").status_code == 429
    assert join(api, session, LUCAS).status_code == 429
    confirm(api, room, "Zoé")
    assert join(api, session, ZOE, code="BBBB22").status_code == 429
    # …but the pupil the invigilator confirmed gets in.
    assert join(api, session, ZOE).status_code == 200


def test_twenty_concurrent_wrong_codes_check_at_most_ten(api: Api, room: dict[str, Any]) -> None:
    counted = twenty_at_once(lambda: join(api, room["session"], ZOE, code="BBBB22").status_code)
    assert counted[404] <= 10
    assert counted[404] + counted[429] == 20


# --- the kit


def test_the_kit_is_a_pdf_for_the_invigilator_and_the_members(
    api: Api, room: dict[str, Any]
) -> None:
    session_id = room["session"]["id"]
    path = f"/sessions/{session_id}/invigilator-kit"
    headers = {"Accept": "application/pdf"}
    for answer in (
        api.request("GET", path, token=room["token"], headers=headers),
        api.as_user(ANNE_FRANK_ADMIN, "GET", path, headers=headers),
    ):
        assert answer.status_code == 200
        assert answer.headers["Content-Type"] == "application/pdf"
        assert (
            answer.headers["Content-Disposition"]
            == f'attachment; filename="kit-surveillant-session-{session_id}.pdf"'
        )
        assert answer.body.startswith(b"%PDF-")
    assert api.as_user(LECONTE_ADMIN, "GET", path, headers=headers).status_code == 404


# --- finalization


def test_finalization_shows_what_the_invigilator_recorded(api: Api, room: dict[str, Any]) -> None:
    session_id = room["session"]["id"]
    confirm(api, room, "Zoé")
    confirm(api, room, "Lucas")
    join(api, room["session"], ZOE)
    join(api, room["session"], LUCAS)
    decide(api, room, "Zoé", "end-by-supervisor", {"reason": "Malaise"})
    reported = as_invigilator(
        api,
        room,
        "POST",
        f"/sessions/{session_id}/candidates/{room['candidates']['Lucas']}/issue-reports",
        {"category": "CONNECTION_OR_END_SCREEN"},
    )
    assert reported.status_code == 201, reported.body
    draft = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/finalization")
    rows = {c["firstName"]: c for c in draft.json_body["candidates"]}
    assert rows["Zoé"]["status"] == "ENDED_BY_SUPERVISOR"
    assert rows["Zoé"]["endReason"] == "Malaise"
    assert rows["Zoé"]["authorizedToStart"] is True
    assert [r["category"] for r in rows["Lucas"]["issueReports"]] == ["CONNECTION_OR_END_SCREEN"]
    # Ended by the invigilator counts as finished: only Lucas needs an abort reason.
    missing = api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{session_id}/finalize", {})
    assert missing.status_code == 422
    assert [d["field"] for d in missing.json_body["details"]] == [
        f"candidates.{room['candidates']['Lucas']}.abortReason"
    ]


def test_the_invigilators_report_is_deduplicated_by_its_idempotency_key(
    api: Api, room: dict[str, Any]
) -> None:
    confirm(api, room, "Zoé")
    join(api, room["session"], ZOE)
    path = f"/sessions/{room['session']['id']}/candidates/{room['candidates']['Zoé']}/issue-reports"
    body = {"category": "CONNECTION_OR_END_SCREEN"}
    headers = {"Idempotency-Key": "signalement-1"}
    first = api.request("POST", path, body, token=room["token"], headers=headers)
    again = api.request("POST", path, body, token=room["token"], headers=headers)
    assert first.status_code == again.status_code == 201, first.body
    assert first.json_body == again.json_body
    draft = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{room['session']['id']}/finalization")
    rows = {c["firstName"]: c for c in draft.json_body["candidates"]}
    assert len(rows["Zoé"]["issueReports"]) == 1


def test_a_login_without_its_fields_is_a_422_and_not_counted(
    api: Api, room: dict[str, Any]
) -> None:
    for _ in range(12):
        empty = api.request("POST", "/invigilator/login", {})
        assert empty.status_code == 422
        assert {d["field"] for d in empty.json_body["details"]} == {
            "sessionId",
            "supervisorPassword",
        }
    assert login(api, room["session"]).status_code == 200


def test_the_pupils_entry_says_when_their_test_ends(api: Api, room: dict[str, Any]) -> None:
    confirm(api, room, "Zoé")
    joined = join(api, room["session"], ZOE).json_body
    assert (joined["startedAt"], joined["theoreticalEndAt"], joined["extraTimePercentage"]) == (
        "2026-12-01T08:00:00Z",
        "2026-12-01T09:45:00Z",
        0,
    )
