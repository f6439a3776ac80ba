"""French as school staff expect to read it (docs/french.md): counts with real agreement
(« 1 candidat ajouté », « 3 candidats ajoutés », never « candidat(s) »), a school's name after
« de » with its article (« du Collège Anne Frank », « de l'École … »), time zones in words
(« heure de La Réunion (UTC+4) »).

Pure functions: the instant a time zone's offset is read at is always an argument."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# The non-breaking space (U+00A0) the application writes before « : ; ! ? » and inside « »
# (docs/french.md). A name for code that assembles such text piece by piece.
NBSP = "\u00a0"


def plural(count: int, singular: str, plural_form: str) -> str:
    """« 0 candidat ajouté », « 1 candidat ajouté », « 3 candidats ajoutés »: in French, 0 and
    1 take the singular. The count is written before the words."""
    return f"{count} {singular if abs(count) < 2 else plural_form}"


def as_role(role: str) -> str:
    """« en tant qu'administrateur », « en tant que membre »: « que » elides before a vowel."""
    return f"en tant qu'{role}" if _bare(role)[:1] in _VOWELS else f"en tant que {role}"


# First words of a school's name that take « du » (masculine), « de la » (feminine) or « de l' »
# (a vowel): compared without case or accents. Acronyms are the usual ones of the French
# education system (LP: lycée professionnel, LEGT, LPO, CFA…; EREA, EPLE start with a vowel).
_MASCULINE = frozenset(
    {
        "college",
        "lycee",
        "groupe",
        "centre",
        "campus",
        "complexe",
        "pole",
        "site",
        "clg",
        "lp",
        "lgt",
        "legt",
        "lpo",
        "lt",
        "cfa",
        "greta",
        "cned",
    }
)
_FEMININE = frozenset({"cite", "maison", "section", "division", "mfr"})
_ARTICLES = {"le": "du", "la": "de la", "les": "des"}
_VOWELS = frozenset("aeiouy")


def _bare(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def of_center(name: str) -> str:
    """The school's name after « de », with the article French puts there:
    « du Collège Anne Frank », « du Lycée Leconte de Lisle », « de la Cité scolaire … »,
    « de l'École … », « de l'Établissement … », « des Lycées … » (from « Les Lycées … »),
    « d'Anne Frank »; any other
    name keeps a plain « de »."""
    text = " ".join(name.split())
    if not text:
        return "de l'établissement"
    first, _, rest = text.partition(" ")
    bare = _bare(first)
    if bare in _ARTICLES and rest:
        return f"{_ARTICLES[bare]} {rest}"
    return f"{_article(bare)}{text}"


def _article(bare: str) -> str:
    if bare in _MASCULINE:
        return "du "
    if bare in _FEMININE:
        return "de la "
    if bare[:1] in _VOWELS:
        # « de l'École », « de l'Institut », « de l'EREA »; a person's name: « d'Anne Frank ».
        return "de l'" if bare in _VOWEL_NOUNS else "d'"
    return "de "


# Vowel-initial words that are common nouns of school names (« de l'… »); any other
# vowel-initial name is a proper name (« d'Anne Frank »).
_VOWEL_NOUNS = frozenset(
    {
        "ecole",
        "etablissement",
        "institut",
        "institution",
        "externat",
        "internat",
        "ensemble",
        "erea",
        "eple",
        "esat",
        "unite",
    }
)


# The time zones of French schools (metropolitan France and overseas), in words. The names
# are those of the territory, with the article French gives it after « heure de ».
_ZONE_NAMES = {
    "Europe/Paris": "heure de Paris",
    "Indian/Reunion": "heure de La Réunion",
    "Indian/Mayotte": "heure de Mayotte",
    "America/Guadeloupe": "heure de la Guadeloupe",
    "America/Martinique": "heure de la Martinique",
    "America/Cayenne": "heure de la Guyane",
    "America/St_Barthelemy": "heure de Saint-Barthélemy",
    "America/Marigot": "heure de Saint-Martin",
    "America/Miquelon": "heure de Saint-Pierre-et-Miquelon",
    "Pacific/Noumea": "heure de la Nouvelle-Calédonie",
    "Pacific/Tahiti": "heure de la Polynésie française",
    "Pacific/Marquesas": "heure des Marquises",
    "Pacific/Gambier": "heure des Gambier",
    "Pacific/Wallis": "heure de Wallis-et-Futuna",
    "Indian/Kerguelen": "heure des Kerguelen",
    "UTC": "temps universel",
    "Etc/UTC": "temps universel",
}


def utc_offset(offset: timedelta) -> str:
    """« UTC+1 », « UTC-3 », « UTC+5:30 », « UTC » for none."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def timezone_label(zone: str, at: datetime) -> str:
    """The time zone `zone` (IANA name) in words, with its offset at the instant `at` (winter
    and summer time differ): « heure de Paris (UTC+1) », « heure de La Réunion (UTC+4) »;
    a zone the application does not name: « heure locale (UTC-5) »."""
    offset = at.astimezone(ZoneInfo(zone)).utcoffset() or timedelta(0)
    words = _ZONE_NAMES.get(zone, "heure locale")
    if words == "temps universel":
        return "temps universel (UTC)"
    return f"{words} ({utc_offset(offset)})"
