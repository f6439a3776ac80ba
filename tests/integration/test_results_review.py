"""Results seen by an attacker and a careful user: ids of other sessions, malformed input,
state races, and the pupils' data rules (erasure, export) around published results."""

from __future__ import annotations

from typing import Any

import pytest

from functions import wiring
from tests.integration.conftest import ANNE_FRANK_ADMIN, PIX_STAFF, Api
from tests.integration.test_finalization_api import started
from tests.integration.test_results_api import (
    CSV_HEADER,
    check,
    finalized,
    publish,
    save,
    stored,
    validated,
)

__all__ = ["finalized", "started"]  # the fixtures, imported for this module's tests


def _zoe_published(finalized: dict[str, Any], api: Api) -> str:
    sid, zoe = finalized["id"], finalized["numbers"]["Zoé"]
    lucas = {"certificationNumber": finalized["numbers"]["Lucas"], "status": "REJECTED"}
    assert save(api, sid, {"items": [validated(zoe), {**lucas, "pixScore": 0}]}).status_code == 200
    publish(api, sid)
    code = stored(sid)[zoe].verification_code
    assert code is not None
    return code


def test_unpublishing_twice_is_refused_and_hides_the_certificate(
    finalized: dict[str, Any], api: Api
) -> None:
    code = _zoe_published(finalized, api)
    sid = finalized["id"]
    assert check(api, code).status_code == 200
    first = api.as_user(PIX_STAFF, "POST", f"/admin/sessions/{sid}/unpublish")
    assert first.status_code == 200, first.body
    again = api.as_user(PIX_STAFF, "POST", f"/admin/sessions/{sid}/unpublish")
    assert again.status_code == 409, again.body
    assert check(api, code).status_code == 404


def test_a_result_changed_to_rejected_loses_its_certificate(
    finalized: dict[str, Any], api: Api
) -> None:
    code = _zoe_published(finalized, api)
    sid, zoe = finalized["id"], finalized["numbers"]["Zoé"]
    api.as_user(PIX_STAFF, "POST", f"/admin/sessions/{sid}/unpublish")
    rejected = {"certificationNumber": zoe, "status": "REJECTED", "pixScore": 10}
    assert save(api, sid, {"items": [rejected]}).status_code == 200
    publish(api, sid)
    assert check(api, code).status_code == 404


@pytest.mark.parametrize("sid", ["1e3", "-1", "0", "99999999999999999999999"])
def test_odd_session_ids_are_a_clean_404_or_400(
    finalized: dict[str, Any], api: Api, sid: str
) -> None:
    answer = save(api, sid, {"items": [validated(1)]})  # type: ignore[arg-type]
    assert answer.status_code in (400, 404), answer.body
    assert answer.json_body["code"] in ("SESSION_NOT_FOUND", "INVALID_PARAMETER"), answer.body


def test_a_jury_comment_of_501_characters_is_refused(finalized: dict[str, Any], api: Api) -> None:
    sid = finalized["id"]
    api.as_user(PIX_STAFF, "POST", f"/admin/sessions/{sid}/assign")
    answer = api.as_user(
        PIX_STAFF, "PUT", f"/admin/sessions/{sid}/jury-comment", {"comment": "x" * 501}
    )
    assert answer.status_code in (400, 422), answer.body


@pytest.mark.parametrize(
    "body",
    [
        (CSV_HEADER + ";x" * 10_000 + "\n1;VALIDATED;1" + ";1" * 16).encode(),
        (CSV_HEADER + "\n1;VALIDATED;" + "9" * 1_000_000).encode(),
        (CSV_HEADER + "\n1;VALID\x00ATED;1" + ";1" * 16).encode(),
        (CSV_HEADER + "\n\ufeff1;VALIDATED;1" + ";1" * 16).encode(),
    ],
)
def test_malformed_results_files_are_clean_answers(
    finalized: dict[str, Any], api: Api, body: bytes
) -> None:
    answer = save(api, finalized["id"], raw=body, headers={"Content-Type": "text/csv"})
    assert answer.status_code in (200, 413, 422), answer.body
    assert "code" in answer.json_body or "errors" in answer.json_body
    assert stored(finalized["id"]) == {}


def _export(api: Api, student_id: str) -> dict[str, Any]:
    answer = api.as_user(
        ANNE_FRANK_ADMIN, "GET", f"/centers/c-anne-frank/students/{student_id}/export"
    )
    assert answer.status_code == 200, answer.body
    body: dict[str, Any] = answer.json_body
    return body


def _zoe_id(sid: int) -> str:
    candidates = wiring.deps().candidates.list_for_session(sid)
    return next(c.student_id for c in candidates if c.first_name == "Zoé")


def test_the_export_lists_the_pupils_published_result_and_its_copy_of_them(
    finalized: dict[str, Any], api: Api
) -> None:
    sid = finalized["id"]
    code = _zoe_published(finalized, api)

    [candidacy] = _export(api, _zoe_id(sid))["candidacies"]

    result = candidacy["result"]
    assert result["verificationCode"] == code and result["status"] == "VALIDATED"
    assert result["pixScore"] == 512 and len(result["competences"]) == 16
    assert result["pupil"]["firstName"] == "Zoé" and result["pupil"]["division"] == "3E1"


def test_the_export_leaves_out_a_result_not_published(finalized: dict[str, Any], api: Api) -> None:
    sid = finalized["id"]
    _zoe_published(finalized, api)
    assert api.as_user(PIX_STAFF, "POST", f"/admin/sessions/{sid}/unpublish").status_code == 200

    [candidacy] = _export(api, _zoe_id(sid))["candidacies"]

    assert candidacy["result"] is None


def test_erasing_a_pupil_keeps_their_published_result_and_certificate(
    finalized: dict[str, Any], api: Api
) -> None:
    """The rule chosen (docs/data-protection.md): a result is part of the certification's
    official record, like the candidate's copy; erasure removes the school's roster entry only,
    and the certificate the pupil holds still proves their certification."""
    sid = finalized["id"]
    code = _zoe_published(finalized, api)
    zoe = _zoe_id(sid)

    erased = api.as_user(ANNE_FRANK_ADMIN, "DELETE", f"/centers/c-anne-frank/students/{zoe}")

    assert erased.status_code == 204, erased.body
    assert check(api, code).status_code == 200
    gone = api.as_user(ANNE_FRANK_ADMIN, "GET", f"/centers/c-anne-frank/students/{zoe}/export")
    assert gone.status_code == 404


def test_staff_cannot_resolve_a_report_of_a_session_still_open(
    started: dict[str, Any], api: Api
) -> None:
    sid, lucas = started["session"]["id"], started["candidates"]["Lucas"]
    report = api.as_user(
        ANNE_FRANK_ADMIN,
        "POST",
        f"/sessions/{sid}/candidates/{lucas}/issue-reports",
        {"category": "TECHNICAL_PROBLEM", "description": "Écran noir."},
    )
    assert report.status_code == 201, report.body
    patch = api.as_user(
        PIX_STAFF,
        "PATCH",
        f"/admin/issue-reports/{report.json_body['id']}",
        {"resolution": "Vu."},
    )
    assert patch.status_code == 409, patch.body
    school = api.as_user(
        ANNE_FRANK_ADMIN,
        "PATCH",
        f"/admin/issue-reports/{report.json_body['id']}",
        {"resolution": "Vu."},
    )
    assert school.status_code == 403, school.body
    [stored_report] = wiring.deps().issue_reports.list_for_session(sid)
    assert stored_report.resolution is None
