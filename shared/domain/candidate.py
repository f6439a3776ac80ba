"""A pupil enrolled in a session, from enrolment to the end of their test."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from shared.domain import errors
from shared.domain.deadline import test_duration
from shared.domain.errors import FieldError
from shared.domain.roster.model import Pupil
from shared.domain.student import Student, identity_key
from shared.domain.text import sort_key

MAX_CANDIDATES_PER_REQUEST = 500
MAX_EXTRA_TIME_PERCENTAGE = 99
_CANDIDATE_NAMESPACE = uuid.UUID("6f0b7f2c-6d1f-4f59-9b7e-0c3d2a1e5b40")


class CandidateStatus(StrEnum):
    ENROLLED = "ENROLLED"
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"
    ENDED_BY_SUPERVISOR = "ENDED_BY_SUPERVISOR"


class Candidate(Pupil):
    """A pupil enrolled in a session, with a copy of their roster data as on enrolment day."""

    id: str
    session_id: int
    student_id: str
    extra_time_percentage: int = 0
    status: CandidateStatus = CandidateStatus.ENROLLED
    certification_number: int | None = None
    enrolled_at: datetime
    joined_at: datetime | None = None
    completed_at: datetime | None = None
    # Exam day, what the invigilator decided: presence confirmed (needed to enter), a resume
    # allowed (used up by the next entry), the test ended and why.
    authorized_to_start: bool = False
    resume_authorized: bool = False
    resumes: int = 0
    ended_at: datetime | None = None
    end_reason: str | None = None

    @property
    def join_key(self) -> str:
        return identity_key(self.last_name, self.first_name, self.birthdate)

    @property
    def has_joined(self) -> bool:
        return self.status is not CandidateStatus.ENROLLED

    @property
    def has_finished(self) -> bool:
        return self.status in {CandidateStatus.COMPLETED, CandidateStatus.ENDED_BY_SUPERVISOR}

    @property
    def theoretical_end_at(self) -> datetime | None:
        """Started + 105 minutes stretched by the candidate's own extra time."""
        if self.joined_at is None:
            return None
        return self.joined_at + test_duration(self.extra_time_percentage)

    def ensure_removable(self) -> None:
        if self.has_joined:
            raise errors.Conflict(
                "CANDIDATE_ALREADY_JOINED",
                "Ce candidat a déjà rejoint la session. Vous ne pouvez pas le supprimer.",
            )


def candidate_id(session_id: int, student_id: str) -> str:
    """The same pupil in the same session always has the same candidate id, so that two admins
    enrolling them at once write one candidate, not two."""
    return str(uuid.uuid5(_CANDIDATE_NAMESPACE, f"{session_id}:{student_id}"))


def enroll(student: Student, session_id: int, now: datetime) -> Candidate:
    """Copy what the attendance sheet needs from the roster, as it is on enrolment day."""
    return Candidate(
        id=candidate_id(session_id, student.id),
        session_id=session_id,
        student_id=student.id,
        **student.model_dump(include=set(Pupil.model_fields)),
        enrolled_at=now,
    )


def sort_by_name(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(
        candidates, key=lambda c: (sort_key(c.last_name), sort_key(c.first_name), c.birthdate, c.id)
    )


def validate_student_ids(values: list[str] | None) -> list[str]:
    """1 to 500 ids; repeated ids count once."""
    ids = list(dict.fromkeys(v.strip() for v in values or [] if v.strip()))
    if not ids:
        raise errors.validation_failed(
            [FieldError("student_ids", "REQUIRED", "Veuillez sélectionner au moins un élève.")]
        )
    if len(ids) > MAX_CANDIDATES_PER_REQUEST:
        raise errors.validation_failed(
            [
                FieldError(
                    "student_ids",
                    "TOO_MANY",
                    f"Vous ne pouvez pas ajouter plus de {MAX_CANDIDATES_PER_REQUEST} "
                    "candidats à la fois.",
                )
            ]
        )
    return ids


def unknown_students(missing: list[str]) -> errors.RuleViolation:
    return errors.RuleViolation(
        "UNKNOWN_STUDENT",
        "Certains élèves sélectionnés sont introuvables dans votre établissement : "
        "aucun candidat n'a été ajouté.",
        [FieldError("student_ids", "UNKNOWN_STUDENT", f"Élève inconnu : {m}") for m in missing],
    )


def validate_extra_time(value: int | None) -> int:
    if value is None or not 0 <= value <= MAX_EXTRA_TIME_PERCENTAGE:
        raise errors.validation_failed(
            [
                FieldError(
                    "extra_time_percentage",
                    "INVALID",
                    "Le temps majoré doit être un nombre entier "
                    f"de 0 à {MAX_EXTRA_TIME_PERCENTAGE} (en %).",
                )
            ]
        )
    return value


def largest_extra_time(extra_times: Mapping[str, int]) -> int:
    return max(extra_times.values(), default=0)


def candidate_not_found() -> errors.NotFound:
    return errors.NotFound("CANDIDATE_NOT_FOUND", "Ce candidat est introuvable.")
