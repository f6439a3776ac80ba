"""In-memory collaborators for unit tests.

They keep the same promises as the DynamoDB adapters (conditional writes, access-code
reservations): tests/integration/test_repository_contract.py runs one suite against both."""

from __future__ import annotations

from shared.domain import errors
from shared.domain.people import Center, Membership, UserProfile
from shared.domain.session import Session, SessionStatus


class FakeCenters:
    def __init__(self) -> None:
        self.centers: dict[str, Center] = {}

    def get_center(self, center_id: str) -> Center | None:
        return self.centers.get(center_id)

    def put_center(self, center: Center) -> None:
        self.centers[center.id] = center


class FakeUsers:
    def __init__(self) -> None:
        self.profiles: dict[str, UserProfile] = {}
        self.memberships: dict[tuple[str, str], Membership] = {}

    def get_membership(self, user_id: str, center_id: str) -> Membership | None:
        return self.memberships.get((user_id, center_id))

    def get_user(self, user_id: str) -> tuple[UserProfile | None, list[Membership]]:
        mine = [m for (uid, _), m in self.memberships.items() if uid == user_id]
        return self.profiles.get(user_id), mine

    def put_profile(self, profile: UserProfile) -> None:
        self.profiles[profile.id] = profile

    def put_membership(self, membership: Membership) -> None:
        self.memberships[(membership.user_id, membership.center.id)] = membership


class FakeSessions:
    def __init__(self) -> None:
        self.sessions: dict[int, Session] = {}
        self.reserved_codes: dict[str, int] = {}
        self.counter = 0

    def next_session_id(self) -> int:
        self.counter += 1
        return self.counter

    def add(self, session: Session) -> None:
        if session.id in self.sessions:
            raise RuntimeError(f"session {session.id} exists")
        if session.access_code in self.reserved_codes:
            raise errors.AccessCodeTaken(session.access_code)
        self.sessions[session.id] = session
        if session.status is SessionStatus.CREATED:
            self.reserved_codes[session.access_code] = session.id

    def get(self, session_id: int) -> Session | None:
        return self.sessions.get(session_id)

    def save(self, session: Session, expected_version: int) -> None:
        stored = self.sessions.get(session.id)
        if stored is None or stored.version != expected_version:
            raise errors.version_mismatch()
        self.sessions[session.id] = session

    def delete(self, session: Session) -> None:
        stored = self.sessions.get(session.id)
        if stored is None or stored.version != session.version:
            raise errors.version_mismatch()
        del self.sessions[session.id]
        self.reserved_codes.pop(session.access_code, None)

    def list_for_center(self, center_id: str) -> list[Session]:
        return [s for s in self.sessions.values() if s.center_id == center_id]
