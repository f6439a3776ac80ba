"""GET /sessions/{id}/attendance-sheet: a PDF through Chalice's binary support."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, LECONTE_ADMIN, PIX_STAFF, Api
from tests.integration.test_candidates_api import SESSION, enroll, import_csv

PDF = {"Accept": "application/pdf"}


@pytest.fixture
def session_with_candidates(demo: Settings, api: Api) -> dict[str, Any]:
    assert import_csv(api).status_code == 200
    session: dict[str, Any] = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    students = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/students"
    ).json_body["items"]
    enroll(api, session["id"], [s["id"] for s in students])
    return session


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_attendance_sheet_is_a_pdf_download(
    session_with_candidates: dict[str, Any], api: Api
) -> None:
    session_id = session_with_candidates["id"]
    answer = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/attendance-sheet", headers=PDF
    )
    assert answer.status_code == 200, answer.body[:300]
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Content-Disposition"] == (
        f'attachment; filename="feuille-emargement-session-{session_id}.pdf"'
    )
    assert answer.body.startswith(b"%PDF")
    text = text_of(answer.body)
    for expected in (str(session_id), "14/12/2026", "12:00", "13:45", "Salle 208", "Paul Eluard"):
        assert expected in text, expected
    for name in ("LECŒUR", "EL AMRANI", "DUPONT--MOREAU", "N'DIAYE", "NGUYỄN", "Thị Ánh"):
        assert name in text, name
    assert "PV d'incident" in text


def test_neither_another_school_nor_pix_staff_print_it(
    session_with_candidates: dict[str, Any], api: Api
) -> None:
    path = f"/sessions/{session_with_candidates['id']}/attendance-sheet"
    assert api.as_user(PIX_STAFF, "GET", path, headers=PDF).status_code == 404
    other = api.as_user(LECONTE_ADMIN, "GET", path, headers=PDF)
    assert other.status_code == 404 and other.json_body["code"] == "SESSION_NOT_FOUND"


@pytest.mark.parametrize("accept", ["application/json", ""])
def test_a_client_that_does_not_accept_pdf_gets_the_contracts_error(
    session_with_candidates: dict[str, Any], api: Api, accept: str
) -> None:
    answer = api.as_user(
        ANNE_FRANK_ADMIN,
        "GET",
        f"/sessions/{session_with_candidates['id']}/attendance-sheet",
        headers={"Accept": accept},
    )
    assert answer.status_code == 400
    assert answer.json_body["code"] == "PDF_NOT_ACCEPTED"


def test_a_session_without_candidates_prints_a_blank_sheet(demo: Settings, api: Api) -> None:
    session = api.as_user(
        ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", SESSION
    ).json_body
    answer = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session['id']}/attendance-sheet", headers=PDF
    )
    assert answer.status_code == 200
    assert "Nom de naissance" in text_of(answer.body)


def test_the_end_time_follows_the_largest_extra_time(
    session_with_candidates: dict[str, Any], api: Api
) -> None:
    session_id = session_with_candidates["id"]
    candidate = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/candidates"
    ).json_body["items"][0]
    api.as_user(
        ANNE_FRANK_ADMIN,
        "PATCH",
        f"/sessions/{session_id}/candidates/{candidate['id']}",
        {"extraTimePercentage": 33},
    )
    answer = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/sessions/{session_id}/attendance-sheet", headers=PDF
    )
    text = text_of(answer.body)
    assert "14:19" in text  # 12:00 + 105 min × 1.33
    assert "33 %" in text
