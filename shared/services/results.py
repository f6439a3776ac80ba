"""Results after finalization: Pix staff enter them (JSON or a CSV file); once the session is
published the school downloads its classes' results (CSV) and attestations (PDF), and anyone
holding a verification code checks it (docs/results.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.domain import errors
from shared.domain.attestation import attestation_book
from shared.domain.audit import Audit, AuditAction, AuditEvent
from shared.domain.candidate import Candidate
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.limits import MAX_DIVISION_LENGTH, RESULTS_PER_WRITE
from shared.domain.people import Identity
from shared.domain.results import (
    CertificationResult,
    CertifiedPupil,
    ResultChange,
    ResultStatus,
    SavingMark,
    ensure_results_can_be_entered,
    is_public,
    is_verification_code,
    new_verification_code,
    saving_marks,
)
from shared.domain.results_csv import parse_results_csv
from shared.domain.results_entry import (
    LineError,
    ParsedResults,
    ResultEntry,
    ResultInput,
    check_items,
)
from shared.domain.results_export import (
    class_results_csv,
    class_results_file_name,
    division_required,
    no_results_for_division,
)
from shared.domain.session import Session
from shared.services.access import require_membership
from shared.services.dependencies import Dependencies
from shared.services.processing import staff_audit, staff_member
from shared.services.retry import retrying

# A new verification code taken already (31⁸ codes: practically never twice in a row).
CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class ResultsUpload:
    """The request's results: a CSV file's bytes, or the JSON items."""

    csv: bytes | None = None
    items: Sequence[ResultInput] = ()

    def parse(self) -> ParsedResults:
        return parse_results_csv(self.csv) if self.csv is not None else check_items(self.items)

    @property
    def source(self) -> str:
        return "CSV" if self.csv is not None else "JSON"


@dataclass(frozen=True)
class SaveReport:
    saved: int
    errors: list[LineError]


@dataclass(frozen=True)
class PublicCertificate:
    result: CertificationResult
    session: Session


def save_results(
    deps: Dependencies, identity: Identity, session_id: int, upload: ResultsUpload
) -> SaveReport:
    """The good lines are saved, the others come back as line errors. The results are written
    RESULTS_PER_WRITE at a time, each group atomically with its audit event (see
    docs/results.md: a larger request that fails midway keeps its first groups, each whole)."""
    staff = staff_member(deps, identity)
    session = _session_accepting_results(deps, session_id)
    parsed = upload.parse()

    # The mark this save set, once its first group is written: a retry after a lost race
    # midway takes it over rather than refusing itself as "another save".
    ours: datetime | None = None

    def attempt() -> SaveReport:
        nonlocal ours
        accepted, refused = _match_candidates(deps, session, parsed.entries)
        changes = _changes(deps, identity, session, accepted)
        audit = staff_audit(deps, identity, staff)
        groups = [
            changes[start : start + RESULTS_PER_WRITE]
            for start in range(0, len(changes), RESULTS_PER_WRITE)
        ]
        # Several groups: the session is marked "being saved" from the first to the last, so
        # that it is not published with some of the new results and some of the old.
        marks = saving_marks(len(groups), session, audit.at, ours)
        for group, mark in zip(groups, marks, strict=True):
            _write(deps, session.id, group, _event(audit, session, group, upload), mark)
            if mark is not None:
                ours = mark.left
        line_errors = sorted([*parsed.errors, *refused], key=lambda e: e.line)
        return SaveReport(saved=len(changes), errors=line_errors)

    def on_conflict(conflict: WriteConflict, last: bool) -> None:
        nonlocal session
        # Read again whatever lost: the status may have moved, and so may the mark.
        session = _session_accepting_results(deps, session_id)
        if last:
            raise errors.Conflict(
                "RESULTS_CHANGED",
                "Les résultats de la session ont été modifiés entre-temps : rechargez la page "
                "puis recommencez.",
            ) from conflict

    return retrying(attempt, on_conflict)


def _session_accepting_results(deps: Dependencies, session_id: int) -> Session:
    session = deps.sessions.get(session_id)
    if session is None:
        raise errors.session_not_found()
    ensure_results_can_be_entered(session.status)
    return session


def _match_candidates(
    deps: Dependencies, session: Session, entries: list[ResultEntry]
) -> tuple[list[tuple[ResultEntry, Candidate]], list[LineError]]:
    """Each entry's candidate: enrolled in the session, and joined it (one Query)."""
    by_number = {
        c.certification_number: c
        for c in deps.candidates.list_for_session(session.id)
        if c.certification_number is not None and c.student_id in session.enrolled_student_ids
    }
    accepted: list[tuple[ResultEntry, Candidate]] = []
    refused: list[LineError] = []
    for entry in entries:
        candidate = by_number.get(entry.certification_number)
        if candidate is None:
            refused.append(
                LineError(
                    line=entry.line,
                    code="UNKNOWN_CERTIFICATION_NUMBER",
                    message=f"{entry.where} : aucun candidat de la session n'a le numéro de "
                    f"certification {entry.certification_number}.",
                )
            )
        elif not candidate.has_joined:
            refused.append(
                LineError(
                    line=entry.line,
                    code="CANDIDATE_NOT_JOINED",
                    message=f"{entry.where} : le candidat n° {entry.certification_number} n'a "
                    "pas rejoint la session : il n'a pas de résultat.",
                )
            )
        else:
            accepted.append((entry, candidate))
    return accepted, refused


def _changes(
    deps: Dependencies,
    identity: Identity,
    session: Session,
    accepted: list[tuple[ResultEntry, Candidate]],
) -> list[ResultChange]:
    if not accepted:
        return []
    stored = {r.candidate_id: r for r in deps.results.list_for_session(session.id)}
    students = deps.students.get_many(session.center_id, [c.student_id for _, c in accepted])
    ines = {s.id: s.national_student_id for s in students}
    now = deps.clock()
    changes = []
    for entry, candidate in accepted:
        previous = stored.get(candidate.id)
        code = None
        if entry.status is ResultStatus.VALIDATED:
            kept = previous.verification_code if previous else None
            code = kept or new_verification_code(deps.rng)
        result = CertificationResult(
            session_id=session.id,
            candidate_id=candidate.id,
            certification_number=entry.certification_number,
            status=entry.status,
            pix_score=entry.pix_score,
            competences=entry.competences,
            verification_code=code,
            saved_at=now,
            saved_by=identity.user_id,
            center_id=session.center_id,
            session_date=session.date,
            pupil=CertifiedPupil(
                last_name=candidate.last_name,
                first_name=candidate.first_name,
                birthdate=candidate.birthdate,
                division=candidate.division,
                national_student_id=ines.get(candidate.student_id),
            ),
        )
        changes.append(ResultChange(result=result, previous=previous))
    return changes


def _event(
    audit: Audit, session: Session, changes: list[ResultChange], upload: ResultsUpload
) -> AuditEvent:
    return audit.event(
        session.id,
        AuditAction.RESULTS_SAVED,
        {
            "source": upload.source,
            "results": [
                {
                    "certificationNumber": c.result.certification_number,
                    "status": c.result.status.value,
                    "pixScore": c.result.pix_score,
                }
                for c in changes
            ],
        },
    )


def _write(
    deps: Dependencies,
    session_id: int,
    changes: list[ResultChange],
    event: AuditEvent,
    mark: SavingMark | None,
) -> None:
    """One group, atomically; a new code already taken is drawn again."""
    for round_number in range(1, CODE_ATTEMPTS + 1):
        try:
            deps.results.save(session_id, changes, event, mark)
            return
        except WriteConflict as conflict:
            if conflict.what is not Conflicting.CERTIFICATE or round_number == CODE_ATTEMPTS:
                raise
            changes = [_with_another_code(deps, change) for change in changes]


def _with_another_code(deps: Dependencies, change: ResultChange) -> ResultChange:
    if change.new_code is None:
        return change
    result = change.result.model_copy(update={"verification_code": new_verification_code(deps.rng)})
    return change.model_copy(update={"result": result})


# --- the public check -----------------------------------------------------------------------


def certificate_not_found() -> errors.NotFound:
    return errors.NotFound(
        "CERTIFICATE_NOT_FOUND",
        "Aucune certification publiée ne correspond à ce code de vérification.",
    )


def verify_certificate(deps: Dependencies, verification_code: str) -> PublicCertificate:
    """A validated result of a published session; anything else, a malformed code included,
    is the same 404 (checked before any read). Three GetItems at most."""
    code = verification_code.strip().upper()
    if not is_verification_code(code):
        raise certificate_not_found()
    result = deps.results.find_by_code(code)
    if result is None or result.verification_code != code:
        raise certificate_not_found()
    session = deps.sessions.get(result.session_id)
    if session is None or not is_public(result, session.status):
        raise certificate_not_found()
    return PublicCertificate(result=result, session=session)


# --- for the school ------------------------------------------------------------------------


def _published_for_division(
    deps: Dependencies, identity: Identity, center_id: str, division: str | None
) -> tuple[str, list[CertificationResult]]:
    """The center's members only: Pix staff who are not members get the center's 404."""
    center = require_membership(deps.users, identity, center_id).center
    wanted = " ".join((division or "").split())
    if not wanted:
        raise division_required()
    if len(wanted) > MAX_DIVISION_LENGTH:
        raise no_results_for_division()
    return center.name, deps.results.list_published_for_division(center_id, wanted)


def class_results(
    deps: Dependencies, identity: Identity, center_id: str, division: str | None
) -> tuple[str, bytes]:
    """The file name and the CSV of the class's published results."""
    _, results = _published_for_division(deps, identity, center_id, division)
    if not results:
        raise no_results_for_division()
    return class_results_file_name(division or ""), class_results_csv(results)


def class_attestations(
    deps: Dependencies, identity: Identity, center_id: str, division: str | None
) -> tuple[str, bytes]:
    """The file name and the PDF: one page per validated pupil of the class."""
    center_name, results = _published_for_division(deps, identity, center_id, division)
    book = attestation_book(center_name, (division or "").strip(), results, deps.web_address)
    if not book.attestations:
        raise no_results_for_division()
    return book.file_name, deps.render_attestations(book)
