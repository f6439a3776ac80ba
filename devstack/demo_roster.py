"""A realistic SIECLE "ElevesSansAdresses.xml" for a demo school, to try the roster import.

The file is what a school's office would export: ISO-8859-15, 2-space indentation, ELEVES then
OPTIONS then STRUCTURES, pupils with accented and compound names, a few born abroad, two who
left the school during the year (DATE_SORTIE) and one newcomer not yet in a class. Everything is
invented; the same `seed` always gives the same bytes."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

COLLEGE_DIVISIONS = ("3E1", "3E2", "3E3", "3E4", "3E5")
LYCEE_DIVISIONS = ("2NDE1", "2NDE2", "2NDE3", "2NDE4", "2NDE5", "2NDE6")
DEFAULT_PUPILS_PER_DIVISION = 26
# Pupils of the file that the import skips: two left the school, one has no class yet.
LEFT_PUPILS = 2
PUPILS_WITHOUT_DIVISION = 1

# Age in September by the first character of the division: 6e → 11, ..., 3e → 14, 2nde → 15.
_AGE_BY_LEVEL = {"6": 11, "5": 12, "4": 13, "3": 14, "2": 15, "1": 16, "T": 17}
_MEF_BY_LEVEL = {
    "6": "10010012110",
    "5": "10110001110",
    "4": "10210001110",
    "3": "10310019110",
    "2": "20010018110",
    "1": "20111010110",
    "T": "20212010110",
}

_SHOWCASE = (
    # last name, first name, sex code: the names that exercise accents and compounds.
    ("LECŒUR", "Zoé", "2"),
    ("DUPONT--MOREAU", "Héloïse", "2"),
    ("N'DIAYE", "Mathéo", "1"),
    ("DE LA FONTAINE", "Anaïs", "2"),
    ("NGUYEN", "Noé", "1"),
)
_LAST_NAMES = (
    "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU",
    "LAURENT", "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL",
    "FOURNIER", "GIRARD", "BONNET", "LAMBERT", "ROUSSEAU", "VINCENT", "MULLER", "FAURE",
    "ANDRÉ", "MERCIER", "BLANC", "GUÉRIN", "BOYER", "GARNIER", "CHEVALIER", "FRANÇOIS",
    "LEGRAND", "GAUTHIER", "PERRIN", "ROBIN", "CLÉMENT", "MORIN", "NICOLAS", "HENRY",
    "ROUSSEL--DA COSTA", "EL AMRANI", "BENALI", "DIALLO", "TRAORÉ", "DOS SANTOS", "DA SILVA",
    "O'NEILL", "LE GALL", "YILMAZ", "TRAN", "MARTIN--LEROY",
)  # fmt: skip
_REUNION_LAST_NAMES = (
    "PAYET", "HOARAU", "GRONDIN", "FONTAINE", "RIVIÈRE", "BOYER", "TECHER", "MAILLOT", "LEBON",
    "HOAREAU", "DIJOUX", "NATIVEL", "ROBERT", "VIENNE", "CADET", "LAURET", "FONTAINE--PAYET",
    "K/BIDI", "ETHEVE", "BÈGUE", "MUSSARD", "SAUTRON", "TURPIN", "GRONDIN--TECHER", "MOUNIAMA",
)  # fmt: skip
_GIRLS = (
    "Léa", "Chloé", "Inès", "Maëlys", "Jade", "Louise", "Emma", "Manon", "Camille", "Lina",
    "Léna", "Océane", "Salomé", "Clémence", "Aïcha", "Mélissa", "Noémie", "Marie-Lou", "Zoé",
    "Héloïse", "Anaïs", "Ambre", "Rose", "Jeanne", "Elsa", "Yasmine", "Lou-Anne",
)  # fmt: skip
_BOYS = (
    "Lucas", "Hugo", "Théo", "Nathan", "Enzo", "Raphaël", "Gabriel", "Louis", "Arthur", "Jules",
    "Timéo", "Rayan", "Adam", "Loïc", "Jean-Baptiste", "Maël", "Noah", "Sacha", "Yanis",
    "Mathéo", "Noé", "Léo", "Ethan", "Mohamed", "Evan", "Côme",
)  # fmt: skip
_METROPOLE_COMMUNES = (
    ("069", "69123"), ("075", "75056"), ("075", "75115"), ("013", "13055"), ("031", "31555"),
    ("033", "33063"), ("059", "59350"), ("044", "44109"), ("067", "67482"), ("035", "35238"),
    ("034", "34172"), ("006", "06088"), ("038", "38185"), ("093", "93066"), ("092", "92050"),
    ("02A", "2A004"), ("971", "97120"),
)  # fmt: skip
_REUNION_COMMUNES = (
    ("974", "97411"), ("974", "97416"), ("974", "97415"), ("974", "97422"), ("974", "97410"),
    ("974", "97407"), ("974", "97418"), ("974", "97413"), ("974", "97409"), ("974", "97412"),
)  # fmt: skip
# (CODE_PAYS, VILLE_NAISS) of pupils born abroad.
_ABROAD = (
    ("350", "CASABLANCA"), ("352", "ALGER"), ("132", "LONDRES"), ("351", "TUNIS"),
    ("139", "PORTO"), ("341", "DAKAR"), ("208", "ISTANBUL"), ("109", "BERLIN"),
)  # fmt: skip
_REUNION_ABROAD = (
    ("350", "CASABLANCA"), ("333", "ANTANANARIVO"), ("397", "MORONI"), ("390", "PORT-LOUIS"),
    ("132", "LONDRES"),
)  # fmt: skip
_ABROAD_RATE = 0.06
_NAME_ATTEMPTS = 20


@dataclass
class _Pupil:
    eleve_id: str
    elenoet: str
    ine: str
    last_name: str
    first_name: str
    sex_code: str
    birthdate: str
    division: str | None
    country_code: str = "100"
    city: str | None = None
    department_code: str | None = None
    city_code: str | None = None
    left_on: str | None = None
    groups: list[str] = field(default_factory=list)
    first_name_2: str | None = None
    previous_division: str | None = None


def demo_siecle_xml(
    uai: str,
    seed: int,
    divisions: Sequence[str] = COLLEGE_DIVISIONS,
    pupils_per_division: int = DEFAULT_PUPILS_PER_DIVISION,
    school_year: int = 2025,
) -> bytes:
    """The ISO-8859-15 bytes of an "ElevesSansAdresses.xml" of the school `uai` for the school
    year `school_year`-`school_year + 1`: `pupils_per_division` importable pupils in each
    division, plus LEFT_PUPILS pupils who left and PUPILS_WITHOUT_DIVISION without a class.
    A UAI starting with 974 (La Réunion) gives pupils mostly born on the island."""
    if not divisions:
        raise ValueError("at least one division")
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    pupils = _pupils(rng, uai, seed, divisions, pupils_per_division, school_year)
    return _document(uai, school_year, pupils).encode("iso8859-15")


def _pupils(
    rng: random.Random,
    uai: str,
    seed: int,
    divisions: Sequence[str],
    per_division: int,
    school_year: int,
) -> list[_Pupil]:
    reunion = uai.startswith("974")
    last_names = _REUNION_LAST_NAMES + _LAST_NAMES[:15] if reunion else _LAST_NAMES
    communes = _REUNION_COMMUNES if reunion else _METROPOLE_COMMUNES
    abroad = _REUNION_ABROAD if reunion else _ABROAD
    ine_base = rng.randrange(1_000_000_000, 8_000_000_000)
    eleve_base = 1_000_000 + (seed % 900) * 10_000
    names_used: set[tuple[str, str]] = set()
    pupils: list[_Pupil] = []

    def new_pupil(division: str | None, level_division: str) -> _Pupil:
        index = len(pupils)
        if index < len(_SHOWCASE):
            last_name, first_name, sex_code = _SHOWCASE[index]
        else:
            for _ in range(_NAME_ATTEMPTS):  # avoid homonyms while names remain
                sex_code = rng.choice("12")
                last_name = rng.choice(last_names)
                first_name = rng.choice(_BOYS if sex_code == "1" else _GIRLS)
                if (last_name, first_name) not in names_used:
                    break
        names_used.add((last_name, first_name))
        pupil = _Pupil(
            eleve_id=str(eleve_base + index + 1),
            elenoet=str(5000 + index + 1),
            ine=f"{ine_base + 7 * index:010d}{chr(ord('A') + index % 26)}",
            last_name=last_name,
            first_name=first_name,
            sex_code=sex_code,
            birthdate=_birthdate(rng, level_division, school_year),
            division=division,
        )
        if index == 0 or (index >= len(_SHOWCASE) and rng.random() < _ABROAD_RATE):
            # The first pupil is always born abroad, so that every demo file has one.
            pupil.country_code, pupil.city = abroad[0] if index == 0 else rng.choice(abroad)
        else:
            pupil.department_code, pupil.city_code = rng.choice(communes)
        if rng.random() < 0.3:
            pupil.first_name_2 = rng.choice(_BOYS if sex_code == "1" else _GIRLS)
        if rng.random() < 0.15:
            pupil.groups.append(_group(level_division))
        if rng.random() < 0.5:
            pupil.previous_division = _previous_division(level_division, rng)
        pupils.append(pupil)
        return pupil

    for division in divisions:
        for _ in range(per_division):
            new_pupil(division, division)
    for number in range(LEFT_PUPILS):
        # Left pupils keep their division in STRUCTURES: only DATE_SORTIE tells they left.
        left = new_pupil(divisions[number % len(divisions)], divisions[0])
        left.left_on = f"{10 + number:02d}/01/{school_year + 1}"
    for _ in range(PUPILS_WITHOUT_DIVISION):
        newcomer = new_pupil(None, divisions[0])
        newcomer.groups = [_group(divisions[0])]  # in a group, not yet in a class
    # An export is not grouped by class: mix the pupils (the showcase ones stay first).
    showcase, others = pupils[: len(_SHOWCASE)], pupils[len(_SHOWCASE) :]
    rng.shuffle(others)
    return showcase + others


def _birthdate(rng: random.Random, division: str, school_year: int) -> str:
    # French classes are calendar-year cohorts: a 3e of 2025-2026 is born in 2011.
    year = school_year - _AGE_BY_LEVEL.get(division[:1].upper(), 14)
    if rng.random() < 0.08:
        year -= 1  # repeated a year
    return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"


def _group(division: str) -> str:
    return f"{division[:1]}LATIN" if division[:1].isdigit() else "GROUPE1"


def _previous_division(division: str, rng: random.Random) -> str:
    level = division[:1]
    previous = {"3": "4E", "4": "5E", "5": "6E", "2": "3E", "1": "2NDE", "T": "1ERE"}.get(level)
    return f"{previous or 'X'}{rng.randint(1, 5)}"


def _document(uai: str, school_year: int, pupils: list[_Pupil]) -> str:
    export_day = f"03/03/{school_year + 1}"
    lines = [
        '<?xml version="1.0" encoding="ISO-8859-15"?>',
        '<BEE_ELEVES VERSION="3.0">',
        "  <PARAMETRES>",
        f"    <UAJ>{escape(uai)}</UAJ>",
        f"    <ANNEE_SCOLAIRE>{school_year}</ANNEE_SCOLAIRE>",
        f"    <DATE_EXPORT>{export_day}</DATE_EXPORT>",
        f"    <HORODATAGE>{export_day} 10:15:42</HORODATAGE>",
        "  </PARAMETRES>",
        "  <DONNEES>",
        "    <ELEVES>",
    ]
    for pupil in pupils:
        lines.extend(_eleve(pupil, uai, school_year))
    lines.append("    </ELEVES>")
    lines.append("    <OPTIONS>")
    for pupil in pupils:
        if pupil.groups:
            lines.extend(_option(pupil))
    lines.append("    </OPTIONS>")
    lines.append("    <STRUCTURES>")
    for pupil in pupils:
        lines.extend(_structures(pupil))
    lines.append("    </STRUCTURES>")
    lines.extend(["    <BOURSES />", "    <ADRESSES />", "  </DONNEES>", "</BEE_ELEVES>", ""])
    return "\n".join(lines)


def _element(indent: int, tag: str, value: str | None) -> list[str]:
    return [] if value is None else [f"{' ' * indent}<{tag}>{escape(value)}</{tag}>"]


def _eleve(pupil: _Pupil, uai: str, school_year: int) -> list[str]:
    level = (pupil.division or "3")[:1].upper()
    values: list[tuple[str, str | None]] = [
        ("ID_NATIONAL", pupil.ine),
        ("ELENOET", pupil.elenoet),
        ("NOM_DE_FAMILLE", pupil.last_name),
        ("PRENOM", pupil.first_name),
        ("PRENOM2", pupil.first_name_2),
        ("DATE_NAISS", pupil.birthdate),
        ("DOUBLEMENT", "0"),
        ("CODE_PAYS", pupil.country_code),
        ("ACCEPTE_SMS", "0"),
        ("DATE_MODIFICATION", f"02/09/{school_year}"),
        ("DATE_SORTIE", pupil.left_on),
        ("CODE_REGIME", "2"),
        ("DATE_ENTREE", f"01/09/{school_year - 3}"),
        ("CODE_MOTIF_SORTIE", "10" if pupil.left_on else None),
        ("VILLE_NAISS", pupil.city),
        ("CODE_SEXE", pupil.sex_code),
        ("CODE_PAYS_NAT", pupil.country_code),
        ("CODE_STATUT", "ST"),
        ("CODE_MEF", _MEF_BY_LEVEL.get(level, _MEF_BY_LEVEL["3"])),
        ("CODE_DEPARTEMENT_NAISS", pupil.department_code),
        ("CODE_COMMUNE_INSEE_NAISS", pupil.city_code),
        ("ADHESION_TRANSPORT", "0"),
        ("CODE_PROVENANCE", "1"),
    ]
    lines = [
        f"      <ELEVE ELEVE_ID={quoteattr(pupil.eleve_id)} ELENOET={quoteattr(pupil.elenoet)}>"
    ]
    for tag, value in values:
        lines.extend(_element(8, tag, value))
    if pupil.previous_division:
        # Last year's class: a reader must never take it for this year's.
        lines.append("        <SCOLARITE_AN_DERNIER>")
        lines.extend(_element(10, "CODE_STRUCTURE", pupil.previous_division))
        lines.extend(_element(10, "CODE_RNE", uai))
        lines.extend(_element(10, "SIGLE", "CLG"))
        lines.append("        </SCOLARITE_AN_DERNIER>")
    lines.append("      </ELEVE>")
    return lines


def _option(pupil: _Pupil) -> list[str]:
    return [
        f"      <OPTION ELEVE_ID={quoteattr(pupil.eleve_id)} ELENOET={quoteattr(pupil.elenoet)}>",
        "        <OPTIONS_ELEVE>",
        "          <NUM_OPTION>1</NUM_OPTION>",
        "          <CODE_MODALITE_ELECT>F</CODE_MODALITE_ELECT>",
        "          <CODE_MATIERE>020700</CODE_MATIERE>",
        "        </OPTIONS_ELEVE>",
        "      </OPTION>",
    ]


def _structures(pupil: _Pupil) -> list[str]:
    lines = [
        f"      <STRUCTURES_ELEVE ELEVE_ID={quoteattr(pupil.eleve_id)} "
        f"ELENOET={quoteattr(pupil.elenoet)}>"
    ]
    for code, kind in ([(pupil.division, "D")] if pupil.division else []) + [
        (group, "G") for group in pupil.groups
    ]:
        lines.append("        <STRUCTURE>")
        lines.extend(_element(10, "CODE_STRUCTURE", code))
        lines.extend(_element(10, "TYPE_STRUCTURE", kind))
        lines.append("        </STRUCTURE>")
    lines.append("      </STRUCTURES_ELEVE>")
    return lines
