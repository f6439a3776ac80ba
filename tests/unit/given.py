"""Who and what the use-case tests start from: two schools and their staff, Pix staff, the
schools' pupils, the form of a session. The fixtures of `conftest.py` put them in the fakes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from shared.domain.people import Center, Identity, Membership, Role
from shared.domain.session import SessionInput
from shared.domain.student import Student

# When the tests start, unless they move the clock: two weeks before the session below.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

PARIS = Center(
    id="c-paris", name="Collège Anne Frank", timezone="Europe/Paris", external_id="0999001A"
)
REUNION = Center(
    id="c-reunion", name="Lycée Leconte de Lisle", timezone="Indian/Reunion", external_id="9749001B"
)
CENTERS = (PARIS, REUNION)

ALICE = Identity(user_id="alice", email="alice@anne-frank.test")  # runs Paris's sessions
BRUNO = Identity(user_id="bruno", email="bruno@leconte.test")  # of the school in La Réunion
STAFF = Identity(
    user_id="staff", email="staff@pix.test", is_pix_admin=True
)  # Pix staff: /admin only
MEMBERSHIPS = (
    Membership(user_id=ALICE.user_id, role=Role.ADMIN, center=PARIS),
    Membership(user_id=BRUNO.user_id, role=Role.MEMBER, center=REUNION),
)


def pupil(
    student_id: str,
    last_name: str,
    first_name: str,
    birthdate: date,
    center: Center = PARIS,
    birth_city: str | None = None,
    birth_country: str | None = None,
) -> Student:
    return Student(
        id=student_id,
        center_id=center.id,
        last_name=last_name,
        first_name=first_name,
        birthdate=birthdate,
        division="3E1",
        birth_city=birth_city,
        birth_country=birth_country,
    )


# Paris's pupils, by roster order: Abadie, Lecœur, Martin.
LUCAS = pupil("p1", "Martin", "Lucas", date(2010, 3, 12))
ZOE = pupil("p2", "Lecœur", "Zoé", date(2010, 11, 5))
NOE = pupil(
    "p3", "Abadie", "Noé", date(2010, 5, 17), birth_city="Casablanca", birth_country="MAROC"
)
# A pupil of the other school.
HEVA = pupil("r1", "Payet", "Héva", date(2010, 5, 17), center=REUNION)
ROSTER = (LUCAS, ZOE, NOE, HEVA)

# 14/12/2026 at 12:00 in Paris (11:00 UTC): it ends at 12:45 UTC, its finalization deadline
# is 16/12/2026 at 12:45 UTC.
SESSION_FORM = SessionInput(
    address="Collège Anne Frank",
    room="Salle 208",
    date="2026-12-14",
    time="12:00",
    examiner="Paul Eluard",
)
