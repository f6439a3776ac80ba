"""Results through the API on moto: Pix staff enter them (JSON, CSV), the session is
published, the school downloads its classes' CSV and attestations, anyone checks a code —
and nobody sees what is not theirs or not published."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from typing import Any

import pytest
from chalice.test import HTTPResponse
from pypdf import PdfReader

from functions import wiring
from shared.domain.audit import AuditAction
from shared.domain.limits import MAX_RESULTS_BYTES
from shared.domain.results import (
    COMPETENCE_CODES,
    RESULTS_SAVING_LEASE,
    CertificationResult,
    ResultChange,
    SavingMark,
)
from shared.settings import Settings
from tests.fakes import an_event
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, PIX_STAFF, Api
from tests.integration.test_candidates_api import SESSION, import_csv
from tests.integration.test_finalization_api import started, submission

__all__ = ["started"]  # the fixture, imported for this module's tests

CSV_HEADER = "Numéro de certification;Statut;Score;" + ";".join(COMPETENCE_CODES)
LEVELS = [3, 4, 2, 5, 1, 0, 6, 3, 2, 4, 1, 5, 2, 3, 4, 8]


@pytest.fixture
def finalized(started: dict[str, Any], api: Api) -> dict[str, Any]:
    """Zoé (3E1) completed her test, Lucas (3E2) joined; Yasmine (3E1) never came. Finalized
    without comment nor issue report."""
    sid = started["session"]["id"]
    body = submission(started, examinerGlobalComment="", hasIncident=False)
    final = api.as_user(ANNE_FRANK_ADMIN, "POST", f"/sessions/{sid}/finalize", body)
    assert final.status_code == 200, final.body
    candidates = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/candidates").json_body
    numbers = {c["firstName"]: c["certificationNumber"] for c in candidates["items"]}
    return {"id": sid, "numbers": numbers}


def validated(number: int, score: int = 512) -> dict[str, Any]:
    return {
        "certificationNumber": number,
        "status": "VALIDATED",
        "pixScore": score,
        "competences": [
            {"code": code, "level": level}
            for code, level in zip(COMPETENCE_CODES, LEVELS, strict=True)
        ],
    }


def save(api: Api, sid: int, body: Any = None, **kwargs: Any) -> HTTPResponse:
    return api.as_user(PIX_STAFF, "PUT", f"/admin/sessions/{sid}/results", body, **kwargs)


def save_csv(api: Api, sid: int, text: str, encoding: str = "utf-8") -> HTTPResponse:
    return save(api, sid, raw=text.encode(encoding), headers={"Content-Type": "text/csv"})


def stored(sid: int) -> dict[int, CertificationResult]:
    return {r.certification_number: r for r in wiring.deps().results.list_for_session(sid)}


def publish(api: Api, sid: int) -> None:
    answer = api.as_user(PIX_STAFF, "POST", f"/sessions/{sid}/publish")
    assert answer.status_code == 200, answer.body


def class_file(
    api: Api, division: str, who: str = ANNE_FRANK_ADMIN, center: str = "c-anne-frank"
) -> HTTPResponse:
    return api.as_user(
        who,
        "GET",
        f"/centers/{center}/results?division={division}",
        headers={"Accept": "text/csv"},
    )


def attestations(
    api: Api, division: str, who: str = ANNE_FRANK_ADMIN, center: str = "c-anne-frank"
) -> HTTPResponse:
    return api.as_user(
        who,
        "GET",
        f"/centers/{center}/attestations?division={division}",
        headers={"Accept": "application/pdf"},
    )


def check(api: Api, code: str) -> HTTPResponse:
    return api.request("GET", f"/certificates/{code}")


def body_bytes(answer: HTTPResponse) -> bytes:
    body: Any = answer.body
    return body if isinstance(body, bytes) else str(body).encode()


def test_results_entered_published_then_read_by_the_school_and_checked_by_anyone(
    finalized: dict[str, Any], api: Api
) -> None:
    sid, numbers = finalized["id"], finalized["numbers"]
    zoe, lucas = numbers["Zoé"], numbers["Lucas"]
    lucas_result = {"certificationNumber": lucas, "status": "REJECTED", "pixScore": 90}

    # A school admin may not enter results.
    refused = api.as_user(
        ANNE_FRANK_ADMIN, "PUT", f"/admin/sessions/{sid}/results", {"items": [lucas_result]}
    )
    assert refused.status_code == 403 and refused.json_body["code"] == "PIX_ADMIN_REQUIRED"

    answer = save(
        api,
        sid,
        {"items": [validated(zoe), lucas_result, {**lucas_result, "certificationNumber": 999999}]},
    )
    assert answer.status_code == 200, answer.body
    assert answer.json_body["saved"] == 2
    assert [(e["line"], e["code"]) for e in answer.json_body["errors"]] == [
        (3, "UNKNOWN_CERTIFICATION_NUMBER")
    ]
    code = stored(sid)[zoe].verification_code
    assert code is not None and code.startswith("P-")
    assert stored(sid)[lucas].verification_code is None

    # Not published yet: invisible to the school and to the public check.
    assert class_file(api, "3E1").json_body["code"] == "NO_RESULTS_FOR_DIVISION"
    assert check(api, code).status_code == 404

    # Saved again: the same code.
    assert save(api, sid, {"items": [validated(zoe, score=600)]}).json_body["saved"] == 1
    assert stored(sid)[zoe].verification_code == code

    publish(api, sid)
    late = save(api, sid, {"items": [lucas_result]})
    assert late.status_code == 409 and late.json_body["code"] == "SESSION_ALREADY_PUBLISHED"

    # The school's class file: a spreadsheet opens it as it is.
    answer = class_file(api, "3e1")
    assert answer.status_code == 200, answer.body
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="resultats-3e1.csv"'
    content = body_bytes(answer)
    assert content.startswith(codecs.BOM_UTF8)
    header, row, *rest = content.decode("utf-8-sig").splitlines()
    assert rest == []
    assert header == (
        "Nom;Prénom;Date de naissance;Classe;INE;Numéro de certification;Session;"
        "Date de passage;Statut;Score Pix;" + ";".join(COMPETENCE_CODES)
    )
    assert row.split(";") == [
        "LECŒUR",
        "Zoé",
        "05/11/2010",
        "3E1",
        "9999000102B",
        str(zoe),
        str(sid),
        "14/12/2026",
        "Validée",
        "600",
        *(str(level) for level in LEVELS),
    ]
    lucas_file = body_bytes(class_file(api, "3E2")).decode("utf-8-sig").splitlines()
    assert lucas_file[1].split(";")[:10] == [
        "MARTIN",
        "Lucas",
        "12/03/2010",
        "3E2",
        "9999000101A",
        str(lucas),
        str(sid),
        "14/12/2026",
        "Rejetée",
        "90",
    ]

    # The attestations: one page per validated pupil, with the address to check the code.
    wiring.override(web_address="https://certif.example.test")
    pdf = attestations(api, "3E1")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(body_bytes(pdf)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text() or ""
    for expected in ("LECŒUR", "05/11/2010", "600", "Mener une recherche", str(zoe), code):
        assert expected in text, expected
    assert f"https://certif.example.test/#/verifier/{code}" in text
    no_validated = attestations(api, "3E2")
    assert no_validated.status_code == 404
    assert no_validated.json_body["code"] == "NO_RESULTS_FOR_DIVISION"

    # Anyone holding the code.
    public = check(api, code)
    assert public.status_code == 200, public.body
    assert public.json_body["lastName"] == "LECŒUR"
    assert public.json_body["firstName"] == "Zoé"
    assert public.json_body["birthdate"] == "2010-11-05"
    assert public.json_body["pixScore"] == 600
    assert public.json_body["certifiedAt"] == "2026-12-14"
    first = public.json_body["competences"][0]
    assert first == {
        "code": "1.1",
        "name": "Mener une recherche et une veille d'information",
        "level": 3,
    }
    unknown = check(api, "P-" + ("A" if code[2] != "A" else "B") + code[3:])
    malformed = check(api, "P-00000000")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.json_body == malformed.json_body


def test_the_school_sees_only_its_own_published_results(
    finalized: dict[str, Any], api: Api
) -> None:
    sid, zoe = finalized["id"], finalized["numbers"]["Zoé"]
    lucas = finalized["numbers"]["Lucas"]
    save(
        api,
        sid,
        {
            "items": [
                validated(zoe),
                {"certificationNumber": lucas, "status": "CANCELLED", "pixScore": 0},
            ]
        },
    )
    publish(api, sid)
    assert class_file(api, "3E1").status_code == 200
    # Another school, and Pix staff who are not members: the center does not exist for them.
    for who in (LECONTE_ADMIN, PIX_STAFF):
        for answer in (class_file(api, "3E1", who), attestations(api, "3E1", who)):
            assert answer.status_code == 404 and answer.json_body["code"] == "CENTER_NOT_FOUND"
    # Their own center has no such result.
    other = class_file(api, "3E1", LECONTE_ADMIN, "c-leconte-de-lisle")
    assert other.status_code == 404 and other.json_body["code"] == "NO_RESULTS_FOR_DIVISION"
    # Cancelled: "Annulée", no levels.
    row = body_bytes(class_file(api, "3E2")).decode("utf-8-sig").splitlines()[1].split(";")
    assert row[8:] == ["Annulée", "0", *[""] * 16]
    assert class_file(api, "").status_code == 400


def test_a_windows_1252_csv_with_line_errors_saves_its_good_lines(
    finalized: dict[str, Any], api: Api
) -> None:
    sid, zoe, lucas = finalized["id"], finalized["numbers"]["Zoé"], finalized["numbers"]["Lucas"]
    levels = ";".join(str(level) for level in LEVELS)
    text = "\r\n".join(
        [
            CSV_HEADER,
            f"{zoe};Validée;512;{levels}",
            f"{lucas};Rejetée;abc" + ";" * 16,
            "123456789;Annulée;0" + ";" * 16,
        ]
    )
    answer = save_csv(api, sid, text, encoding="cp1252")
    assert answer.status_code == 200, answer.body
    assert answer.json_body["saved"] == 1
    assert [(e["line"], e["code"]) for e in answer.json_body["errors"]] == [
        (3, "INVALID_SCORE"),
        (4, "UNKNOWN_CERTIFICATION_NUMBER"),
    ]
    assert answer.json_body["errors"][0]["message"].startswith("Ligne 3 : ")
    code = stored(sid)[zoe].verification_code
    assert code is not None

    # Zoé's result changed to rejected: her code is no longer valid, even once published.
    again = save_csv(
        api, sid, f"\ufeff{CSV_HEADER}\n{zoe};REJECTED;80{';' * 16}\n{lucas};REJECTED;80{';' * 16}"
    )
    assert again.json_body == {"saved": 2, "errors": []}
    assert stored(sid)[zoe].verification_code is None
    publish(api, sid)
    assert check(api, code).status_code == 404
    events = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/sessions/{sid}/events?pageSize=100").json_body[
        "items"
    ]
    saved = [e for e in events if e["action"] == "RESULTS_SAVED"]
    assert len(saved) == 2 and {e["actor"]["label"] for e in saved} == {"Camille Pix"}


def test_results_are_refused_before_finalization(demo: Settings, api: Api) -> None:
    assert import_csv(api).status_code == 200
    session = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    answer = save(api, session["id"], {"items": [validated(1)]})
    assert answer.status_code == 409 and answer.json_body["code"] == "SESSION_NOT_FINALIZED"
    assert save(api, 999999, {"items": [validated(1)]}).status_code == 404


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "code"),
    [
        (b"<results/>", "application/xml", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"x" * (MAX_RESULTS_BYTES + 1), "text/csv", 413, "PAYLOAD_TOO_LARGE"),
        (b"", "text/csv", 422, "EMPTY_RESULTS"),
        (b'{"items": []}', "application/json", 422, "EMPTY_RESULTS"),
        (b'{"items": [], "x": 1}', "application/json", 422, "UNKNOWN_FIELD"),
        (b'{"items": [{"pixScore": "12"}]}', "application/json", 400, "INVALID_TYPE"),
        (b"Statut;Score\nVALIDATED;1", "text/csv", 422, "INVALID_RESULTS_FILE"),
    ],
)
def test_bad_requests(
    finalized: dict[str, Any],
    api: Api,
    raw: bytes,
    content_type: str,
    status: int,
    code: str,
) -> None:
    answer = save(api, finalized["id"], raw=raw, headers={"Content-Type": content_type})
    assert answer.status_code == status and answer.json_body["code"] == code, answer.body
    assert stored(finalized["id"]) == {}


def test_a_class_file_needs_an_accept_naming_csv(finalized: dict[str, Any], api: Api) -> None:
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "GET",
        "/centers/c-anne-frank/results?division=3E1",
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 400 and answer.json_body["code"] == "CSV_NOT_ACCEPTED"


def a_long_save_under_way(sid: int, number: int) -> Callable[[], None]:
    """Another staff member's save in several groups, its first group written as the store
    writes it (the result of certification `number` again, the mark with it); the answer
    writes its last group."""
    deps = wiring.deps()
    result = stored(sid)[number]
    group = [ResultChange(result=result, previous=result)]
    event = an_event(sid, AuditAction.RESULTS_SAVED)
    taken = SavingMark(until=deps.clock() + RESULTS_SAVING_LEASE)
    deps.results.save(sid, group, event, taken)
    return lambda: deps.results.save(sid, group, event, taken.model_copy(update={"release": True}))


def test_no_publication_while_results_are_saved_in_several_groups(
    finalized: dict[str, Any], api: Api
) -> None:
    """The first group of a long save is written (as the store does it, the mark with it):
    another staff member's publication is refused with the contract's 409 until the last."""
    sid, numbers = finalized["id"], finalized["numbers"]
    lucas = {"certificationNumber": numbers["Lucas"], "status": "REJECTED", "pixScore": 90}
    assert save(api, sid, {"items": [validated(numbers["Zoé"]), lucas]}).status_code == 200
    last_group = a_long_save_under_way(sid, numbers["Zoé"])

    refused = api.as_user(PIX_STAFF, "POST", f"/sessions/{sid}/publish")
    assert refused.status_code == 409, refused.body
    assert refused.json_body["code"] == "SESSION_NOT_PUBLISHABLE"
    assert "réessayez dans quelques minutes" in refused.json_body["message"]
    assert [d["code"] for d in refused.json_body["details"]] == ["RESULTS_BEING_SAVED"]
    assert class_file(api, "3E1").json_body["code"] == "NO_RESULTS_FOR_DIVISION"

    last_group()
    publish(api, sid)


def test_a_long_save_is_refused_while_another_is_under_way(
    finalized: dict[str, Any], api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another staff member's save in several groups holds the mark (its first group written):
    this one, also in several groups (one result a group here), gets the 409 before writing
    anything; once the other is done, it is saved."""
    sid, numbers = finalized["id"], finalized["numbers"]
    assert save(api, sid, {"items": [validated(numbers["Zoé"])]}).status_code == 200
    last_group = a_long_save_under_way(sid, numbers["Zoé"])
    monkeypatch.setattr("shared.services.results.RESULTS_PER_WRITE", 1)
    lucas = {"certificationNumber": numbers["Lucas"], "status": "REJECTED", "pixScore": 90}
    both = {"items": [validated(numbers["Zoé"], score=300), lucas]}

    refused = save(api, sid, both)
    assert refused.status_code == 409, refused.body
    assert refused.json_body["code"] == "RESULTS_BEING_SAVED"
    assert "réessayez dans quelques minutes" in refused.json_body["message"]
    assert set(stored(sid)) == {numbers["Zoé"]} and stored(sid)[numbers["Zoé"]].pix_score == 512

    last_group()
    answer = save(api, sid, both)
    assert answer.status_code == 200 and answer.json_body["saved"] == 2, answer.body
    assert stored(sid)[numbers["Zoé"]].pix_score == 300
    released = wiring.deps().sessions.get(sid)
    assert released is not None and released.results_saving_until is None
