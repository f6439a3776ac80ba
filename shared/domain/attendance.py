"""What the attendance sheet (feuille d'émargement) and the incident report (PV d'incident)
show: computed here, drawn by the PDF renderer."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from shared.domain.candidate import Candidate, sort_by_name
from shared.domain.deadline import theoretical_end
from shared.domain.session import Session

# At least this many numbered empty rows after the candidates, for pupils added on the day;
# the PDF adds as many as the last page still has room for (docs/attendance-sheet.md). Three,
# not more: 8 pupils and 3 rows fill the first page, where 5 rows spilled 2 onto a page of
# their own.
BLANK_ROWS = 3


class AttendanceRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    last_name: str
    first_name: str
    birthdate: date
    birth_city: str
    birth_department_code: str
    birth_country: str
    division: str
    extra_time_percentage: int


class AttendanceSheet(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_id: int
    date: date
    start_time: time
    end_time: time
    center_name: str
    address: str
    room: str
    examiner: str
    rows: list[AttendanceRow]
    # The least number of empty rows after the candidates (the PDF fills the last page).
    blank_rows: int = BLANK_ROWS

    @property
    def file_name(self) -> str:
        return f"feuille-emargement-session-{self.session_id}.pdf"


def attendance_sheet(session: Session, candidates: list[Candidate]) -> AttendanceSheet:
    zone = ZoneInfo(session.center_timezone)
    end = theoretical_end(
        session.date, session.time, session.center_timezone, session.max_extra_time_percentage
    ).astimezone(zone)
    return AttendanceSheet(
        session_id=session.id,
        date=session.date,
        start_time=session.time,
        end_time=end.time().replace(second=0, microsecond=0),
        center_name=session.center_name,
        address=session.address,
        room=session.room,
        examiner=session.examiner,
        rows=[
            AttendanceRow(
                last_name=c.last_name,
                first_name=c.first_name,
                birthdate=c.birthdate,
                birth_city=c.birth_place.city,
                birth_department_code=c.birth_place.department_code,
                birth_country=c.birth_place.country,
                division=c.division,
                extra_time_percentage=c.extra_time_percentage,
            )
            for c in sort_by_name(candidates)
        ],
    )
