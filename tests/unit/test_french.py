"""French as the server writes it: counts, schools' names after « de », time zones in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.domain.french import as_role, of_center, plural, timezone_label

WINTER = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
SUMMER = datetime(2026, 6, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 candidat ajouté"),
        (1, "1 candidat ajouté"),
        (2, "2 candidats ajoutés"),
        (30, "30 candidats ajoutés"),
    ],
)
def test_a_count_agrees_with_its_words_0_and_1_being_singular(count: int, expected: str) -> None:
    assert plural(count, "candidat ajouté", "candidats ajoutés") == expected


def test_que_elides_before_a_vowel() -> None:
    assert as_role("administrateur") == "en tant qu'administrateur"
    assert as_role("membre") == "en tant que membre"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Collège Anne Frank", "du Collège Anne Frank"),
        ("Lycée Leconte de Lisle", "du Lycée Leconte de Lisle"),
        ("COLLEGE JEAN MOULIN", "du COLLEGE JEAN MOULIN"),
        ("LP Jean Moulin", "du LP Jean Moulin"),
        ("Groupe scolaire Saint-Joseph", "du Groupe scolaire Saint-Joseph"),
        ("Cité scolaire Bellevue", "de la Cité scolaire Bellevue"),
        ("École des Pins", "de l'École des Pins"),
        ("Établissement Saint-Paul", "de l'Établissement Saint-Paul"),
        ("EREA Jean Moulin", "de l'EREA Jean Moulin"),
        ("Institution Notre-Dame", "de l'Institution Notre-Dame"),
        ("Le Collège du Port", "du Collège du Port"),
        ("La Cité scolaire", "de la Cité scolaire"),
        ("Les Lycées du Parc", "des Lycées du Parc"),
        ("L'Oiseau bleu", "de L'Oiseau bleu"),
        ("Anne Frank", "d'Anne Frank"),
        ("Saint-Exupéry", "de Saint-Exupéry"),
        ("  Collège   Anne Frank ", "du Collège Anne Frank"),
    ],
)
def test_a_school_is_named_after_de_with_its_article(name: str, expected: str) -> None:
    assert of_center(name) == expected


@pytest.mark.parametrize(
    ("zone", "at", "expected"),
    [
        ("Europe/Paris", WINTER, "heure de Paris (UTC+1)"),
        ("Europe/Paris", SUMMER, "heure de Paris (UTC+2)"),
        ("Indian/Reunion", WINTER, "heure de La Réunion (UTC+4)"),
        ("Indian/Mayotte", WINTER, "heure de Mayotte (UTC+3)"),
        ("America/Guadeloupe", WINTER, "heure de la Guadeloupe (UTC-4)"),
        ("America/Martinique", WINTER, "heure de la Martinique (UTC-4)"),
        ("America/Cayenne", WINTER, "heure de la Guyane (UTC-3)"),
        ("America/Miquelon", WINTER, "heure de Saint-Pierre-et-Miquelon (UTC-3)"),
        ("America/Miquelon", SUMMER, "heure de Saint-Pierre-et-Miquelon (UTC-2)"),
        ("Pacific/Noumea", WINTER, "heure de la Nouvelle-Calédonie (UTC+11)"),
        ("Pacific/Tahiti", WINTER, "heure de la Polynésie française (UTC-10)"),
        ("Pacific/Marquesas", WINTER, "heure des Marquises (UTC-9:30)"),
        ("Pacific/Wallis", WINTER, "heure de Wallis-et-Futuna (UTC+12)"),
        ("UTC", WINTER, "temps universel (UTC)"),
        ("America/New_York", WINTER, "heure locale (UTC-5)"),
        ("Asia/Kolkata", WINTER, "heure locale (UTC+5:30)"),
        ("Africa/Abidjan", WINTER, "heure locale (UTC)"),
    ],
)
def test_a_time_zone_is_told_in_words_with_its_offset_at_the_instant(
    zone: str, at: datetime, expected: str
) -> None:
    assert timezone_label(zone, at) == expected
