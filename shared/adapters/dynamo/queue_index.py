"""Where a finalized session sits in the processing queues (docs/processing.md), for every
adapter that writes sessions: in gsi2's partition `QUEUE#<status>` and gsi3's
`QUEUE#<status>#ACTION|NO_ACTION`, under its finalization instant and number; and the
transaction item that keeps the queues' counters right when it moves."""

from __future__ import annotations

from typing import Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.transactions import Write, unconditioned
from shared.domain.session import AFTER_FINALIZATION, Session


def queue_keys(session: Session) -> dict[str, str] | None:
    """Its place in the queues, or None (open: not in them)."""
    if session.status not in AFTER_FINALIZATION or session.finalized_at is None:
        return None
    return keys.queue_index(
        session.status.value, session.requires_action, session.finalized_at, session.id
    )


def counted_in(session: Session | None) -> str | None:
    """The counter a session counts in (`FINALIZED#ACTION`…), or None."""
    if session is None or queue_keys(session) is None:
        return None
    return keys.queue_name(session.status.value, session.requires_action)


def count_move(table: str, before: Session | None, after: Session | None) -> list[Write]:
    """The counters' update for a session that moves from queue to queue (none if it stays).
    Unconditioned: it rides in the transaction whose session write carries the condition."""
    leaves, enters = counted_in(before), counted_in(after)
    if leaves == enters:
        return []
    session = after or before
    assert session is not None
    parts: list[str] = []
    names: dict[str, str] = {}
    values: dict[str, Any] = {}
    for label, queue, step in (("leaves", leaves, "-1"), ("enters", enters, "1")):
        if queue is None:
            continue
        parts.append(f"#{label} :{label}")
        names[f"#{label}"] = queue
        values[f":{label}"] = {"N": step}
    return [
        unconditioned(
            {
                "Update": {
                    "TableName": table,
                    "Key": keys.queue_count_of(session.id).attributes(),
                    "UpdateExpression": "ADD " + ", ".join(parts),
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": values,
                }
            }
        )
    ]
