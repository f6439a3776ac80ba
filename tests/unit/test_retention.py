"""The retention periods, as the code, the SAM template and the documentation all state them
(shared/domain/retention.py is the one place they are written)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared.domain.attachments import UPLOAD_PREFIX, VERIFIED_PREFIX
from shared.domain.retention import (
    LEFT_PUPIL_GRACE,
    UNJUDGED_UPLOAD_DAYS,
    VERIFIED_DOCUMENT_DAYS,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "template.json"


def resources() -> dict[str, Any]:
    resources: dict[str, Any] = json.loads(TEMPLATE.read_text(encoding="utf-8"))["Resources"]
    return resources


def expiration_by_prefix() -> dict[str, int]:
    bucket = resources()["FilesBucket"]["Properties"]
    rules = bucket["LifecycleConfiguration"]["Rules"]
    return {
        rule["Prefix"]: rule["ExpirationInDays"]
        for rule in rules
        if rule["Status"] == "Enabled" and "ExpirationInDays" in rule
    }


def doc(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def test_uploads_never_judged_expire_after_the_stated_period() -> None:
    assert expiration_by_prefix()[UPLOAD_PREFIX] == UNJUDGED_UPLOAD_DAYS


def test_verified_copies_expire_after_the_stated_period() -> None:
    assert expiration_by_prefix()[VERIFIED_PREFIX] == VERIFIED_DOCUMENT_DAYS


def test_the_files_bucket_keeps_no_old_version_an_expiry_would_leave_behind() -> None:
    # On a versioned bucket an expiration only adds a delete marker: the bytes would stay.
    assert "VersioningConfiguration" not in resources()["FilesBucket"]["Properties"]


def test_the_table_expires_items_on_their_expires_at_attribute() -> None:
    ttl = resources()["Table"]["Properties"]["TimeToLiveSpecification"]
    assert ttl == {"AttributeName": "expiresAt", "Enabled": True}


@pytest.mark.parametrize(
    ("page", "stated"),
    [
        ("data-protection.md", f"{UNJUDGED_UPLOAD_DAYS} days"),
        ("data-protection.md", f"{VERIFIED_DOCUMENT_DAYS} days"),
        ("data-protection.md", f"{LEFT_PUPIL_GRACE.days} days"),
        ("attachments.md", f"{UNJUDGED_UPLOAD_DAYS} days"),
        ("attachments.md", f"{VERIFIED_DOCUMENT_DAYS} days"),
        ("deployment.md", f"{VERIFIED_DOCUMENT_DAYS} days"),
        ("roster-import.md", f"{LEFT_PUPIL_GRACE.days} jours"),
    ],
)
def test_the_documentation_states_the_periods_of_the_code(page: str, stated: str) -> None:
    assert stated in doc(page)
