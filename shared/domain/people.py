"""Centers, users and who may see what."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

PIX_ADMIN_GROUP = "pix-admin"


class CenterType(StrEnum):
    SCO = "SCO"


class Role(StrEnum):
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"


class Center(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    type: CenterType = CenterType.SCO
    timezone: str
    external_id: str


class UserProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    email: str
    first_name: str
    last_name: str


class Membership(BaseModel):
    """A user's role in a center; carries a snapshot of the center so that one read answers
    both "is this user a member" and "what is this center's name and timezone", and a
    snapshot of the member (address, names, since when) so that one Query lists the center's
    team (docs/team.md). Memberships written before the team screens have no member snapshot
    (`email` None) until `certif-admin backfill-memberships` writes it."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    role: Role
    center: Center
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    since: datetime | None = None

    @classmethod
    def of(cls, profile: UserProfile, center: Center, role: Role, since: datetime) -> Membership:
        return cls(
            user_id=profile.id,
            role=role,
            center=center,
            email=profile.email,
            first_name=profile.first_name,
            last_name=profile.last_name,
            since=since,
        )

    def with_profile(self, profile: UserProfile) -> Membership:
        """The same membership with the member's snapshot taken from `profile`."""
        return self.model_copy(
            update={
                "email": profile.email,
                "first_name": profile.first_name,
                "last_name": profile.last_name,
            }
        )


class Identity(BaseModel):
    """Who is calling, as proven by a verified ID token."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    email: str
    is_pix_admin: bool = False


class Invigilator(BaseModel):
    """Who calls with an invigilator token: the person in the exam room of one session."""

    model_config = ConfigDict(frozen=True)

    session_id: int


def normalize_email(email: str | None) -> str:
    """An address as accounts, memberships and invitations store it: trimmed, lower case."""
    return (email or "").strip().lower()


# Whoever may use the supervising routes of a session: a member of its center (their ID
# token) or its invigilator (the token of POST /invigilator/login).
Caller = Identity | Invigilator
