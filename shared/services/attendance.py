"""The attendance sheet and incident report of a session, as a PDF."""

from __future__ import annotations

from collections.abc import Callable

from shared.domain.attendance import AttendanceSheet, attendance_sheet
from shared.domain.people import Identity
from shared.services.candidates import enrolled_candidates
from shared.services.ports import CandidateRepository, SessionRepository, UserRepository
from shared.services.sessions import get_session

Renderer = Callable[[AttendanceSheet], bytes]


def render_attendance_sheet(
    sessions: SessionRepository,
    users: UserRepository,
    candidates: CandidateRepository,
    render: Renderer,
    identity: Identity,
    session_id: int,
) -> tuple[str, bytes]:
    """The file name and the PDF: the sheet of the candidates enrolled right now (plus blank
    rows for late additions), followed by the PV d'incident."""
    session = get_session(sessions, users, identity, session_id)
    sheet = attendance_sheet(session, enrolled_candidates(candidates, session))
    return sheet.file_name, render(sheet)
