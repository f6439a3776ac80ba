"""Finalizing a session: issue reports, the draft saved along the way, and the rules checked
when the session is validated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.domain import errors
from shared.domain.candidate import Candidate, CandidateStatus
from shared.domain.errors import FieldError
from shared.domain.issue_reports import CATEGORY_RULES, IssueCategory, is_impactful, subcategories
from shared.domain.session import Session, SessionStatus

MAX_COMMENT_LENGTH = 500
MAX_REPORT_DESCRIPTION_LENGTH = 500
QUESTION_NUMBERS = range(1, 501)


class AbortReason(StrEnum):
    CANDIDATE = "CANDIDATE"
    TECHNICAL = "TECHNICAL"


class IssueReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    session_id: int
    candidate_id: str
    category: IssueCategory
    subcategory: str | None = None
    description: str | None = None
    question_number: int | None = None
    created_at: datetime
    created_by: str
    # Pix staff's answer to an impactful report (docs/processing.md).
    resolution: str | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @property
    def is_impactful(self) -> bool:
        return is_impactful(self.category, self.subcategory)

    @property
    def awaits_resolution(self) -> bool:
        return self.is_impactful and self.resolved_at is None


class IssueReportInput(BaseModel):
    """An issue report as sent."""

    model_config = ConfigDict(frozen=True)

    category: str | None = None
    subcategory: str | None = None
    description: str | None = None
    question_number: int | None = None


class IssueReportForm(BaseModel):
    model_config = ConfigDict(frozen=True)

    category: IssueCategory
    subcategory: str | None
    description: str | None
    question_number: int | None


def validate_issue_report(form: IssueReportInput) -> IssueReportForm:
    """The contract's table: which fields each category requires, and the limits."""
    problems: list[FieldError] = []
    category = _category(form.category, problems)
    subcategory = (form.subcategory or "").strip() or None
    description = (form.description or "").strip() or None
    question = form.question_number
    if category is None:
        raise errors.validation_failed(problems)

    rule = CATEGORY_RULES[category]
    if rule.requires_subcategory:
        if subcategory is None:
            problems.append(
                FieldError("subcategory", "REQUIRED", "Veuillez préciser le type de signalement.")
            )
        elif subcategory not in subcategories(category):
            problems.append(
                FieldError(
                    "subcategory",
                    "INVALID",
                    "Ce type de signalement n'existe pas pour cette catégorie.",
                )
            )
    elif subcategory is not None:
        problems.append(
            FieldError(
                "subcategory",
                "NOT_ALLOWED",
                "Cette catégorie de signalement n'a pas de sous-catégorie.",
            )
        )

    needs_description = rule.requires_description or subcategory in rule.description_required_for
    if description is None and needs_description:
        problems.append(FieldError("description", "REQUIRED", "Veuillez décrire le signalement."))
    elif description is not None and len(description) > MAX_REPORT_DESCRIPTION_LENGTH:
        problems.append(
            FieldError(
                "description",
                "TOO_LONG",
                f"La description ne doit pas dépasser {MAX_REPORT_DESCRIPTION_LENGTH} caractères.",
            )
        )

    if rule.requires_question_number:
        if question is None:
            problems.append(
                FieldError(
                    "question_number", "REQUIRED", "Veuillez indiquer le numéro de la question."
                )
            )
        elif question not in QUESTION_NUMBERS:
            problems.append(
                FieldError(
                    "question_number",
                    "INVALID",
                    "Le numéro de question doit être compris entre "
                    f"{QUESTION_NUMBERS.start} et {QUESTION_NUMBERS.stop - 1}.",
                )
            )
    elif question is not None:
        problems.append(
            FieldError(
                "question_number",
                "NOT_ALLOWED",
                "Seul un problème sur une question porte un numéro de question.",
            )
        )
    if problems:
        raise errors.validation_failed(problems)
    return IssueReportForm(
        category=category,
        subcategory=subcategory,
        description=description,
        question_number=question,
    )


def _category(value: str | None, problems: list[FieldError]) -> IssueCategory | None:
    if not value:
        problems.append(
            FieldError("category", "REQUIRED", "Veuillez choisir une catégorie de signalement.")
        )
        return None
    try:
        return IssueCategory(value)
    except ValueError:
        problems.append(
            FieldError("category", "INVALID", "Cette catégorie de signalement n'existe pas.")
        )
        return None


def candidate_not_joined() -> errors.RuleViolation:
    return errors.RuleViolation(
        "CANDIDATE_NOT_JOINED",
        "Seuls les candidats qui ont rejoint la session peuvent faire l'objet d'un signalement.",
    )


def issue_report_not_found() -> errors.NotFound:
    return errors.NotFound("ISSUE_REPORT_NOT_FOUND", "Ce signalement est introuvable.")


# --- the draft and the final submission -----------------------------------------------------


class CandidateFinalization(BaseModel):
    model_config = ConfigDict(frozen=True)

    has_seen_end_test_screen: bool = False
    abort_reason: AbortReason | None = None


class CandidateFinalizationInput(BaseModel):
    """One candidate's row of step 1, as sent."""

    model_config = ConfigDict(frozen=True)

    candidate_id: str | None = None
    has_seen_end_test_screen: bool | None = None
    abort_reason: str | None = None


class FinalizationInput(BaseModel):
    """The draft ("Sauvegarder") and the submission ("Valider"), as sent: the same shape."""

    model_config = ConfigDict(frozen=True)

    examiner_global_comment: str | None = None
    has_incident: bool | None = None
    has_joining_issue: bool | None = None
    candidates: Sequence[CandidateFinalizationInput] | None = None


class FinalizationDraft(BaseModel):
    """What "Sauvegarder" keeps: the three steps as filled in so far."""

    model_config = ConfigDict(frozen=True)

    session_id: int
    examiner_global_comment: str = ""
    has_incident: bool = False
    has_joining_issue: bool = False
    candidates: dict[str, CandidateFinalization] = {}


class Finalization(FinalizationDraft):
    finalized_at: datetime
    finalized_by: str


def finalization_form(
    session_id: int, form: FinalizationInput, joined: list[Candidate]
) -> FinalizationDraft:
    """Read a draft or a submission: only joined candidates, known abort reasons, the comment's
    limit. Used by "Sauvegarder" and by "Valider" alike."""
    problems: list[FieldError] = []
    comment = (form.examiner_global_comment or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise errors.RuleViolation(
            "COMMENT_TOO_LONG",
            f"Le commentaire global ne doit pas dépasser {MAX_COMMENT_LENGTH} caractères.",
            [
                FieldError(
                    "examiner_global_comment",
                    "TOO_LONG",
                    f"{MAX_COMMENT_LENGTH} caractères au plus.",
                )
            ],
        )
    known = {c.id for c in joined}
    entries: dict[str, CandidateFinalization] = {}
    for index, entry in enumerate(form.candidates or []):
        candidate_id = entry.candidate_id
        if candidate_id is None or candidate_id not in known:
            problems.append(
                FieldError(
                    f"candidates[{index}].candidate_id",
                    "UNKNOWN_CANDIDATE",
                    "Ce candidat n'a pas rejoint la session.",
                )
            )
            continue
        reason = entry.abort_reason
        if reason is not None and reason not in AbortReason.__members__:
            problems.append(
                FieldError(
                    f"candidates[{index}].abort_reason",
                    "INVALID",
                    "La raison de l'abandon est CANDIDATE ou TECHNICAL.",
                )
            )
            continue
        entries[candidate_id] = CandidateFinalization(
            has_seen_end_test_screen=bool(entry.has_seen_end_test_screen),
            abort_reason=AbortReason(reason) if reason else None,
        )
    if problems:
        raise errors.validation_failed(problems)
    return FinalizationDraft(
        session_id=session_id,
        examiner_global_comment=comment,
        has_incident=bool(form.has_incident),
        has_joining_issue=bool(form.has_joining_issue),
        candidates=entries,
    )


def check_finalization(session: Session, joined: list[Candidate], draft: FinalizationDraft) -> None:
    """The contract's rules for "Valider"."""
    if session.status is not SessionStatus.CREATED:
        raise errors.session_already_finalized()
    if not joined:
        raise errors.RuleViolation(
            "SESSION_NOT_STARTED",
            "Aucun candidat n'a rejoint la session : elle ne peut pas être finalisée.",
        )
    missing: list[FieldError] = []
    misplaced: list[FieldError] = []
    for candidate in joined:
        entry = draft.candidates.get(candidate.id, CandidateFinalization())
        name = f"{candidate.first_name} {candidate.last_name}"
        # Ended by the invigilator counts as finished: a reason may be given, none is needed.
        if candidate.status is CandidateStatus.STARTED and entry.abort_reason is None:
            missing.append(
                FieldError(
                    f"candidates.{candidate.id}.abort_reason",
                    "ABORT_REASON_REQUIRED",
                    f"{name} n'a pas terminé son test : indiquez la raison de l'abandon.",
                )
            )
        if candidate.status is CandidateStatus.COMPLETED and entry.abort_reason is not None:
            misplaced.append(
                FieldError(
                    f"candidates.{candidate.id}.abort_reason",
                    "ABORT_REASON_ON_COMPLETED",
                    f"{name} a terminé son test : il ne peut pas y avoir de raison d'abandon.",
                )
            )
    if missing:
        raise errors.RuleViolation(
            "ABORT_REASON_REQUIRED",
            "Indiquez la raison de l'abandon de chaque candidat qui n'a pas terminé son test.",
            missing,
        )
    if misplaced:
        raise errors.RuleViolation(
            "ABORT_REASON_ON_COMPLETED",
            "Un candidat qui a terminé son test ne peut pas avoir de raison d'abandon.",
            misplaced,
        )
    if draft.has_incident and not draft.examiner_global_comment:
        # The draft may keep the box ticked with nothing written yet; "Valider" may not.
        raise errors.RuleViolation(
            "COMMENT_REQUIRED",
            "Vous avez signalé un incident : décrivez-le dans le commentaire global.",
            [
                FieldError(
                    "examiner_global_comment",
                    "REQUIRED",
                    "Décrivez l'incident survenu pendant la session.",
                )
            ],
        )


def joined_candidates(candidates: list[Candidate]) -> list[Candidate]:
    return [c for c in candidates if c.has_joined]


def not_finalized() -> errors.Conflict:
    return errors.Conflict(
        "SESSION_NOT_FINALIZED",
        "La session doit être finalisée avant que ses résultats soient transmis.",
    )


def mark_finalized(session: Session, now: datetime, *, requires_action: bool = False) -> Session:
    """`requires_action` as judged by shared/domain/processing.py (`requires_action`)."""
    return session.model_copy(
        update={
            "status": SessionStatus.FINALIZED,
            "finalized_at": now,
            "requires_action": requires_action,
            "version": session.version + 1,
        }
    )


def mark_processed(session: Session, now: datetime) -> Session:
    """Published: from FINALIZED or IN_PROCESS (the rules are in shared/domain/processing.py,
    `ensure_publishable`)."""
    if session.status not in (SessionStatus.FINALIZED, SessionStatus.IN_PROCESS):
        raise not_finalized()
    return session.model_copy(
        update={
            "status": SessionStatus.PROCESSED,
            "published_at": now,
            "version": session.version + 1,
            # An expired mark (a saver that crashed): nothing is being saved any more.
            "results_saving_until": None,
        }
    )
