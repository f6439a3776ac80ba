"""Where a pupil was born, as the screens and the attendance sheet print it.

No packaged, maintained source of INSEE commune codes could be used: on PyPI the COG (code
officiel géographique) comes only through clients of INSEE's online API (network at run time,
an account), and a copy of the COG's ~35 000 communes would have to be refreshed every year.
So a commune is named when the roster names it (SIECLE's VILLE_NAIS, the CSV's « Commune de
naissance »), and otherwise its code is printed *labelled* — « code INSEE 59350 », not a bare
number that reads like a postcode. The department, which the commune code gives, is named from
the short table below: the COG's departments and overseas collectivities change too rarely to
need a package (the last change: the Collectivité européenne d'Alsace, 2021, same codes)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.domain.roster.countries import FRANCE, country_name

ABROAD = "99"

DEPARTMENTS: dict[str, str] = {
    "01": "Ain",
    "02": "Aisne",
    "03": "Allier",
    "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes",
    "07": "Ardèche",
    "08": "Ardennes",
    "09": "Ariège",
    "10": "Aube",
    "11": "Aude",
    "12": "Aveyron",
    "13": "Bouches-du-Rhône",
    "14": "Calvados",
    "15": "Cantal",
    "16": "Charente",
    "17": "Charente-Maritime",
    "18": "Cher",
    "19": "Corrèze",
    "2A": "Corse-du-Sud",
    "2B": "Haute-Corse",
    "21": "Côte-d'Or",
    "22": "Côtes-d'Armor",
    "23": "Creuse",
    "24": "Dordogne",
    "25": "Doubs",
    "26": "Drôme",
    "27": "Eure",
    "28": "Eure-et-Loir",
    "29": "Finistère",
    "30": "Gard",
    "31": "Haute-Garonne",
    "32": "Gers",
    "33": "Gironde",
    "34": "Hérault",
    "35": "Ille-et-Vilaine",
    "36": "Indre",
    "37": "Indre-et-Loire",
    "38": "Isère",
    "39": "Jura",
    "40": "Landes",
    "41": "Loir-et-Cher",
    "42": "Loire",
    "43": "Haute-Loire",
    "44": "Loire-Atlantique",
    "45": "Loiret",
    "46": "Lot",
    "47": "Lot-et-Garonne",
    "48": "Lozère",
    "49": "Maine-et-Loire",
    "50": "Manche",
    "51": "Marne",
    "52": "Haute-Marne",
    "53": "Mayenne",
    "54": "Meurthe-et-Moselle",
    "55": "Meuse",
    "56": "Morbihan",
    "57": "Moselle",
    "58": "Nièvre",
    "59": "Nord",
    "60": "Oise",
    "61": "Orne",
    "62": "Pas-de-Calais",
    "63": "Puy-de-Dôme",
    "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées",
    "66": "Pyrénées-Orientales",
    "67": "Bas-Rhin",
    "68": "Haut-Rhin",
    "69": "Rhône",
    "70": "Haute-Saône",
    "71": "Saône-et-Loire",
    "72": "Sarthe",
    "73": "Savoie",
    "74": "Haute-Savoie",
    "75": "Paris",
    "76": "Seine-Maritime",
    "77": "Seine-et-Marne",
    "78": "Yvelines",
    "79": "Deux-Sèvres",
    "80": "Somme",
    "81": "Tarn",
    "82": "Tarn-et-Garonne",
    "83": "Var",
    "84": "Vaucluse",
    "85": "Vendée",
    "86": "Vienne",
    "87": "Haute-Vienne",
    "88": "Vosges",
    "89": "Yonne",
    "90": "Territoire de Belfort",
    "91": "Essonne",
    "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis",
    "94": "Val-de-Marne",
    "95": "Val-d'Oise",
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "975": "Saint-Pierre-et-Miquelon",
    "976": "Mayotte",
    "977": "Saint-Barthélemy",
    "978": "Saint-Martin",
    "986": "Wallis-et-Futuna",
    "987": "Polynésie française",
    "988": "Nouvelle-Calédonie",
}


class BirthPlace(BaseModel):
    """The birthplace's parts as printed: `city` is the commune's name, or its labelled code."""

    model_config = ConfigDict(frozen=True)

    city: str = ""
    department_code: str = ""
    department: str = ""
    country: str = ""

    @property
    def label(self) -> str:
        """One line for the screens: « Lille, Nord (59) », « code INSEE 59350, Nord (59) »,
        « Casablanca, Maroc »; "" when the roster says nothing."""
        if self.department_code == ABROAD:
            return ", ".join(part for part in (self.city, self.country) if part)
        where = f"{self.department} ({self.department_code})" if self.department else ""
        if self.city or where:
            return ", ".join(part for part in (self.city, where) if part)
        return self.country


def department_code(city_code: str | None, country_code: str | None) -> str:
    """From the INSEE commune code: 69123 → 69, 2A004 → 2A, 97411 → 974, 98818 → 988;
    born abroad → 99; unknown → ""."""
    if country_code and country_code != FRANCE:
        return ABROAD
    code = (city_code or "").strip().upper()
    if len(code) != 5:
        return ""
    return code[:3] if code[:2] in ("97", "98") else code[:2]


def birth_place(
    city: str | None, city_code: str | None, country: str | None, country_code: str | None
) -> BirthPlace:
    """The roster's four birth fields, made readable the same way everywhere."""
    code = (city_code or "").strip().upper()
    department = department_code(code, country_code)
    named = (country or "").strip().casefold()
    if not country_code and named and named != "france":
        department = ABROAD  # a CSV may name the country without its code
    name = (city or "").strip()
    return BirthPlace(
        city=name or (f"code INSEE {code}" if code and department != ABROAD else ""),
        department_code=department,
        department=DEPARTMENTS.get(department, ""),
        country=(country or "").strip() or country_name(country_code or "") or "",
    )
