"""What the services need from the outside world. Adapters and test fakes both fit these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from shared.domain.auth import Tokens
from shared.domain.people import Center, Membership, UserProfile
from shared.domain.session import Session

Clock = Callable[[], datetime]


class CenterRepository(Protocol):
    def get_center(self, center_id: str) -> Center | None: ...

    def put_center(self, center: Center) -> None: ...


class UserRepository(Protocol):
    def get_membership(self, user_id: str, center_id: str) -> Membership | None: ...

    def get_user(self, user_id: str) -> tuple[UserProfile | None, list[Membership]]:
        """The profile and every membership of a user, in one read."""
        ...

    def put_profile(self, profile: UserProfile) -> None: ...

    def put_membership(self, membership: Membership) -> None: ...


class SessionRepository(Protocol):
    def next_session_id(self) -> int: ...

    def add(self, session: Session) -> None:
        """Store a new session and reserve its access code; `AccessCodeTaken` if it is not free."""
        ...

    def get(self, session_id: int) -> Session | None: ...

    def save(self, session: Session, expected_version: int) -> None:
        """Replace a session if its stored version is still `expected_version`."""
        ...

    def delete(self, session: Session) -> None:
        """Remove a session and free its access code, if its version has not moved."""
        ...

    def list_for_center(self, center_id: str) -> list[Session]: ...


class IdentityProvider(Protocol):
    def login(self, email: str, password: str) -> Tokens: ...

    def complete_new_password(self, email: str, session: str, new_password: str) -> Tokens: ...

    def refresh(self, refresh_token: str) -> Tokens: ...

    def forgot_password(self, email: str) -> None: ...

    def reset_password(self, email: str, code: str, new_password: str) -> None: ...

    def create_user(
        self, email: str, first_name: str, last_name: str, temporary_password: str
    ) -> str:
        """Create a user who must choose a password at first login; return their id (sub)."""
        ...

    def find_user_id(self, email: str) -> str | None: ...

    def add_to_group(self, email: str, group: str) -> None: ...
