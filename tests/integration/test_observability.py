"""One JSON log line and one EMF metric per request, correlated with the API request id,
without personal data."""

from __future__ import annotations

import json
import logging

import pytest

from shared.observability import logger
from shared.settings import Settings
from tests.integration.conftest import ANNE_FRANK_ADMIN, Api

FORM = {
    "address": "Collège Anne Frank",
    "room": "Salle 208",
    "date": "2026-12-14",
    "time": "12:00",
    "examiner": "Zoé Lecœur",
}


def test_a_request_logs_one_line_with_its_correlation_id_and_no_personal_data(
    demo: Settings, api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    api.login(ANNE_FRANK_ADMIN)
    with caplog.at_level(logging.INFO, logger="certif-sco"):
        answer = api.as_user(ANNE_FRANK_ADMIN, "POST", "/centers/c-anne-frank/sessions", FORM)
    assert answer.status_code == 201
    handled = [
        r
        for r in caplog.records
        if r.getMessage() == "request handled" and r.__dict__.get("operation") == "CreateSession"
    ]
    assert len(handled) == 1
    record = handled[0]
    assert record.__dict__.get("status") == 201
    line = json.loads(logger.registered_formatter.format(record))
    assert line["correlation_id"] == answer.headers["X-Request-Id"]
    assert (line["level"], line["service"]) == ("INFO", "certif-sco")
    everything = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for personal in ("Lecœur", ANNE_FRANK_ADMIN, answer.json_body["accessCode"]):
        assert personal not in everything


def test_each_request_emits_its_operation_metric(
    demo: Settings, api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    token = api.login(ANNE_FRANK_ADMIN)
    capsys.readouterr()
    api.request("GET", "/centers/c-anne-frank", token=token)
    api.request("GET", "/sessions/424242", token=token)
    emf = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    names = [
        m["Name"] for doc in emf for d in doc["_aws"]["CloudWatchMetrics"] for m in d["Metrics"]
    ]
    assert names == ["GetCenter", "GetSession"]
    assert [doc["statusCode"] for doc in emf] == [200, 404]
    assert all(doc["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "CertifSco" for doc in emf)
