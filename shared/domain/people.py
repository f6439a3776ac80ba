"""Centers, users and who may see what."""

from __future__ import annotations

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
    both "is this user a member" and "what is this center's name and timezone"."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    role: Role
    center: Center


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


# Whoever may use the supervising routes of a session: a member of its center (their ID
# token) or its invigilator (the token of POST /invigilator/login).
Caller = Identity | Invigilator
