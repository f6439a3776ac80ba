from __future__ import annotations

from datetime import date

from shared.domain.results import CompetenceLevel
from shared.domain.results_entry import CompetenceInput, LineError, ResultInput
from shared.services.results import PublicCertificate, SaveReport
from shared.web.schemas import RequestBody, ResponseBody


class CompetenceBody(RequestBody, CompetenceInput):
    pass


class ResultBody(RequestBody, ResultInput):
    competences: list[CompetenceBody] | None = None


class ResultsBody(RequestBody):
    """`PUT /admin/sessions/{id}/results` in JSON."""

    items: list[ResultBody] | None = None


class LineErrorOut(ResponseBody):
    line: int
    code: str
    message: str


class SaveReportOut(ResponseBody):
    saved: int
    errors: list[LineErrorOut]

    @classmethod
    def of(cls, report: SaveReport) -> SaveReportOut:
        return cls(saved=report.saved, errors=[_line(e) for e in report.errors])


def _line(error: LineError) -> LineErrorOut:
    return LineErrorOut(line=error.line, code=error.code, message=error.message)


class CompetenceOut(ResponseBody):
    code: str
    name: str
    level: int

    @classmethod
    def of(cls, competence: CompetenceLevel) -> CompetenceOut:
        return cls(code=competence.code, name=competence.name, level=competence.level)


class CertificateOut(ResponseBody):
    """What anyone holding the code sees; `certifiedAt` is the day of the test."""

    verification_code: str
    last_name: str
    first_name: str
    birthdate: date
    pix_score: int
    competences: list[CompetenceOut]
    certified_at: date

    @classmethod
    def of(cls, certificate: PublicCertificate) -> CertificateOut:
        result, session = certificate.result, certificate.session
        pupil = result.pupil
        assert pupil is not None and result.verification_code is not None
        return cls(
            verification_code=result.verification_code,
            last_name=pupil.last_name,
            first_name=pupil.first_name,
            birthdate=pupil.birthdate,
            pix_score=result.pix_score,
            competences=[CompetenceOut.of(c) for c in result.competences],
            certified_at=result.session_date or session.date,
        )
