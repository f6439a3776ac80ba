from datetime import UTC, date, datetime, time

import pytest

from shared.domain.errors import RuleViolation
from shared.domain.session import SessionInput, ensure_not_in_the_past, validate_session_details

VALID = SessionInput(
    address="Collège Anne Frank",
    room="Salle 208",
    date="2026-12-14",
    time="12:00",
    examiner="Paul Eluard",
    description="",
)


def valid_but(**changes: str) -> SessionInput:
    return VALID.model_copy(update=changes)


def problems(form: SessionInput) -> dict[str, tuple[str, str]]:
    with pytest.raises(RuleViolation) as caught:
        validate_session_details(form)
    assert caught.value.code == "VALIDATION_ERROR"
    return {d.field: (d.code, d.message) for d in caught.value.details}


def test_a_complete_form_is_trimmed_and_parsed() -> None:
    details = validate_session_details(
        valid_but(address="  Collège Anne Frank ", description="  Tiers temps : 2 élèves ")
    )
    assert details.address == "Collège Anne Frank"
    assert details.date == date(2026, 12, 14)
    assert details.time == time(12, 0)
    assert details.description == "Tiers temps : 2 élèves"


def test_every_missing_field_is_reported_at_once_with_the_contract_messages() -> None:
    found = problems(SessionInput(description=None))
    assert found == {
        "address": ("REQUIRED", "Veuillez indiquer un nom de site."),
        "room": ("REQUIRED", "Veuillez indiquer un nom de salle."),
        "date": ("REQUIRED", "Veuillez indiquer une date de début."),
        "time": ("REQUIRED", "Veuillez indiquer une heure de début."),
        "examiner": ("REQUIRED", "Veuillez indiquer le nom et prénom du ou des surveillants."),
    }


def test_blank_strings_count_as_missing() -> None:
    found = problems(valid_but(room="   ", examiner="\t"))
    assert set(found) == {"room", "examiner"}


@pytest.mark.parametrize(
    "value", ["14/12/2026", "2026-2-01", "2026-02-30", "2026-13-01", "demain", "2026-12-14T10:00"]
)
def test_invalid_dates(value: str) -> None:
    assert problems(valid_but(date=value)) == {
        "date": ("INVALID", "Veuillez indiquer une date de début valide.")
    }


@pytest.mark.parametrize("value", ["24:00", "9:00", "12:60", "12h00", "12:00:00", "midi"])
def test_invalid_times(value: str) -> None:
    assert problems(valid_but(time=value)) == {
        "time": ("INVALID", "Veuillez indiquer une heure de début valide.")
    }


def test_length_limits() -> None:
    assert validate_session_details(valid_but(room="x" * 255)).room == "x" * 255
    assert validate_session_details(valid_but(description="x" * 350)).description
    found = problems(valid_but(address="x" * 256, description="y" * 351))
    assert found["address"][0] == "TOO_LONG"
    assert found["description"] == (
        "TOO_LONG",
        "Les observations ne doivent pas dépasser 350 caractères.",
    )


def test_a_date_before_today_in_the_centers_timezone_is_in_the_past() -> None:
    # 21:30 UTC on 1 December is already 2 December in La Réunion (UTC+4), not yet in Paris.
    now = datetime(2026, 12, 1, 21, 30, tzinfo=UTC)
    ensure_not_in_the_past(date(2026, 12, 1), now, "Europe/Paris")
    with pytest.raises(RuleViolation) as caught:
        ensure_not_in_the_past(date(2026, 12, 1), now, "Indian/Reunion")
    assert caught.value.code == "SESSION_IN_THE_PAST"
    assert caught.value.message == "Une session ne peut pas être programmée dans le passé."
    ensure_not_in_the_past(date(2026, 12, 2), now, "Indian/Reunion")
