"""Results as Pix staff send them (JSON items or the lines of a CSV file, docs/results.md),
checked one by one: each good one becomes a `ResultEntry`, each bad one its line errors
(`{line, code, message}`, as the roster import reports them). Which candidate a number names
is the service's business (it knows the session's candidates)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from shared.domain.errors import RuleViolation
from shared.domain.limits import MAX_RESULT_LINES
from shared.domain.results import (
    COMPETENCE_CODES,
    MAX_LEVEL,
    MAX_PIX_SCORE,
    CompetenceLevel,
    ResultStatus,
)
from shared.domain.roster.model import RosterLineError
from shared.domain.roster.text import fold, french_number

# The roster import's line error: the same `{line, code, message}` in both answers.
LineError = RosterLineError

# Status words accepted, `fold`ed: the contract's codes and their French words.
STATUS_WORDS: dict[str, ResultStatus] = {
    "validated": ResultStatus.VALIDATED,
    "validee": ResultStatus.VALIDATED,
    "valide": ResultStatus.VALIDATED,
    "rejected": ResultStatus.REJECTED,
    "rejetee": ResultStatus.REJECTED,
    "rejete": ResultStatus.REJECTED,
    "cancelled": ResultStatus.CANCELLED,
    "annulee": ResultStatus.CANCELLED,
    "annule": ResultStatus.CANCELLED,
}
STATUS_HINT = "valeurs acceptées : VALIDATED, REJECTED, CANCELLED, Validée, Rejetée, Annulée"


class ResultEntry(BaseModel):
    """One result as sent, checked: a status, a score and either no level or all 16."""

    model_config = ConfigDict(frozen=True)

    line: int
    # How messages name it: "Ligne 4", "Résultat n° 2".
    where: str
    certification_number: int
    status: ResultStatus
    pix_score: int
    competences: tuple[CompetenceLevel, ...] = ()


class ParsedResults(BaseModel):
    model_config = ConfigDict(frozen=True)

    entries: list[ResultEntry]
    errors: list[LineError] = []


@dataclass(frozen=True)
class RawResult:
    """One result as found in the request: numbers already read as integers where they were
    integers (None where absent or not an integer: the `bad_*` flags tell which)."""

    line: int
    # How the messages name it: "Ligne 4", "Résultat n° 2".
    where: str
    certification_number: int | None
    status: str
    pix_score: int | None
    # (code, level) as sent, in order; a level None was blank; `bad_levels`: codes whose
    # level was not an integer.
    competences: Sequence[tuple[str, int | None]] = ()
    bad_number: bool = False
    bad_score: bool = False
    bad_levels: tuple[str, ...] = ()


class _Problems:
    def __init__(self, raw: RawResult) -> None:
        self._raw = raw
        self.errors: list[LineError] = []

    def add(self, code: str, problem: str) -> None:
        self.errors.append(
            LineError(line=self._raw.line, code=code, message=f"{self._raw.where} : {problem}")
        )


def check_result(raw: RawResult) -> ResultEntry | list[LineError]:
    """Every problem of the result at once, or the entry."""
    problems = _Problems(raw)
    number = raw.certification_number
    if number is None or number <= 0:
        problems.add(
            "INVALID_CERTIFICATION_NUMBER",
            "le numéro de certification est absent."
            if number is None and not raw.bad_number
            else "le numéro de certification doit être un nombre entier positif.",
        )
    status = STATUS_WORDS.get(fold(raw.status))
    if status is None:
        problems.add(
            "INVALID_STATUS",
            f"statut inconnu « {raw.status.strip()[:40]} » ({STATUS_HINT})."
            if raw.status.strip()
            else f"le statut est absent ({STATUS_HINT}).",
        )
    score = raw.pix_score
    if score is None or not 0 <= score <= MAX_PIX_SCORE:
        # Absent, not an integer (`bad_score`) or out of range: one message says what is wanted.
        problems.add(
            "INVALID_SCORE",
            f"le score Pix doit être un nombre entier de 0 à {french_number(MAX_PIX_SCORE)}.",
        )
    competences = _competences(problems, raw, status)
    if problems.errors or number is None or status is None or score is None:
        return problems.errors
    return ResultEntry(
        line=raw.line,
        where=raw.where,
        certification_number=number,
        status=status,
        pix_score=score,
        competences=competences,
    )


def _competences(
    problems: _Problems, raw: RawResult, status: ResultStatus | None
) -> tuple[CompetenceLevel, ...]:
    seen = Counter(code for code, _ in raw.competences)
    unknown = [code for code in seen if code not in COMPETENCE_CODES]
    if unknown:
        listed = ", ".join(f"« {code[:10]} »" for code in unknown[:5])
        problems.add(
            "UNKNOWN_COMPETENCE",
            f"compétence inconnue : {listed} (codes attendus : 1.1 à 5.2).",
        )
    repeated = [code for code, count in seen.items() if count > 1 and code in COMPETENCE_CODES]
    if repeated:
        problems.add(
            "DUPLICATE_COMPETENCE",
            f"la compétence {', '.join(repeated)} figure plusieurs fois.",
        )
    out_of_range = {
        code for code, level in raw.competences if level is not None and not 0 <= level <= MAX_LEVEL
    }
    bad = [code for code in COMPETENCE_CODES if code in out_of_range or code in raw.bad_levels]
    if bad:
        plural = "s" if len(bad) > 1 else ""
        problems.add(
            "INVALID_LEVEL",
            f"le niveau doit être un nombre entier de 0 à {MAX_LEVEL} "
            f"(compétence{plural} {', '.join(bad)}).",
        )
    given = {code: level for code, level in raw.competences if level is not None}
    if unknown or repeated or bad:
        return ()
    if not given and status is not ResultStatus.VALIDATED:
        return ()
    missing = [code for code in COMPETENCE_CODES if code not in given]
    if missing:
        problems.add(
            "MISSING_LEVELS",
            (
                "un résultat validé doit donner le niveau des 16 compétences"
                if status is ResultStatus.VALIDATED
                else "indiquez le niveau des 16 compétences, ou d'aucune"
            )
            + f" (manquant : {', '.join(missing)}).",
        )
        return ()
    return tuple(CompetenceLevel(code=code, level=given[code]) for code in COMPETENCE_CODES)


def check_all(raws: Sequence[RawResult], refer: Callable[[int], str]) -> ParsedResults:
    """Each result checked, then the certification numbers sent more than once refused on
    every line that sends them (which one is right is not ours to guess); `refer` names another
    line in a message ("ligne 3", "le résultat n° 3")."""
    entries: list[ResultEntry] = []
    errors: list[LineError] = []
    lines_of: dict[int, list[int]] = {}
    for raw in raws:
        if raw.certification_number is not None:
            lines_of.setdefault(raw.certification_number, []).append(raw.line)
    for raw in raws:
        outcome = check_result(raw)
        others = [
            line for line in lines_of.get(raw.certification_number or 0, []) if line != raw.line
        ]
        if others and raw.certification_number is not None:
            listed = ", ".join(refer(line) for line in others)
            dup = LineError(
                line=raw.line,
                code="DUPLICATE_CERTIFICATION_NUMBER",
                message=f"{raw.where} : le numéro de certification {raw.certification_number} "
                f"figure aussi {listed} ; aucune de ces lignes n'est enregistrée.",
            )
            outcome = (outcome if isinstance(outcome, list) else []) + [dup]
        if isinstance(outcome, ResultEntry):
            entries.append(outcome)
        else:
            errors.extend(outcome)
    return ParsedResults(entries=entries, errors=errors)


class CompetenceInput(BaseModel):
    """A competence's level as sent in JSON: any field may be missing until checked."""

    model_config = ConfigDict(frozen=True)

    code: str | None = None
    level: int | None = None


class ResultInput(BaseModel):
    """One result as sent in JSON (`{items: [...]}`), before any check."""

    model_config = ConfigDict(frozen=True)

    certification_number: int | None = None
    status: str | None = None
    pix_score: int | None = None
    competences: Sequence[CompetenceInput] | None = None


def check_items(items: Sequence[ResultInput]) -> ParsedResults:
    """The JSON items, `line` being the item's position (1 = the first)."""
    if not items:
        raise no_results()
    if len(items) > MAX_RESULT_LINES:
        raise too_many_results()
    raws = [
        RawResult(
            line=position,
            where=f"Résultat n° {position}",
            certification_number=item.certification_number,
            status=item.status or "",
            pix_score=item.pix_score,
            competences=[
                (competence.code or "", competence.level) for competence in item.competences or ()
            ],
        )
        for position, item in enumerate(items, start=1)
    ]
    return check_all(raws, lambda other: f"au résultat n° {other}")


def too_many_results() -> RuleViolation:
    return RuleViolation(
        "TOO_MANY_RESULTS",
        f"L'envoi contient plus de {french_number(MAX_RESULT_LINES)} résultats : "
        "envoyez-les en plusieurs fois.",
    )


def no_results() -> RuleViolation:
    return RuleViolation("EMPTY_RESULTS", "Aucun résultat n'a été envoyé.")


def invalid_results_file(message: str) -> RuleViolation:
    return RuleViolation("INVALID_RESULTS_FILE", message)
