"""The table's keys are declared once (shared/adapters/dynamo/keys.py), and the data-model
document names every kind of item the adapters write."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime
from pathlib import Path

from shared.adapters.dynamo import keys
from shared.domain.attempts import AttemptKind
from shared.domain.results import CertificationResult, CertifiedPupil, ResultStatus

ROOT = Path(__file__).resolve().parents[2]
KEYS_MODULE = ROOT / "shared" / "adapters" / "dynamo" / "keys.py"
# Whatever talks to the table: the DynamoDB adapters, the CLI, the local stack, the bench.
KEY_BUILDERS = [
    path
    for folder in ("shared/adapters/dynamo", "devstack", "bench", "ops")
    for path in (ROOT / folder).rglob("*.py")
    if path != KEYS_MODULE
] + [ROOT / "shared" / "adapters" / "idempotency.py", ROOT / "shared" / "bootstrap.py"]
# `SESSION#`, `ACCESS_CODE#`… at the start of a string or of an f-string part.
KEY_PREFIX = re.compile(r"^[A-Z][A-Z_]*#")


def documented_entities() -> set[str]:
    """The first cell of every table row of docs/data-model.md."""
    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    return {line.split("|")[1].strip() for line in text.splitlines() if line.startswith("|")}


def test_every_entity_the_adapters_write_is_in_the_data_model() -> None:
    missing = [entity.value for entity in keys.Entity if entity.value not in documented_entities()]
    assert missing == []


def _strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module (f-string parts included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_key_is_built_outside_the_keys_module() -> None:
    fixed = {
        key.sk
        for key in (
            keys.session(1),
            keys.access_code("C"),
            keys.center("c"),
            keys.divisions("c"),
            keys.attempts(AttemptKind.JOIN, "1"),
            keys.session_counter(),
            keys.finalization(1),
            keys.finalization_draft(1),
            keys.attachment_count(1),
            keys.revocations(),
        )
    } | {keys.PROFILE_SK, keys.IDEMPOTENCY_PK, keys.DUE, keys.OVERDUE}
    fixed |= {entity.value for entity in keys.Entity}
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in KEY_BUILDERS
        for line, value in _strings(path)
        if KEY_PREFIX.match(value) or value in fixed
    ]
    assert offenders == []


def test_item_keys_read_as_the_data_model_says() -> None:
    assert keys.session(42).attributes() == {"pk": {"S": "SESSION#42"}, "sk": {"S": "SESSION"}}
    assert keys.membership("u1", "c-1").fields() == {
        "pk": "USER#u1",
        "sk": "MEMBERSHIP#c-1",
        "entity": "Membership",
    }
    assert keys.roster_in_order("c-1", "3E2").prefix == "STUDENT#000003e000002#"
    assert keys.roster_in_order("c-1").prefix == "STUDENT#"


def test_a_class_results_range_holds_no_other_class_whose_name_it_begins() -> None:
    """`3E1`'s file must not list `3E10`'s or `3E1 bis`'s pupils (begins_with on gsi1sk)."""

    def index_of(division: str) -> str:
        result = CertificationResult(
            session_id=7,
            candidate_id="c1",
            certification_number=1,
            status=ResultStatus.VALIDATED,
            pix_score=1,
            saved_at=datetime(2026, 12, 20, tzinfo=UTC),
            saved_by="staff",
            center_id="c-a",
            pupil=CertifiedPupil(
                last_name="X", first_name="Y", birthdate=date(2010, 1, 1), division=division
            ),
        )
        return keys.result_index(result)["gsi1sk"]

    prefix = keys.results_of_division("c-a", "3E1").prefix
    assert index_of("3E1").startswith(prefix)
    assert index_of(" 3e1 ").startswith(prefix)
    for other in ("3E10", "3E1 bis", "3E1#2", "3E1-A", "3E11"):
        assert not index_of(other).startswith(prefix), other
