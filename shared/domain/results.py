"""Certification results that Pix staff enter after a session is finalized: per candidate, a
status, a Pix score and a level for each of the 16 competences of the Pix framework; a
validated result carries a verification code that anyone can check once published."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from random import Random

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.session import Session, SessionStatus

MAX_PIX_SCORE = 1024
MAX_LEVEL = 8

# The 16 competences of the Pix framework (référentiel Pix, 5 domains), in order, with the
# French names printed on attestations.
COMPETENCES: tuple[tuple[str, str], ...] = (
    ("1.1", "Mener une recherche et une veille d'information"),
    ("1.2", "Gérer des données"),
    ("1.3", "Traiter des données"),
    ("2.1", "Interagir"),
    ("2.2", "Partager et publier"),
    ("2.3", "Collaborer"),
    ("2.4", "S'insérer dans le monde numérique"),
    ("3.1", "Développer des documents textuels"),
    ("3.2", "Développer des documents multimédia"),
    ("3.3", "Adapter les documents à leur finalité"),
    ("3.4", "Programmer"),
    ("4.1", "Sécuriser l'environnement numérique"),
    ("4.2", "Protéger les données personnelles et la vie privée"),
    ("4.3", "Protéger la santé, le bien-être et l'environnement"),
    ("5.1", "Résoudre des problèmes techniques"),
    ("5.2", "Construire un environnement numérique"),
)
COMPETENCE_CODES: tuple[str, ...] = tuple(code for code, _ in COMPETENCES)
COMPETENCE_NAMES: dict[str, str] = dict(COMPETENCES)

# Verification codes: `P-` and 8 characters from an alphabet without look-alikes (no 0/O,
# 1/I/L), read aloud or typed from paper. 31^8 ≈ 8.5e11 codes, drawn from the system's
# cryptographic generator: not guessable, and a collision is refused by the store.
VERIFICATION_PREFIX = "P-"
VERIFICATION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
VERIFICATION_LENGTH = 8

# How long the mark of a save in several groups holds the session unpublishable: far beyond
# the seconds such a save takes (a few transactions), short enough that the mark of a saver
# that crashed midway is soon forgotten.
RESULTS_SAVING_LEASE = timedelta(minutes=5)


class ResultStatus(StrEnum):
    VALIDATED = "VALIDATED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


# How the school's files and screens say each status (the class CSV, the attestations).
STATUS_LABELS: dict[ResultStatus, str] = {
    ResultStatus.VALIDATED: "Validée",
    ResultStatus.REJECTED: "Rejetée",
    ResultStatus.CANCELLED: "Annulée",
}


class CompetenceLevel(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    level: int

    @property
    def name(self) -> str:
        return COMPETENCE_NAMES[self.code]


class CertifiedPupil(BaseModel):
    """Who the result certifies, copied when the result is saved (from the candidate, a copy
    of the roster made at enrolment, and the pupil's INE from the roster): the school's class
    files and the public check read it without going back to a candidate or a roster that may
    have changed or been purged since."""

    model_config = ConfigDict(frozen=True)

    last_name: str
    first_name: str
    birthdate: date
    division: str
    national_student_id: str | None = None


class CertificationResult(BaseModel):
    """One candidate's result in one session. `verification_code` is set when the result is
    VALIDATED; it is public only once the session is published (PROCESSED)."""

    model_config = ConfigDict(frozen=True)

    session_id: int
    candidate_id: str
    certification_number: int
    status: ResultStatus
    pix_score: int
    competences: tuple[CompetenceLevel, ...] = ()
    verification_code: str | None = None
    saved_at: datetime
    saved_by: str
    # Where and whom: filled by every save (shared/services/results.py); None only on results
    # built without them (tests of other features).
    center_id: str | None = None
    session_date: date | None = None
    pupil: CertifiedPupil | None = None


class ResultChange(BaseModel):
    """One result to write, and the one it replaces (None for a first save): the store writes
    it only if the stored result is still `previous`, reserves its new verification code and
    frees the one it no longer has."""

    model_config = ConfigDict(frozen=True)

    result: CertificationResult
    previous: CertificationResult | None = None

    @property
    def new_code(self) -> str | None:
        code = self.result.verification_code
        old = self.previous.verification_code if self.previous else None
        return code if code is not None and code != old else None

    @property
    def dropped_code(self) -> str | None:
        old = self.previous.verification_code if self.previous else None
        return old if old is not None and old != self.result.verification_code else None


class SavingMark(BaseModel):
    """What one group of a save in several groups does to the session's "results being
    saved" mark. The first group takes it: `until` is the save's lease, and it is taken only if
    the session's mark is still the one the save read (`replaces`: none, an expired one, or
    this save's own from a try that failed midway), so two long saves never share a mark. The
    last group releases it (`release`) only if it is still this save's (`until`)."""

    model_config = ConfigDict(frozen=True)

    until: datetime
    replaces: datetime | None = None
    release: bool = False

    @property
    def expected(self) -> datetime | None:
        """The mark the session must hold for this group to be written (None: no mark)."""
        return self.until if self.release else self.replaces

    @property
    def left(self) -> datetime | None:
        """The mark this group leaves on the session (None: removed)."""
        return None if self.release else self.until


def saving_marks(
    groups: int, session: Session, now: datetime, ours: datetime | None = None
) -> list[SavingMark | None]:
    """Each group's mark, in order; `ours` is the mark this save set in a try that failed
    midway. A save of one group needs none (it is atomic), unless it is the retry of a save
    that had taken the mark: it then releases it. Another save's live mark refuses the save
    before anything is written."""
    seen = session.results_saving_until
    held = seen is not None and seen == ours
    if groups <= 1:
        if groups == 1 and ours is not None and held:
            return [SavingMark(until=ours, release=True)]
        return [None] * groups
    if not held and results_being_saved(session, now):
        raise errors.Conflict(
            "RESULTS_BEING_SAVED",
            "Un autre enregistrement des résultats de cette session est en cours : "
            "réessayez dans quelques minutes.",
        )
    until = now + RESULTS_SAVING_LEASE
    middle: list[SavingMark | None] = [None] * (groups - 2)
    return [
        SavingMark(until=until, replaces=seen),
        *middle,
        SavingMark(until=until, release=True),
    ]


def results_being_saved(session: Session, now: datetime) -> bool:
    """A save in several groups is under way (its mark has not expired)."""
    until = session.results_saving_until
    return until is not None and now < until


def ensure_results_can_be_entered(status: SessionStatus) -> None:
    """Results are entered between finalization and publication. Written as "CREATED and
    PROCESSED are refused, anything else is accepted": the statuses between the two (being
    processed by Pix staff) accept results."""
    if status is SessionStatus.CREATED:
        raise errors.Conflict(
            "SESSION_NOT_FINALIZED",
            "La session doit être finalisée avant la saisie de ses résultats.",
        )
    if status is SessionStatus.PROCESSED:
        raise errors.Conflict(
            "SESSION_ALREADY_PUBLISHED",
            "Les résultats de cette session sont publiés : ils ne peuvent plus être modifiés.",
        )


def is_published(session_status: SessionStatus) -> bool:
    """Whether the session's results are the school's: before publication they are Pix
    staff's work in progress, which the school may not read."""
    return session_status is SessionStatus.PROCESSED


def is_public(result: CertificationResult, session_status: SessionStatus) -> bool:
    """What anyone holding the code may see: a validated result of a published session."""
    return (
        result.status is ResultStatus.VALIDATED
        and result.verification_code is not None
        and is_published(session_status)
    )


def new_verification_code(rng: Random) -> str:
    return VERIFICATION_PREFIX + "".join(
        rng.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH)
    )


def is_verification_code(value: str) -> bool:
    """The shape of a code, checked before any read: anything else is simply not found."""
    body = value[len(VERIFICATION_PREFIX) :]
    return (
        value.startswith(VERIFICATION_PREFIX)
        and len(body) == VERIFICATION_LENGTH
        and all(char in VERIFICATION_ALPHABET for char in body)
    )
