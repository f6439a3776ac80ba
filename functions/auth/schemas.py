from __future__ import annotations

from shared.domain.auth import (
    ForgotPasswordInput,
    LoginInput,
    NewPasswordInput,
    RefreshInput,
    ResetPasswordInput,
    Tokens,
)
from shared.domain.people import Membership, UserProfile
from shared.web.schemas import RequestBody, ResponseBody


class LoginBody(RequestBody, LoginInput):
    pass


class NewPasswordBody(RequestBody, NewPasswordInput):
    pass


class RefreshBody(RequestBody, RefreshInput):
    pass


class ForgotPasswordBody(RequestBody, ForgotPasswordInput):
    pass


class ResetPasswordBody(RequestBody, ResetPasswordInput):
    pass


class MessageOut(ResponseBody):
    message: str


class TokensOut(ResponseBody):
    id_token: str
    access_token: str
    refresh_token: str
    expires_in: int

    @classmethod
    def of(cls, tokens: Tokens) -> TokensOut:
        return cls(**tokens.model_dump())


class UserOut(ResponseBody):
    id: str
    email: str
    first_name: str
    last_name: str


class MembershipOut(ResponseBody):
    center_id: str
    center_name: str
    center_type: str
    role: str


class MeOut(ResponseBody):
    user: UserOut
    memberships: list[MembershipOut]
    is_pix_admin: bool

    @classmethod
    def of(cls, profile: UserProfile, memberships: list[Membership], is_pix_admin: bool) -> MeOut:
        return cls(
            user=UserOut(**profile.model_dump()),
            memberships=[
                MembershipOut(
                    center_id=m.center.id,
                    center_name=m.center.name,
                    center_type=m.center.type.value,
                    role=m.role.value,
                )
                for m in memberships
            ],
            is_pix_admin=is_pix_admin,
        )
