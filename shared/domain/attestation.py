"""What a certification attestation shows, one page per validated pupil of a class: computed
here, drawn by the PDF renderer (shared/adapters/pdf/attestations.py)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from shared.domain.results import (
    COMPETENCE_NAMES,
    CertificationResult,
    ResultStatus,
)
from shared.domain.results_export import file_name_part

# The web front end's page where anyone checks a code (docs/results.md).
VERIFICATION_PAGE = "/#/verifier/"


class AttestationCompetence(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    level: int


class Attestation(BaseModel):
    model_config = ConfigDict(frozen=True)

    last_name: str
    first_name: str
    birthdate: date
    division: str
    pix_score: int
    competences: tuple[AttestationCompetence, ...]
    session_id: int
    session_date: date
    certification_number: int
    verification_code: str
    # Where the code can be checked; None when the web front end's address is not configured.
    verification_address: str | None


class AttestationBook(BaseModel):
    """The class's attestations, in the order of the class list (by name)."""

    model_config = ConfigDict(frozen=True)

    center_name: str
    division: str
    attestations: tuple[Attestation, ...]

    @property
    def file_name(self) -> str:
        return f"attestations-{file_name_part(self.division)}.pdf"


def verification_address(web_address: str | None, code: str) -> str | None:
    if not web_address:
        return None
    return f"{web_address.rstrip('/')}{VERIFICATION_PAGE}{code}"


def attestation_book(
    center_name: str,
    division: str,
    results: list[CertificationResult],
    web_address: str | None,
) -> AttestationBook:
    """The validated results among `results` (published ones, by name), one page each."""
    pages = []
    for result in results:
        pupil = result.pupil
        code = result.verification_code
        if result.status is not ResultStatus.VALIDATED or pupil is None or code is None:
            continue
        pages.append(
            Attestation(
                last_name=pupil.last_name,
                first_name=pupil.first_name,
                birthdate=pupil.birthdate,
                division=pupil.division,
                pix_score=result.pix_score,
                competences=tuple(
                    AttestationCompetence(code=c.code, name=COMPETENCE_NAMES[c.code], level=c.level)
                    for c in result.competences
                ),
                session_id=result.session_id,
                session_date=result.session_date or result.saved_at.date(),
                certification_number=result.certification_number,
                verification_code=code,
                verification_address=verification_address(web_address, code),
            )
        )
    return AttestationBook(center_name=center_name, division=division, attestations=tuple(pages))
