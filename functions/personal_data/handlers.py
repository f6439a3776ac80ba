"""A pupil's personal data: the export (access) and the erasure, for a center's admins."""

from __future__ import annotations

from functions import wiring
from functions.personal_data.schemas import StudentExportOut
from shared.domain.people import Identity
from shared.services import personal_data


def export_student(identity: Identity, center_id: str, student_id: str) -> StudentExportOut:
    record = personal_data.export_student(wiring.deps(), identity, center_id, student_id)
    return StudentExportOut.of(record)


def erase_student(identity: Identity, center_id: str, student_id: str) -> None:
    personal_data.erase_student(wiring.deps(), identity, center_id, student_id)
