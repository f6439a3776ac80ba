"""The center's team: roles, the rule that a center always keeps an administrator, and the
invitations that bring new members in (docs/team.md)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime, timedelta
from enum import StrEnum
from random import Random
from typing import ClassVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.errors import FieldError
from shared.domain.limits import MAX_EMAIL_LENGTH, MAX_INVITATION_EMAILS
from shared.domain.people import Center, Membership, Role, normalize_email
from shared.domain.session import MAX_TEXT_LENGTH
from shared.domain.text import sort_key
from shared.domain.validation import require_text

# An invitation's link works for 7 days; resending it starts 7 new days.
INVITATION_VALIDITY = timedelta(days=7)
# Then the invitation is kept a while, so that an old link still says what became of it
# (expired, used, cancelled) rather than "not found"; DynamoDB's TTL forgets it after that.
INVITATION_KEPT = timedelta(days=30)
# 192 random bits: unguessable, and short enough for a link (32 characters, URL-safe).
INVITATION_CODE_BYTES = 24
# Where the web front end accepts an invitation (the contract's address).
JOIN_PATH = "/rejoindre"

ROLE_LABELS = {Role.ADMIN: "administrateur", Role.MEMBER: "membre"}

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

# A pragmatic address check: what mail servers and Cognito accept in practice, ASCII only.
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL})+")


# --- errors ----------------------------------------------------------------------------------


def admin_role_required() -> errors.Forbidden:
    return errors.Forbidden(
        "ADMIN_ROLE_REQUIRED", "Seul un administrateur du centre peut faire cela."
    )


def last_admin() -> errors.Conflict:
    return errors.Conflict("LAST_ADMIN", "Le centre doit garder au moins un administrateur.")


def team_changed() -> errors.Conflict:
    return errors.Conflict(
        "TEAM_CHANGED",
        "L'équipe du centre a été modifiée entre-temps. Rechargez la page puis recommencez.",
    )


def member_not_found() -> errors.NotFound:
    return errors.NotFound("MEMBER_NOT_FOUND", "Ce membre de l'équipe est introuvable.")


def invitation_not_found() -> errors.NotFound:
    return errors.NotFound(
        "INVITATION_NOT_FOUND",
        "Cette invitation est introuvable. Vérifiez que vous avez ouvert le lien du dernier "
        "e-mail d'invitation reçu.",
    )


def invitation_expired() -> errors.Gone:
    return errors.Gone(
        "INVITATION_EXPIRED",
        "Cette invitation a expiré. Demandez à un administrateur du centre de vous en "
        "envoyer une nouvelle.",
    )


def invitation_cancelled() -> errors.Gone:
    return errors.Gone(
        "INVITATION_CANCELLED",
        "Cette invitation a été annulée par un administrateur du centre.",
    )


def invitation_already_used() -> errors.Conflict:
    return errors.Conflict(
        "INVITATION_ALREADY_USED",
        "Cette invitation a déjà été utilisée. Connectez-vous avec votre compte.",
    )


def invitation_email_mismatch() -> errors.Forbidden:
    return errors.Forbidden(
        "INVITATION_EMAIL_MISMATCH",
        "Cette invitation a été envoyée à une autre adresse e-mail que celle de votre compte. "
        "Connectez-vous avec le compte de l'adresse invitée.",
    )


def account_already_exists() -> errors.Conflict:
    return errors.Conflict(
        "ACCOUNT_ALREADY_EXISTS",
        "Un compte existe déjà pour cette adresse e-mail : connectez-vous d'abord, puis "
        "ouvrez à nouveau le lien de l'invitation.",
    )


def already_member() -> errors.Conflict:
    return errors.Conflict("ALREADY_MEMBER", "Vous êtes déjà membre de ce centre.")


# --- roles -----------------------------------------------------------------------------------


class RoleInput(BaseModel):
    """PATCH /centers/{id}/members/{userId}."""

    model_config = ConfigDict(frozen=True)

    role: str | None = None


def parse_role(raw: str | None, field: str = "role") -> Role:
    if not (raw or "").strip():
        raise errors.validation_failed(
            [FieldError(field, "REQUIRED", "Veuillez choisir un rôle : ADMIN ou MEMBER.")]
        )
    try:
        return Role((raw or "").strip())
    except ValueError:
        raise errors.validation_failed(
            [FieldError(field, "INVALID", "Le rôle doit être ADMIN ou MEMBER.")]
        ) from None


def sort_members(members: list[Membership]) -> list[Membership]:
    """By last name, then first name, as French readers expect (accents and case ignored)."""
    return sorted(
        members,
        key=lambda m: (
            sort_key(m.last_name or ""),
            sort_key(m.first_name or ""),
            m.email or "",
            m.user_id,
        ),
    )


def other_admins(members: list[Membership], user_id: str) -> list[Membership]:
    """The administrators who would remain if `user_id` stopped being one."""
    return [m for m in members if m.role is Role.ADMIN and m.user_id != user_id]


# --- invitations -----------------------------------------------------------------------------


class InvitationInput(BaseModel):
    """POST /centers/{id}/invitations."""

    model_config = ConfigDict(frozen=True)

    emails: list[str] | None = None
    role: str | None = None


class AcceptInput(BaseModel):
    """POST /invitations/{id}/accept: the code, and for a new account the person's names and
    chosen password (with an ID token, only the code is needed)."""

    model_config = ConfigDict(frozen=True)

    code: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    password: str | None = None

    # What a new account needs (`validation.TextForm`).
    REQUIRED: ClassVar[dict[str, str]] = {
        "first_name": "Veuillez indiquer votre prénom.",
        "last_name": "Veuillez indiquer votre nom.",
        "password": "Veuillez choisir un mot de passe.",
    }
    TOO_LONG: ClassVar[dict[str, str]] = {
        "first_name": f"Le prénom ne doit pas dépasser {MAX_TEXT_LENGTH} caractères.",
        "last_name": f"Le nom ne doit pas dépasser {MAX_TEXT_LENGTH} caractères.",
    }

    def check_names(self) -> None:
        """Names given are kept (Cognito's attributes, the profile, the team's snapshot): at
        most MAX_TEXT_LENGTH characters each once trimmed, all faults at once."""
        too_long = [
            FieldError(name, "TOO_LONG", message)
            for name, message in self.TOO_LONG.items()
            if len((getattr(self, name) or "").strip()) > MAX_TEXT_LENGTH
        ]
        if too_long:
            raise errors.validation_failed(too_long)

    def require_new_account(self) -> None:
        """Without an account, the names and a password are needed (all faults at once)."""
        require_text(self)


class InvitationStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    CANCELLED = "CANCELLED"


class Invitation(BaseModel):
    """An invitation to join a center with a role. Its secret code is never stored: only its
    SHA-256 (`code_hash`); the code travels in the e-mail's link only."""

    model_config = ConfigDict(frozen=True)

    id: str
    center: Center
    email: str
    role: Role
    status: InvitationStatus = InvitationStatus.PENDING
    created_at: datetime
    expires_at: datetime
    code_hash: str
    invited_by: str
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    cancelled_at: datetime | None = None

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def is_pending(self, now: datetime) -> bool:
        """Still waiting for its invitee: neither used, cancelled nor expired."""
        return self.status is InvitationStatus.PENDING and not self.is_expired(now)

    def has_code(self, code: str | None) -> bool:
        return code_matches(code, self.code_hash)

    def ensure_usable(self, now: datetime) -> None:
        """What the link's owner is told, once the code matched."""
        if self.status is InvitationStatus.ACCEPTED:
            raise invitation_already_used()
        if self.status is InvitationStatus.CANCELLED:
            raise invitation_cancelled()
        if self.is_expired(now):
            raise invitation_expired()

    def renewed(self, code_hash: str, role: Role, now: datetime) -> Invitation:
        """Sent again: a new code (the old link stops working), 7 new days."""
        return self.model_copy(
            update={"code_hash": code_hash, "role": role, "expires_at": now + INVITATION_VALIDITY}
        )

    def accepted(self, user_id: str, now: datetime) -> Invitation:
        return self.model_copy(
            update={"status": InvitationStatus.ACCEPTED, "accepted_at": now, "accepted_by": user_id}
        )

    def cancelled(self, now: datetime) -> Invitation:
        return self.model_copy(update={"status": InvitationStatus.CANCELLED, "cancelled_at": now})

    def forgotten_after(self) -> datetime:
        """When the store may forget it (its TTL): some time after it stopped being pending."""
        ended = self.accepted_at or self.cancelled_at or self.expires_at
        return min(ended, self.expires_at) + INVITATION_KEPT


class Invitee(BaseModel):
    """Who is invited, and as what."""

    model_config = ConfigDict(frozen=True)

    email: str
    role: Role


def new_invitation(
    invitation_id: str, inviter: Membership, invitee: Invitee, code: str, now: datetime
) -> Invitation:
    """A pending invitation to the inviter's center for 7 days; only the code's hash is kept."""
    return Invitation(
        id=invitation_id,
        center=inviter.center,
        email=invitee.email,
        role=invitee.role,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
        code_hash=hash_code(code),
        invited_by=inviter.user_id,
    )


def new_code(rng: Random) -> str:
    """A random code of INVITATION_CODE_BYTES bytes, URL-safe (`deps.rng`: SystemRandom in
    production)."""
    raw = rng.getrandbits(INVITATION_CODE_BYTES * 8).to_bytes(INVITATION_CODE_BYTES, "big")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()


# Compared with when there is no invitation of that id: the same work, the same answer time.
UNKNOWN_CODE_HASH = hash_code("no invitation has this code")


def code_matches(code: str | None, stored_hash: str) -> bool:
    """Compared in constant time: the answer's timing says nothing about the stored hash."""
    return hmac.compare_digest(hash_code(code or ""), stored_hash) and bool(code)


def invitation_link(web_address: str, invitation_id: str, code: str) -> str:
    """The e-mail's link; the id (a UUID) and the code (base64url) need no escaping."""
    base = web_address.rstrip("/")
    return f"{base}{JOIN_PATH}?invitation={invitation_id}&code={code}"


def french_moment(moment: datetime, timezone: str) -> str:
    """ "8 décembre 2026 à 10 h 00" in the center's timezone (the e-mails' dates)."""
    local = moment.astimezone(ZoneInfo(timezone))
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {_MONTHS[local.month - 1]} {local.year} à {local.hour} h {local.minute:02d}"


def invitation_addresses(form: InvitationInput) -> tuple[list[str], Role]:
    """The addresses to invite (normalized, each once, in the order given) and the role; every
    faulty address is named in the error's details."""
    problems: list[FieldError] = []
    raw = form.emails or []
    if not raw:
        problems.append(
            FieldError("emails", "REQUIRED", "Veuillez indiquer au moins une adresse e-mail.")
        )
    elif len(raw) > MAX_INVITATION_EMAILS:
        problems.append(
            FieldError(
                "emails",
                "TOO_MANY",
                f"Vous pouvez inviter {MAX_INVITATION_EMAILS} adresses au plus à la fois.",
            )
        )
    addresses: list[str] = []
    if len(raw) <= MAX_INVITATION_EMAILS:
        for index, value in enumerate(raw):
            email = normalize_email(value)
            if not is_email(email):
                shown = value.strip()[:MAX_EMAIL_LENGTH] or "(vide)"
                problems.append(
                    FieldError(
                        f"emails[{index}]",
                        "INVALID_EMAIL",
                        f"Adresse e-mail invalide : {shown}",
                    )
                )
            elif email not in addresses:
                addresses.append(email)
    role: Role | None = None
    try:
        role = parse_role(form.role)
    except errors.RuleViolation as refused:
        problems.extend(refused.details)
    if problems or role is None:
        raise errors.RuleViolation(
            "VALIDATION_ERROR",
            "Certaines adresses e-mail ou le rôle ne sont pas valides.",
            problems,
        )
    return addresses, role


def is_email(value: str) -> bool:
    return len(value) <= MAX_EMAIL_LENGTH and _EMAIL.fullmatch(value) is not None
