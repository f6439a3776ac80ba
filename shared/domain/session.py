"""A certification session and the rules on its details and its life cycle."""

from __future__ import annotations

import hmac
import re
from datetime import date, datetime, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.audit import Audit
from shared.domain.deadline import finalization_deadline, local_today
from shared.domain.errors import FieldError
from shared.domain.people import Center

MAX_TEXT_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 350


class SessionStatus(StrEnum):
    CREATED = "CREATED"
    FINALIZED = "FINALIZED"
    # Taken by a Pix staff member (docs/processing.md); the school still sees FINALIZED.
    IN_PROCESS = "IN_PROCESS"
    PROCESSED = "PROCESSED"


# Finalized, waiting for Pix or handed back: the statuses of the processing queues.
AFTER_FINALIZATION = frozenset(
    {SessionStatus.FINALIZED, SessionStatus.IN_PROCESS, SessionStatus.PROCESSED}
)


def status_seen_by_school(status: SessionStatus) -> SessionStatus:
    """What a center's members see: Pix's work in progress is none of theirs, a session
    being processed still reads "Finalisée". The one place this mapping lives."""
    return SessionStatus.FINALIZED if status is SessionStatus.IN_PROCESS else status


class SessionFilter(StrEnum):
    """The list's `status` filter: the stored statuses plus two derived views."""

    CREATED = "CREATED"
    TO_FINALIZE = "TO_FINALIZE"
    FINALIZED = "FINALIZED"
    PROCESSED = "PROCESSED"
    OVERDUE = "OVERDUE"


class SessionInput(BaseModel):
    """The create / edit form as sent: any field may be missing or blank until validated."""

    model_config = ConfigDict(frozen=True)

    address: str | None = None
    room: str | None = None
    date: str | None = None
    time: str | None = None
    examiner: str | None = None
    description: str | None = None

    @classmethod
    def of(cls, details: SessionDetails) -> SessionInput:
        return cls(
            address=details.address,
            room=details.room,
            date=details.date.isoformat(),
            time=details.time.strftime("%H:%M"),
            examiner=details.examiner,
            description=details.description,
        )

    def over(self, current: SessionDetails) -> SessionInput:
        """An edit: the fields sent replace the current ones, the others stay."""
        sent = self.model_dump(include=self.model_fields_set)
        return SessionInput.of(current).model_copy(update=sent)


class SessionDetails(BaseModel):
    """What the school staff type in the create/edit form, validated."""

    model_config = ConfigDict(frozen=True)

    address: str
    room: str
    date: date
    time: time
    examiner: str
    description: str = ""


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    center_id: str
    center_name: str
    center_timezone: str
    address: str
    room: str
    date: date
    time: time
    examiner: str
    description: str
    access_code: str
    supervisor_password: str
    status: SessionStatus = SessionStatus.CREATED
    version: int = 1
    # The pupils enrolled (their roster ids): one read tells "is this pupil enrolled" for a
    # whole roster page, and the count.
    enrolled_student_ids: frozenset[str] = frozenset()
    started_count: int = 0
    # When the first pupil entered: the entry window closes 24 hours later.
    first_started_at: datetime | None = None
    max_extra_time_percentage: int = 0
    finalization_deadline: datetime
    finalization_overdue: bool = False
    # The 24-hour reminder has been dealt with (sent, or skipped: nobody had joined).
    reminder_sent: bool = False
    finalized_at: datetime | None = None
    published_at: datetime | None = None
    created_at: datetime
    created_by: str
    # Processing by Pix staff (docs/processing.md): who took the session (user id and name as
    # shown), the jury's comment, and whether it needs a look (`requires_action`, kept up to
    # date by every write that can change it: the queue's index is keyed on it).
    assigned_to: str | None = None
    assigned_to_name: str | None = None
    jury_comment: str = ""
    requires_action: bool = False
    # A save of results in several groups is under way until then (docs/results.md): the
    # session is not published meanwhile. Past that instant the mark is a crashed saver's.
    results_saving_until: datetime | None = None

    @property
    def details(self) -> SessionDetails:
        return SessionDetails(
            address=self.address,
            room=self.room,
            date=self.date,
            time=self.time,
            examiner=self.examiner,
            description=self.description,
        )

    @property
    def has_started(self) -> bool:
        return self.started_count > 0

    @property
    def candidates_count(self) -> int:
        return len(self.enrolled_student_ids)

    def accepts_access_code(self, code: str) -> bool:
        return hmac.compare_digest(self.access_code.encode(), code.encode())

    def accepts_supervisor_password(self, typed: str) -> bool:
        """As printed in the kit; typed with any case and surrounding spaces."""
        return hmac.compare_digest(
            self.supervisor_password.upper().encode(), typed.strip().upper().encode()
        )

    def ensure_not_finalized(self) -> None:
        if self.status is not SessionStatus.CREATED:
            raise errors.session_already_finalized()

    @property
    def school_status(self) -> SessionStatus:
        return status_seen_by_school(self.status)

    def matches(self, wanted: SessionFilter) -> bool:
        """The school's list filter: judged on the status the school sees."""
        if wanted is SessionFilter.TO_FINALIZE:
            return self.status is SessionStatus.CREATED and self.has_started
        if wanted is SessionFilter.OVERDUE:
            return self.status is SessionStatus.CREATED and self.finalization_overdue
        return self.school_status.value == wanted.value

    def ensure_editable(self) -> None:
        """Deleting stops as soon as one pupil has joined, and after finalization; so does
        editing, but for the observations (`ensure_editable_to`)."""
        if self.status is not SessionStatus.CREATED:
            raise errors.session_already_finalized()
        if self.has_started:
            raise errors.session_already_started()

    def ensure_editable_to(self, form: SessionInput) -> None:
        """The guide: observations « peuvent être complétées jusqu'à la finalisation ». Once a
        pupil joined, only `description` may change; a field sent as it is (spaces aside) is
        no change. Judged before validation, so a locked field answers 409 whatever it holds."""
        self.ensure_not_finalized()
        if not self.has_started:
            return
        current = SessionInput.of(self.details)
        locked = (name for name in SESSION_FIELDS if name not in UNLOCKED_AFTER_START)
        if any(_clean(getattr(form, name)) != getattr(current, name) for name in locked):
            raise errors.session_already_started()

    def with_largest_extra_time(self, percentage: int) -> Session:
        """The theoretical end, hence the deadline, stretches with the largest extra time."""
        return self._with_deadline(
            finalization_deadline(self.date, self.time, self.center_timezone, percentage),
            max_extra_time_percentage=percentage,
            version=self.version + 1,
        )

    def _with_deadline(self, deadline: datetime, **changes: object) -> Session:
        """A new deadline never takes back a notice already sent (docs/compliance.md): an
        overdue session stays overdue, and a reminder is sent once per session. Only a
        reminder that was skipped (nobody had joined, so none went out) is judged again."""
        skipped = not self.has_started and not self.finalization_overdue
        if deadline != self.finalization_deadline and skipped:
            changes |= {"reminder_sent": False}
        return self.model_copy(update={"finalization_deadline": deadline, **changes})

    def with_details(self, details: SessionDetails) -> Session:
        return self._with_deadline(
            finalization_deadline(
                details.date, details.time, self.center_timezone, self.max_extra_time_percentage
            ),
            **details.model_dump(),
            version=self.version + 1,
        )


def sort_newest_first(sessions: list[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (s.date, s.time, s.id), reverse=True)


# --- validation of the create / edit form ---------------------------------------------------

# ASCII digits only: `\d` also matches "٢", which `fromisoformat` then refuses (a 500).
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
# Sessions are planned for this school year or the next; further is a typo (and 9999-12-31
# would overflow the deadline's arithmetic).
MAX_DAYS_AHEAD = 2 * 366

_REQUIRED_TEXT: dict[str, tuple[str, str]] = {
    # field: (message when missing, message when too long)
    "address": (
        "Veuillez indiquer un nom de site.",
        f"Le nom du site ne doit pas dépasser {MAX_TEXT_LENGTH} caractères.",
    ),
    "room": (
        "Veuillez indiquer un nom de salle.",
        f"Le nom de la salle ne doit pas dépasser {MAX_TEXT_LENGTH} caractères.",
    ),
    "examiner": (
        "Veuillez indiquer le nom et prénom du ou des surveillants.",
        f"Le nom du ou des surveillants ne doit pas dépasser {MAX_TEXT_LENGTH} caractères.",
    ),
}
SESSION_FIELDS = ("address", "room", "date", "time", "examiner", "description")
# What may still change once a pupil joined (the guide's « observations »).
UNLOCKED_AFTER_START = frozenset({"description"})


def _clean(value: str | None) -> str:
    return (value or "").strip()


def validate_session_details(form: SessionInput) -> SessionDetails:
    """Trim every field and check the contract's rules; report every faulty field at once."""
    problems: list[FieldError] = []
    values = {name: _clean(getattr(form, name)) for name in SESSION_FIELDS}

    for name, (missing, too_long) in _REQUIRED_TEXT.items():
        if not values[name]:
            problems.append(FieldError(name, "REQUIRED", missing))
        elif len(values[name]) > MAX_TEXT_LENGTH:
            problems.append(FieldError(name, "TOO_LONG", too_long))

    parsed_date = _parse_date(values["date"], problems)
    parsed_time = _parse_time(values["time"], problems)

    if len(values["description"]) > MAX_DESCRIPTION_LENGTH:
        problems.append(
            FieldError(
                "description",
                "TOO_LONG",
                f"Les observations ne doivent pas dépasser {MAX_DESCRIPTION_LENGTH} caractères.",
            )
        )
    if problems or parsed_date is None or parsed_time is None:
        raise errors.validation_failed(problems)
    return SessionDetails(
        address=values["address"],
        room=values["room"],
        date=parsed_date,
        time=parsed_time,
        examiner=values["examiner"],
        description=values["description"],
    )


def _parse_date(value: str, problems: list[FieldError]) -> date | None:
    if not value:
        problems.append(FieldError("date", "REQUIRED", "Veuillez indiquer une date de début."))
        return None
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        problems.append(
            FieldError("date", "INVALID", "Veuillez indiquer une date de début valide.")
        )
        return None


def _parse_time(value: str, problems: list[FieldError]) -> time | None:
    if not value:
        problems.append(FieldError("time", "REQUIRED", "Veuillez indiquer une heure de début."))
        return None
    if not _TIME.match(value):
        problems.append(
            FieldError("time", "INVALID", "Veuillez indiquer une heure de début valide.")
        )
        return None
    return time.fromisoformat(value)


def ensure_not_in_the_past(day: date, now: datetime, timezone: str) -> None:
    """Judged in the center's timezone: 23:30 in Paris is already tomorrow in La Réunion.
    Not more than two years ahead either."""
    today = local_today(now, timezone)
    if day < today:
        raise errors.RuleViolation(
            "SESSION_IN_THE_PAST", "Une session ne peut pas être programmée dans le passé."
        )
    if (day - today).days > MAX_DAYS_AHEAD:
        raise errors.RuleViolation(
            "SESSION_TOO_FAR_AHEAD",
            "Une session ne peut pas être programmée plus de deux ans à l'avance.",
            [FieldError("date", "TOO_FAR_AHEAD", "Veuillez indiquer une date dans les deux ans.")],
        )


class SessionCodes(BaseModel):
    """What the pupils and the invigilator type to get in."""

    model_config = ConfigDict(frozen=True)

    access_code: str
    supervisor_password: str


def new_session(
    session_id: int, center: Center, details: SessionDetails, codes: SessionCodes, created: Audit
) -> Session:
    return Session(
        id=session_id,
        center_id=center.id,
        center_name=center.name,
        center_timezone=center.timezone,
        **details.model_dump(),
        **codes.model_dump(),
        finalization_deadline=finalization_deadline(details.date, details.time, center.timezone),
        created_at=created.at,
        created_by=created.actor.id,
    )


def parse_session_id(raw: str) -> int:
    """A session number in a path; anything else is a session that does not exist."""
    if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 12 and int(raw) > 0:
        return int(raw)
    raise errors.session_not_found()
