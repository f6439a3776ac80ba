"""Where a session sits in the 48-hour rule's sparse index (gsi2), for every adapter that
writes sessions: open sessions in partition `DUE` under the instant of their next check,
overdue ones in `OVERDUE` under their deadline, finalized ones out of the index."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.domain.compliance import next_check
from shared.domain.session import Session, SessionStatus

DUE = "DUE"
OVERDUE = "OVERDUE"


def instant(moment: datetime) -> str:
    # One fixed width, so that keys compare as instants.
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def index_keys(session: Session) -> dict[str, str] | None:
    """Where a session belongs in the index, or None (finalized: out of it)."""
    due = next_check(session)
    if due is not None:
        return {"gsi2pk": DUE, "gsi2sk": f"{instant(due.at)}#{session.id:012d}"}
    if session.status is SessionStatus.CREATED and session.finalization_overdue:
        return {
            "gsi2pk": OVERDUE,
            "gsi2sk": f"{instant(session.finalization_deadline)}#{session.id:012d}",
        }
    return None


def index_clauses(session: Session) -> tuple[list[str], list[str], dict[str, Any]]:
    """The SET and REMOVE parts (and values) of an update that files `session` in the index."""
    keys = index_keys(session)
    if keys is None:
        return [], ["gsi2pk", "gsi2sk"], {}
    return (
        ["gsi2pk = :gsi2pk", "gsi2sk = :gsi2sk"],
        [],
        {":gsi2pk": {"S": keys["gsi2pk"]}, ":gsi2sk": {"S": keys["gsi2sk"]}},
    )


def update_expression(sets: list[str], removes: list[str]) -> str:
    expression = "SET " + ", ".join(sets) if sets else ""
    if removes:
        expression += " REMOVE " + ", ".join(removes)
    return expression.strip()
