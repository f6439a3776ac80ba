"""Reading a roster as CSV: encodings, delimiters, headers, line numbers, hostile cells."""

from __future__ import annotations

import sys
import unicodedata
from datetime import date

import pytest

from shared.domain.errors import RuleViolation
from shared.domain.limits import MAX_ROSTER_STUDENTS
from shared.domain.roster.model import (
    ParsedRoster,
    RosterLineError,
    RosterStudent,
    Sex,
    ignored_without_class,
)
from shared.domain.roster.parse import parse_roster
from shared.domain.roster.text import control_characters, has_control_characters, quoted
from tests.unit.roster_files import HEADER, csv_bytes

CSV = "text/csv"
FULL_HEADER = (
    "INE;Nom de naissance;Prénom;Date de naissance;Sexe;Classe;Commune de naissance;"
    "Code commune de naissance;Pays de naissance;Code pays de naissance"
)


def read(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> ParsedRoster:
    return parse_roster(csv_bytes(*lines, encoding=encoding, newline=newline), CSV)


def rejected(content: bytes, code: str = "INVALID_ROSTER") -> str:
    with pytest.raises(RuleViolation) as caught:
        parse_roster(content, CSV)
    assert caught.value.code == code
    return caught.value.message


def names(roster: ParsedRoster) -> list[tuple[int, str, str]]:
    return [(s.line, s.last_name, s.first_name) for s in roster.students]


def codes(roster: ParsedRoster) -> list[tuple[int, str]]:
    return [(e.line, e.code) for e in roster.errors]


# --- A complete file -----------------------------------------------------------------------


def test_a_complete_file_gives_every_field() -> None:
    roster = read(
        FULL_HEADER,
        "1234567890A;LECŒUR;Zoé;05/11/2010;F;3E1;Paris;75115;France;99100",
        "9999000105e;EL AMRANI;Yasmine;2010-09-14;Féminin;3E2;Casablanca;;;350",
        ";N'DIAYE;Mathéo;1/2/2011;m;3E2;;1053;;100",
    )
    assert roster == ParsedRoster(
        students=[
            RosterStudent(
                line=2,
                national_student_id="1234567890A",
                last_name="LECŒUR",
                first_name="Zoé",
                birthdate=date(2010, 11, 5),
                division="3E1",
                sex=Sex.F,
                birth_city="Paris",
                birth_city_code="75115",
                birth_country="France",
                birth_country_code="100",
            ),
            RosterStudent(
                line=3,
                national_student_id="9999000105E",
                last_name="EL AMRANI",
                first_name="Yasmine",
                birthdate=date(2010, 9, 14),
                division="3E2",
                sex=Sex.F,
                birth_city="Casablanca",
                birth_country="Maroc",
                birth_country_code="350",
            ),
            RosterStudent(
                line=4,
                last_name="N'DIAYE",
                first_name="Mathéo",
                birthdate=date(2011, 2, 1),
                division="3E2",
                sex=Sex.M,
                # A spreadsheet dropped the leading zero of the Ain's commune code
                birth_city_code="01053",
                birth_country="France",
                birth_country_code="100",
            ),
        ],
        skipped=0,
        errors=[],
        uai=None,
    )


def test_the_minimal_columns_are_enough() -> None:
    roster = read(HEADER, "DUPONT;Jean;12/03/2010;3E1")
    [student] = roster.students
    assert student == RosterStudent(
        line=2, last_name="DUPONT", first_name="Jean", birthdate=date(2010, 3, 12), division="3E1"
    )


# --- Encodings -----------------------------------------------------------------------------


def test_utf8_with_a_bom() -> None:
    content = b"\xef\xbb\xbf" + csv_bytes(HEADER, "LECŒUR;Zoé;05/11/2010;3E1")
    assert names(parse_roster(content, CSV)) == [(2, "LECŒUR", "Zoé")]


def test_windows_1252_accents_and_oe_ligature() -> None:
    # Given a file saved by Excel as "CSV (séparateur : point-virgule)": é is 0xE9, Œ is 0x8C
    content = csv_bytes(
        HEADER, "CŒUR;Chloé;05/11/2010;3E1", "SŒUR;Noé;06/11/2010;3E1", encoding="cp1252"
    )
    assert b"\x8c" in content and b"\xe9" in content
    roster = parse_roster(content, CSV)
    assert names(roster) == [(2, "CŒUR", "Chloé"), (3, "SŒUR", "Noé")]


def test_windows_1252_lower_case_oe() -> None:
    content = HEADER.encode("cp1252") + b"\nC\x9cur;C\xe9line;05/11/2010;3E1\n"
    assert names(parse_roster(content, CSV)) == [(2, "Cœur", "Céline")]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused() -> None:
    content = HEADER.encode() + b"\nDUPONT;Jean\x81;05/11/2010;3E1\n"
    assert "UTF-8 ou en Windows-1252" in rejected(content)


def test_a_bom_followed_by_invalid_utf8_is_refused() -> None:
    content = b"\xef\xbb\xbf" + HEADER.encode() + b"\nDUPONT;J\xe9r\xf4me;05/11/2010;3E1\n"
    assert "UTF-8 ou en Windows-1252" in rejected(content)


def test_utf16_gets_a_helpful_message() -> None:
    content = "\n".join([HEADER, "DUPONT;Jean;05/11/2010;3E1"]).encode("utf-16")
    assert "UTF-16" in rejected(content)


# --- Delimiters, quoting, line numbers -----------------------------------------------------


def test_comma_separated() -> None:
    roster = read(HEADER.replace(";", ","), "DUPONT,Jean,05/11/2010,3E1")
    assert names(roster) == [(2, "DUPONT", "Jean")]


def test_excel_sep_line_is_understood_and_lines_still_counted() -> None:
    roster = read("sep=,", HEADER.replace(";", ","), "DUPONT,Jean,05/11/2010,3E1", "X,Y,bad,3E1")
    assert names(roster) == [(3, "DUPONT", "Jean")]
    assert codes(roster) == [(4, "INVALID_BIRTHDATE")]


def test_quoted_fields_with_the_delimiter_and_newlines_keep_line_numbers_right() -> None:
    # Given a quoted cell holding ";" and a cell spanning three physical lines
    roster = read(
        HEADER + ";Remarque",
        '"DUPONT;MOREAU";"Jean";05/11/2010;3E1;"tiers temps',
        "ordinateur",
        'salle à part"',
        "MARTIN;Zoé;31/02/2010;3E1;",
        '"O""NEILL";Liam;01/01/2011;3E2;',
    )
    # Then the record keeps the line of its first line, and the later lines their own
    assert names(roster) == [(2, "DUPONT;MOREAU", "Jean"), (6, 'O"NEILL', "Liam")]
    assert roster.errors == [
        RosterLineError(
            line=5,
            code="INVALID_BIRTHDATE",
            message="Ligne 5 : la date de naissance « 31/02/2010 » n'est pas valide "
            "(formats acceptés : jj/mm/aaaa ou aaaa-mm-jj).",
        )
    ]


def test_a_newline_inside_a_name_is_collapsed_into_a_space() -> None:
    roster = read(HEADER, '"DE LA\nFONTAINE";Anaïs;05/11/2010;3E1')
    assert names(roster) == [(2, "DE LA FONTAINE", "Anaïs")]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_any_line_ending(newline: str) -> None:
    roster = read(HEADER, "DUPONT;Jean;05/11/2010;3E1", "", "X;Y;bad;3E1", newline=newline)
    assert names(roster) == [(2, "DUPONT", "Jean")]
    assert codes(roster) == [(4, "INVALID_BIRTHDATE")]


def test_blank_lines_are_ignored_but_counted_in_line_numbers() -> None:
    roster = read("", HEADER, "", ";;;", "  ;  ; ;", "DUPONT;Jean;05/11/2010;3E1", ";;;")
    assert names(roster) == [(6, "DUPONT", "Jean")]
    assert roster.skipped == 0


def test_an_unterminated_quote_is_refused_naming_where_it_starts() -> None:
    content = csv_bytes(
        HEADER, "DUPONT;Jean;05/11/2010;3E1", '"MARTIN;Zoé;05/11/2010;3E1', "A;B;C;D"
    )
    assert "à partir de la ligne 3" in rejected(content)


def test_short_rows_lack_their_last_cells() -> None:
    roster = read(HEADER + ";Sexe", "DUPONT;Jean;05/11/2010;3E1", "MARTIN;Zoé;05/11/2010")
    assert names(roster) == [(2, "DUPONT", "Jean")]
    assert roster.skipped == 1


# --- Headers -------------------------------------------------------------------------------


def test_headers_in_any_order_case_accents_and_spaces_with_unknown_columns() -> None:
    roster = read(
        "  CLASSE ; Numéro ;DATE DE NAISSANCE;prenom;  nom   de NAISSANCE ;SEXE;Pays de Naissance",
        "3E1;12;05/11/2010;Zoé;LECŒUR;f;",
    )
    [student] = roster.students
    assert (student.last_name, student.first_name, student.division, student.sex) == (
        "LECŒUR",
        "Zoé",
        "3E1",
        Sex.F,
    )


def test_missing_required_columns_are_named() -> None:
    message = rejected(csv_bytes("Nom;Prénom;Date de naissance", "DUPONT;Jean;05/11/2010"))
    assert message.startswith(
        "Colonnes obligatoires absentes de la ligne d'en-tête : « Nom de naissance », « Classe »."
    )


def test_one_missing_column_is_named_in_the_singular() -> None:
    message = rejected(csv_bytes("Nom de naissance;Prénom;Date de naissance", "A;B;05/11/2010"))
    assert message.startswith("Colonne obligatoire absente de la ligne d'en-tête : « Classe ».")


def test_a_file_without_header_is_refused() -> None:
    message = rejected(csv_bytes("DUPONT;Jean;05/11/2010;3E1", "MARTIN;Zoé;05/11/2010;3E1"))
    assert "« Nom de naissance »" in message


def test_a_column_given_twice_is_refused() -> None:
    assert "« Classe »" in rejected(csv_bytes(HEADER + ";classe", "A;B;05/11/2010;3E1;3E2"))


# --- Empty files and limits ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"  \r\n\t\n",
        b"\xef\xbb\xbf",
        HEADER.encode(),
        csv_bytes(HEADER, "", ";;;", ""),
    ],
    ids=["empty", "whitespace", "bom-only", "header-only", "header-and-blank-lines"],
)
def test_a_file_without_pupils_is_refused(content: bytes) -> None:
    assert rejected(content) == "Le fichier ne contient aucun élève."


def test_a_file_whose_rows_are_all_skipped_returns_an_empty_roster() -> None:
    assert read(HEADER, "DUPONT;Jean;05/11/2010;", "X;Y;Z; ") == ParsedRoster(
        students=[],
        skipped=2,
        ignored=[
            ignored_without_class(2, "Ligne 2"),
            ignored_without_class(3, "Ligne 3"),
        ],
    )


def test_50000_lines_are_refused() -> None:
    # Given a 50 000-line file (about 2 MB, under the size limit)
    content = csv_bytes(HEADER, *(f"NOM{n};Prénom;05/11/2010;3E1" for n in range(50_000)))
    # Then it is refused for its number of pupils (how fast: bench/, not here)
    message = rejected(content, code="TOO_MANY_STUDENTS")
    assert "5 000" in message


def test_5000_rows_are_accepted() -> None:
    rows = [
        f"{n:010d}A;NOM{n};Prénom{n};05/11/2010;{'MF'[n % 2]};3E{n % 5 + 1};Lyon;69123;;99100"
        for n in range(MAX_ROSTER_STUDENTS)
    ]
    content = csv_bytes(FULL_HEADER, *rows)
    roster = parse_roster(content, CSV)
    assert (len(roster.students), roster.errors) == (MAX_ROSTER_STUDENTS, [])


# --- Values --------------------------------------------------------------------------------


def test_names_are_trimmed_and_collapsed_keeping_case_accents_apostrophes_and_hyphens() -> None:
    roster = read(
        HEADER,
        "  DUPONT--MOREAU ;  Jean\t Baptiste ;05/11/2010; 3E 1 ",
        "d'Artagnan;Anaïs;05/11/2010;3E1",
        "van der Berg;Marie-Lou;05/11/2010;3E1",
    )
    assert names(roster) == [
        (2, "DUPONT--MOREAU", "Jean Baptiste"),
        (3, "d'Artagnan", "Anaïs"),
        (4, "van der Berg", "Marie-Lou"),
    ]
    assert roster.students[0].division == "3E 1"


def test_a_row_without_class_is_skipped_not_an_error() -> None:
    roster = read(HEADER, "DUPONT;Jean;05/11/2010;", "MARTIN;;bad;  ", "PETIT;Léa;05/11/2010;3E1")
    assert names(roster) == [(4, "PETIT", "Léa")]
    assert (roster.skipped, roster.errors) == (2, [])
    assert [(i.line, i.reason, i.message) for i in roster.ignored] == [
        (2, "NO_DIVISION", "Ligne 2 : élève sans classe cette année, non importé."),
        (3, "NO_DIVISION", "Ligne 3 : élève sans classe cette année, non importé."),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (";Jean;05/11/2010;3E1", [(2, "REQUIRED_FIELD", "le nom de naissance est obligatoire.")]),
        ("DUPONT; ;05/11/2010;3E1", [(2, "REQUIRED_FIELD", "le prénom est obligatoire.")]),
        ("DUPONT;Jean;;3E1", [(2, "REQUIRED_FIELD", "la date de naissance est obligatoire.")]),
        (
            "DUPONT;Jean;2010-02-30;3E1",
            [(2, "INVALID_BIRTHDATE", "« 2010-02-30 » n'est pas valide (formats acceptés :")],
        ),
        ("DUPONT;Jean;12.03.2010;3E1", [(2, "INVALID_BIRTHDATE", "« 12.03.2010 »")]),
        ("DUPONT;Jean;12/03/10;3E1", [(2, "INVALID_BIRTHDATE", "« 12/03/10 »")]),
        ("DUPONT;Jean;01/01/1899;3E1", [(2, "INVALID_BIRTHDATE", "antérieure à 1900")]),
        (
            ";;;3E1",
            [
                (2, "REQUIRED_FIELD", "nom"),
                (2, "REQUIRED_FIELD", "prénom"),
                (2, "REQUIRED_FIELD", "date"),
            ],
        ),
    ],
)
def test_row_errors(row: str, expected: list[tuple[int, str, str]]) -> None:
    roster = read(HEADER, row)
    assert roster.students == []
    assert len(roster.errors) == len(expected)
    for error, (line, code, fragment) in zip(roster.errors, expected, strict=True):
        assert (error.line, error.code) == (line, code)
        assert error.message.startswith(f"Ligne {line} : ")
        assert fragment in error.message


@pytest.mark.parametrize(
    ("value", "sex"),
    [
        ("M", Sex.M),
        ("f", Sex.F),
        ("Masculin", Sex.M),
        ("FÉMININ", Sex.F),
        ("feminin", Sex.F),
        ("", None),
    ],
)
def test_sex_values(value: str, sex: Sex | None) -> None:
    assert read(HEADER + ";Sexe", f"DUPONT;Jean;05/11/2010;3E1;{value}").students[0].sex is sex


def test_an_invalid_sex_is_an_error() -> None:
    roster = read(HEADER + ";Sexe", "DUPONT;Jean;05/11/2010;3E1;H")
    assert roster.errors == [
        RosterLineError(
            line=2,
            code="INVALID_SEX",
            message="Ligne 2 : le sexe « H » n'est pas valide "
            "(valeurs acceptées : M, F, Masculin, Féminin).",
        )
    ]


def test_formula_looking_cells_are_refused_while_the_other_lines_import() -> None:
    # Given cells a spreadsheet would run as formulas
    roster = read(
        HEADER,
        '"=HYPERLINK(""http://evil.example"";""clic"")";Jean;05/11/2010;3E1',
        "DUPONT;+1;05/11/2010;3E1",
        "DUPONT;Jean;05/11/2010;3E1",
        "@SUM(A1:A9);Léa;05/11/2010;3E1",
        "-2+3;Léa;05/11/2010;3E1",
        "MARTIN;Zoé;05/11/2010;=1+1",
        "PETIT;Léa;05/11/2010;3E2",
    )
    # Then they are line errors, and the good lines are imported
    assert names(roster) == [(4, "DUPONT", "Jean"), (8, "PETIT", "Léa")]
    assert codes(roster) == [
        (2, "INVALID_NAME"),
        (3, "INVALID_NAME"),
        (5, "INVALID_NAME"),
        (6, "INVALID_NAME"),
        (7, "INVALID_DIVISION"),
    ]
    assert roster.errors[0].message == (
        'Ligne 2 : le nom de naissance « =HYPERLINK("http://evil.example";"clic") » ne peut '
        "pas commencer par =, +, - ou @ (formule)."
    )


@pytest.mark.parametrize(
    "name", ["DU\x00PONT", "DU\x1bPONT", "DUPONT\u202e", "\u200bDUPONT", "D\x7fUPONT"]
)
def test_control_and_invisible_characters_are_refused(name: str) -> None:
    roster = read(HEADER, f"{name};Jean;05/11/2010;3E1")
    [error] = roster.errors
    assert error.code == "INVALID_NAME"
    assert error.message == (
        "Ligne 2 : le nom de naissance contient des caractères de contrôle ou invisibles."
    )


def test_the_control_characters_are_unicodes_cc_and_cf_but_whitespace() -> None:
    # The pattern scans only planes 0, 1 and 14: every control or format character of the
    # running Python's Unicode tables is in it, and nothing else
    expected = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf")
    } - set("\t\n\r\x0b\x0c")
    pattern = control_characters()
    found = {chr(code) for code in range(sys.maxunicode + 1) if pattern.match(chr(code))}
    assert found == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "DUPONT",
        "  DE   LA\tFONTAINE\n",
        "A" * 39,
        "A" * 40,
        "A" * 41,
        "Lu\u202ecas" * 30,
        " " * 500 + "MARTIN",
        "\x00 " * 300 + "B" * 50,
        "\u200b" * 200 + "Zoé" * 20,
        "x " * 100,
        "\U0001f600" * 60,
    ],
)
def test_values_are_quoted_as_if_read_whole(value: str) -> None:
    # `quoted` reads growing prefixes of a long value: the same as from the whole value
    visible = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    if len(visible) > 40:
        visible = visible[:39] + "…"
    assert quoted(value) == f"« {visible} »"
    assert has_control_characters(value) == any(
        unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r\x0b\x0c" for ch in value
    )


def test_a_name_longer_than_100_characters_and_a_class_longer_than_40_are_refused() -> None:
    roster = read(HEADER, f"{'A' * 101};Jean;05/11/2010;3E1", f"DUPONT;Jean;05/11/2010;{'3' * 41}")
    assert codes(roster) == [(2, "INVALID_NAME"), (3, "INVALID_DIVISION")]
    assert "…" in roster.errors[0].message  # the echoed value is cut
    assert read(HEADER, f"{'A' * 100};Jean;05/11/2010;{'3' * 40}").errors == []


def test_the_same_ine_twice_is_an_error_on_the_later_line() -> None:
    roster = read(
        "INE;" + HEADER,
        "1234567890A;DUPONT;Jean;05/11/2010;3E1",
        "2222222222B;MARTIN;Zoé;05/11/2010;3E1",
        " 1234567890a ;DUPONT;Jean;05/11/2010;3E2",
    )
    assert names(roster) == [(2, "DUPONT", "Jean"), (3, "MARTIN", "Zoé")]
    assert roster.errors == [
        RosterLineError(
            line=4, code="DUPLICATE_INE", message="Ligne 4 : l'INE 1234567890A figure déjà ligne 2."
        )
    ]


def test_invalid_codes_are_errors() -> None:
    roster = read(
        "INE;Code commune de naissance;Code pays de naissance;" + HEADER,
        "12345;;;DUPONT;Jean;05/11/2010;3E1",
        ";LYON;;DUPONT;Jean;05/11/2010;3E1",
        ";;France;DUPONT;Jean;05/11/2010;3E1",
        ";2b033;99100;DUPONT;Jean;05/11/2010;3E1",
    )
    assert codes(roster) == [
        (2, "INVALID_INE"),
        (3, "INVALID_BIRTH_CITY_CODE"),
        (4, "INVALID_BIRTH_COUNTRY_CODE"),
    ]
    assert roster.students[0].birth_city_code == "2B033"


def test_the_given_country_name_wins_over_the_table() -> None:
    roster = read(
        HEADER + ";Pays de naissance;Code pays de naissance",
        "A;B;05/11/2010;3E1;Algérie (Oran);352",
    )
    assert roster.students[0].birth_country == "Algérie (Oran)"


def test_unsupported_media_type() -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_roster(csv_bytes(HEADER, "A;B;05/11/2010;3E1"), "application/vnd.ms-excel")
    assert caught.value.code == "UNSUPPORTED_ROSTER_TYPE"
