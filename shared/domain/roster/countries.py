"""French names of the most common countries of birth of pupils in French schools, by INSEE
country code (the 3 digits that follow "99" in the 5-digit code: 100 = France, 350 = Maroc).

Deliberately small: SIECLE gives only the code, and a name is a convenience for the attendance
sheet; an unknown code leaves the name empty (the code itself is still kept)."""

from __future__ import annotations

FRANCE = "100"

COUNTRY_NAMES: dict[str, str] = {
    "100": "France",
    # Europe
    "101": "Danemark",
    "104": "Suède",
    "109": "Allemagne",
    "110": "Autriche",
    "111": "Bulgarie",
    "112": "Hongrie",
    "114": "Roumanie",
    "116": "Tchéquie",
    "118": "Bosnie-Herzégovine",
    "119": "Croatie",
    "121": "Serbie",
    "122": "Pologne",
    "123": "Russie",
    "125": "Albanie",
    "126": "Grèce",
    "127": "Italie",
    "131": "Belgique",
    "132": "Royaume-Uni",
    "134": "Espagne",
    "135": "Pays-Bas",
    "136": "Irlande",
    "137": "Luxembourg",
    "138": "Monaco",
    "139": "Portugal",
    "140": "Suisse",
    "151": "Moldavie",
    "155": "Ukraine",
    "157": "Kosovo",
    # Asia and the Middle East
    "203": "Irak",
    "204": "Iran",
    "205": "Liban",
    "206": "Syrie",
    "208": "Turquie",
    "212": "Afghanistan",
    "213": "Pakistan",
    "216": "Chine",
    "223": "Inde",
    "234": "Cambodge",
    "235": "Sri Lanka",
    "241": "Laos",
    "243": "Viêt Nam",
    "246": "Bangladesh",
    "252": "Arménie",
    "255": "Géorgie",
    # Africa
    "301": "Égypte",
    "312": "République démocratique du Congo",
    "322": "Cameroun",
    "324": "Congo",
    "326": "Côte d'Ivoire",
    "327": "Bénin",
    "328": "Gabon",
    "330": "Guinée",
    "331": "Burkina Faso",
    "333": "Madagascar",
    "335": "Mali",
    "336": "Mauritanie",
    "341": "Sénégal",
    "345": "Togo",
    "350": "Maroc",
    "351": "Tunisie",
    "352": "Algérie",
    "390": "Maurice",
    "397": "Comores",
    # Americas
    "401": "Canada",
    "404": "États-Unis",
    "410": "Haïti",
    "416": "Brésil",
    "437": "Suriname",
}


def country_name(code: str | None) -> str | None:
    """The French name of a 3-digit INSEE country code, None when the code is not in the table."""
    if code is None:
        return None
    return COUNTRY_NAMES.get(code)
