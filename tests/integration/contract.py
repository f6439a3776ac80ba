"""What the contract suites (`test_*_contract.py`) share: each runs one suite against the
in-memory fakes of tests/fakes.py and against the DynamoDB/S3 adapters on moto, through a
`stores` fixture that hands the test a bundle typed with the ports — so the suite is checked
against `shared.services.ports`, never against a concrete class.

The sessions written here are the stores' own business: the fakes' `FakeSessions` and the
adapters' table, so that a port's conditions ("while the session is open") see them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from shared.domain import errors
from shared.domain.audit import Actor, Audit, AuditAction
from shared.domain.people import Center
from shared.domain.session import (
    Session,
    SessionCodes,
    SessionDetails,
    SessionStatus,
    new_session,
)
from shared.services.ports import SessionRepository
from shared.settings import Settings
from tests.fakes import an_event

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CENTER = Center(id="c-1", name="Collège Anne Frank", timezone="Europe/Paris", external_id="")
# The `stores` fixtures' parameters: the fakes, then the adapters on moto.
BACKENDS = ["fake", "dynamodb"]


def stack_of(request: pytest.FixtureRequest) -> Settings | None:
    """None for the fakes ("fake"); for the adapters, the fresh stack on moto (`stack`)."""
    if request.param == "fake":
        return None
    stack: Settings = request.getfixturevalue("stack")
    return stack


def a_session(
    session_id: int,
    *,
    code: str = "BCDF23",
    day: date = date(2026, 12, 14),
    at: time = time(12, 0),
) -> Session:
    """An open session of CENTER, nobody enrolled (deadline: 48 h after its theoretical end)."""
    return new_session(
        session_id,
        CENTER,
        SessionDetails(address="A", room="Salle 208", date=day, time=at, examiner="P. Eluard"),
        SessionCodes(access_code=code, supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("tests"), at=NOW),
    )


def open_session(
    sessions: SessionRepository,
    *,
    code: str = "BCDF23",
    day: date = date(2026, 12, 14),
    at: time = time(12, 0),
) -> Session:
    """A new open session, stored."""
    session = a_session(sessions.next_session_id(), code=code, day=day, at=at)
    sessions.add(session, an_event(session.id, AuditAction.SESSION_CREATED))
    return session


def stored(sessions: SessionRepository, session_id: int) -> Session:
    found = sessions.get(session_id)
    assert found is not None, f"session {session_id} is not stored"
    return found


def close(sessions: SessionRepository, session: Session) -> Session:
    """The session as finalized by another path (a version-checked save), so that writes
    conditioned on its being open are refused."""
    current = stored(sessions, session.id)
    closed = current.model_copy(
        update={
            "status": SessionStatus.FINALIZED,
            "finalized_at": NOW,
            "version": current.version + 1,
        }
    )
    sessions.save(closed, current.version, an_event(session.id))
    return closed


def code_is_taken(sessions: SessionRepository, code: str) -> bool:
    """Whether a new session with this access code is refused (if not, it is now stored)."""
    newcomer = a_session(sessions.next_session_id(), code=code)
    try:
        sessions.add(newcomer, an_event(newcomer.id, AuditAction.SESSION_CREATED))
    except errors.AccessCodeTaken:
        return True
    return False
