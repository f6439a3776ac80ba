"""Where a session sits in the 48-hour rule's sparse index (gsi2), for every adapter that
writes sessions: open sessions in partition `DUE` under the instant of their next check,
overdue ones in `OVERDUE` under their deadline, finalized ones out of the index."""

from __future__ import annotations

from typing import Any

from shared.adapters.dynamo import keys
from shared.domain.compliance import next_check
from shared.domain.session import Session, SessionStatus


def index_keys(session: Session) -> dict[str, str] | None:
    """Where a session belongs in the index, or None (finalized: out of it)."""
    due = next_check(session)
    if due is not None:
        return keys.deadline_index(keys.DUE, due.at, session.id)
    if session.status is SessionStatus.CREATED and session.finalization_overdue:
        return keys.deadline_index(keys.OVERDUE, session.finalization_deadline, session.id)
    return None


def index_clauses(session: Session) -> tuple[list[str], list[str], dict[str, Any]]:
    """The SET and REMOVE parts (and values) of an update that files `session` in the index."""
    found = index_keys(session)
    if found is None:
        return [], ["gsi2pk", "gsi2sk"], {}
    return (
        ["gsi2pk = :gsi2pk", "gsi2sk = :gsi2sk"],
        [],
        {":gsi2pk": {"S": found["gsi2pk"]}, ":gsi2sk": {"S": found["gsi2sk"]}},
    )


def update_expression(sets: list[str], removes: list[str]) -> str:
    expression = "SET " + ", ".join(sets) if sets else ""
    if removes:
        expression += " REMOVE " + ", ".join(removes)
    return expression.strip()
