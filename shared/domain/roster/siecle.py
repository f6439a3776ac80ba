"""The SIECLE export "ElevesSansAdresses.xml" (see docs/roster-import.md).

Read as a stream of parse events: each ELEVE is reduced to the few values we use and cleared at
once, the classes (STRUCTURES_ELEVE, usually after all the ELEVE elements) are kept by ELEVE_ID,
and the two are joined at the end, in the order of the ELEVE elements."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    iterparse as defused_iterparse,
)

from shared.domain.limits import MAX_ROSTER_STUDENTS
from shared.domain.roster.model import (
    ParsedRoster,
    RosterLineError,
    RosterStudent,
    Sex,
)
from shared.domain.roster.pupil import (
    Dialect,
    PupilChecker,
    RawPupil,
    empty_roster,
    invalid_roster,
    too_many_students,
)
from shared.domain.roster.text import clean, fold, quoted

# <?xml version="1.0" encoding="ISO-8859-15"?>: the declaration is ASCII whatever the encoding.
_DECLARATION = re.compile(rb"<\?xml\s[^>]{0,200}?\bencoding\s*=\s*[\"']([^\"']{0,40})[\"']")
_LEADING_SPACE = re.compile(rb"[ \t\r\n]+")
_CHUNK = 64 * 1024
_ENCODING_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
# Accepted declared encodings, by Python codec name.
_CODECS = {
    "utf-8": "utf-8",
    "ascii": "utf-8",
    "iso8859-15": "iso8859-15",
    "iso8859-1": "iso8859-1",
    "cp1252": "cp1252",
}
_ELEVE_ID = re.compile(r"[0-9A-Za-z_-]{1,20}")
_INACTIVE_DIVISION = "inactifs"
_DIVISION_TYPE = "D"

# The ELEVE children we read; every other one (SCOLARITE_AN_DERNIER above all) is ignored.
_WANTED = frozenset(
    {
        "ID_NATIONAL",
        "NOM_DE_FAMILLE",
        "NOM",
        "PRENOM",
        "DATE_NAISS",
        "CODE_SEXE",
        "CODE_PAYS",
        "VILLE_NAISS",
        "CODE_COMMUNE_INSEE_NAISS",
    }
)

SIECLE_DIALECT = Dialect(
    labels={
        "last_name": "le nom de famille",
        "first_name": "le prénom",
        "birthdate": "la date de naissance",
        "division": "la classe",
        "national_student_id": "l'INE",
        "sex": "le code sexe",
        "birth_city": "la ville de naissance",
        "birth_city_code": "le code commune de naissance",
        "birth_country": "le pays de naissance",
        "birth_country_code": "le code pays de naissance",
    },
    sexes={"1": Sex.M, "2": Sex.F},
    sex_hint="valeurs acceptées : 1 pour masculin, 2 pour féminin",
    date_hint="format attendu jj/mm/aaaa",
    iso_dates=False,
    refer=lambda position: f"pour l'élève n° {position}",
)


def parse_siecle(content: bytes) -> ParsedRoster:
    source = _source(content)
    if source.start >= len(content):
        raise empty_roster()
    reader = _SiecleReader()
    reader.read(source)
    return reader.result()


@dataclass(frozen=True)
class _Source:
    """Where the document starts (after a BOM and leading blank space), and how to decode it."""

    content: bytes
    start: int
    codec: str

    @property
    def first_line(self) -> int:
        return 1 + self.content.count(b"\n", 0, self.start)


def _source(content: bytes) -> _Source:
    """The declared encoding is honoured, with two mislabelled cases made readable: UTF-8 bytes
    under a single-byte declaration (an editor re-saved the file), and single-byte bytes under
    a UTF-8 declaration (read as ISO-8859-15, SIECLE's encoding)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _Source(content, 0, _strictly(content, "utf-16"))
    start = len(codecs.BOM_UTF8) if content.startswith(codecs.BOM_UTF8) else 0
    match = _LEADING_SPACE.match(content, start)
    start = match.end() if match else start
    if content.startswith(codecs.BOM_UTF8):
        return _Source(content, start, _strictly(content, "utf-8"))
    codec = _declared_codec(content, start)
    if codec != "utf-8" and not content.isascii() and _decodes(content, "utf-8"):
        return _Source(content, start, "utf-8")
    if codec in ("utf-8", "cp1252") and not _decodes(content, codec):
        return _Source(content, start, "iso8859-15")
    return _Source(content, start, codec)


def _decodes(content: bytes, codec: str) -> bool:
    """Whether `content` is valid in `codec`, checked by chunks (no copy of a large file)."""
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(content)
    try:
        for offset in range(0, len(view), _CHUNK):
            decoder.decode(view[offset : offset + _CHUNK])
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


def _strictly(content: bytes, codec: str) -> str:
    if not _decodes(content, codec):
        raise _undecodable(codec)
    return codec


def _undecodable(codec: str) -> Exception:
    return invalid_roster(
        f"Le fichier XML n'est pas un texte {codec.upper()} valide : encodage non pris en charge."
    )


def _declared_codec(content: bytes, start: int) -> str:
    match = _DECLARATION.match(content, start, start + 512)
    if not match:
        return "utf-8"
    declared = match.group(1).decode("ascii", errors="replace")
    codec: str | None = None
    if _ENCODING_NAME.fullmatch(declared):
        try:
            codec = _CODECS.get(codecs.lookup(declared).name)
        except LookupError:
            codec = None
    if codec is None:
        raise invalid_roster(
            f"Le fichier XML déclare l'encodage {quoted(declared)} : encodage non pris en charge "
            "(encodages acceptés : ISO-8859-15, ISO-8859-1, Windows-1252, UTF-8)."
        )
    return codec


class _DecodingReader:
    """`read(size)` of the decoded text, a chunk at a time: the parser receives text, so the
    declaration's encoding is not applied a second time, and a large file is never copied."""

    def __init__(self, source: _Source) -> None:
        self._view = memoryview(source.content)[source.start :]
        self._position = 0
        self._decoder = codecs.getincrementaldecoder(source.codec)()

    def read(self, size: int = -1) -> str:
        size = len(self._view) if size < 0 else max(size, 1)
        while True:
            chunk = self._view[self._position : self._position + size]
            self._position += len(chunk)
            final = self._position >= len(self._view)
            text = self._decoder.decode(chunk, final)
            if text or final:
                return text


@dataclass(frozen=True)
class _Eleve:
    position: int
    eleve_id: str
    fields: dict[str, str]


class _SiecleReader:
    def __init__(self) -> None:
        self.uai: str | None = None
        self.count = 0  # ELEVE elements read
        self.present = 0  # ... of which without DATE_SORTIE
        self.skipped = 0
        self.eleves: list[_Eleve] = []
        self.divisions: dict[str, str] = {}

    def read(self, source: _Source) -> None:
        path: list[str] = []
        try:
            for event, element in _events(_DecodingReader(source)):
                tag = _local(element.tag)
                if event == "start":
                    if not path and tag != "BEE_ELEVES":
                        raise invalid_roster(
                            "Ce fichier XML n'est pas un export SIECLE « ElevesSansAdresses » "
                            "(élément racine BEE_ELEVES attendu)."
                        )
                    path.append(tag)
                    continue
                self._end(path, element)
                path.pop()
        except DefusedXmlException:
            raise invalid_roster(
                "Le fichier XML contient une déclaration de type de document (DTD) ou des "
                "entités, refusées pour des raisons de sécurité : importez l'export SIECLE "
                "« ElevesSansAdresses.xml » sans le modifier."
            ) from None
        except UnicodeDecodeError:
            raise _undecodable(source.codec) from None
        except ParseError as error:
            line, column = error.position
            raise invalid_roster(
                f"Le fichier XML est mal formé (ligne {line + source.first_line - 1}, colonne "
                f"{column + 1}) : importez l'export SIECLE « ElevesSansAdresses.xml » sans le "
                "modifier."
            ) from None

    def _end(self, path: list[str], element: Element) -> None:
        depth = len(path)
        if depth == 3 and path[1] == "PARAMETRES" and path[2] == "UAJ":
            self.uai = (element.text or "").strip() or None
        elif depth == 4 and path[1] == "DONNEES":
            if path[2] == "ELEVES" and path[3] == "ELEVE":
                self._eleve(element)
            elif path[2] == "STRUCTURES" and path[3] == "STRUCTURES_ELEVE":
                self._structures(element)
            element.clear()
        elif depth == 3 and path[1] == "DONNEES":
            element.clear()  # drop the emptied ELEVE, OPTION... elements

    def _eleve(self, element: Element) -> None:
        self.count += 1
        fields: dict[str, str] = {}
        left = False
        for child in element:
            tag = _local(child.tag)
            if tag == "DATE_SORTIE":
                left = True
            elif tag in _WANTED:
                fields.setdefault(tag, child.text or "")
        if left:
            self.skipped += 1
            return
        self.present += 1
        if self.present > MAX_ROSTER_STUDENTS:
            raise too_many_students()
        self.eleves.append(_Eleve(self.count, (element.get("ELEVE_ID") or "").strip(), fields))

    def _structures(self, element: Element) -> None:
        eleve_id = (element.get("ELEVE_ID") or "").strip()
        if not eleve_id or eleve_id in self.divisions:
            return
        for structure in element:
            if _local(structure.tag) != "STRUCTURE":
                continue
            values = {_local(child.tag): child.text or "" for child in structure}
            code = values.get("CODE_STRUCTURE", "")
            if (
                clean(values.get("TYPE_STRUCTURE")) == _DIVISION_TYPE
                and clean(code)
                and fold(code) != _INACTIVE_DIVISION
            ):
                self.divisions[eleve_id] = code
                return

    def result(self) -> ParsedRoster:
        if self.count == 0:
            raise empty_roster()
        checker = PupilChecker(SIECLE_DIALECT)
        students: list[RosterStudent] = []
        errors: list[RosterLineError] = []
        skipped = self.skipped
        positions: dict[str, int] = {}
        for eleve in self.eleves:
            where = f"Élève n° {eleve.position}"
            if not eleve.eleve_id:
                errors.append(_error(eleve, where, "REQUIRED_FIELD", _NO_ID))
                continue
            where += f" (ELEVE_ID {_shown_id(eleve.eleve_id)})"
            first = positions.setdefault(eleve.eleve_id, eleve.position)
            if first != eleve.position:
                problem = f"cet ELEVE_ID figure déjà pour l'élève n° {first}."
                errors.append(_error(eleve, where, "DUPLICATE_ELEVE_ID", problem))
                continue
            division = self.divisions.get(eleve.eleve_id)
            if division is None:
                skipped += 1
                continue
            outcome = checker.check(_raw_pupil(eleve, where, division))
            if isinstance(outcome, RosterStudent):
                students.append(outcome)
            else:
                errors.extend(outcome)
        return ParsedRoster(students=students, skipped=skipped, errors=errors, uai=self.uai)


_NO_ID = "l'attribut ELEVE_ID est absent : la classe de l'élève ne peut pas être trouvée."


def _raw_pupil(eleve: _Eleve, where: str, division: str) -> RawPupil:
    fields = eleve.fields
    last_name = fields.get("NOM_DE_FAMILLE", "")
    if not last_name.strip():
        last_name = fields.get("NOM", "")  # files exported before 2016
    return RawPupil(
        line=eleve.position,
        where=where,
        last_name=last_name,
        first_name=fields.get("PRENOM", ""),
        birthdate=fields.get("DATE_NAISS", ""),
        division=division,
        national_student_id=fields.get("ID_NATIONAL", ""),
        sex=fields.get("CODE_SEXE", ""),
        birth_city=fields.get("VILLE_NAISS", ""),
        birth_city_code=fields.get("CODE_COMMUNE_INSEE_NAISS", ""),
        birth_country_code=fields.get("CODE_PAYS", ""),
    )


def _error(eleve: _Eleve, where: str, code: str, problem: str) -> RosterLineError:
    return RosterLineError(line=eleve.position, code=code, message=f"{where} : {problem}")


def _shown_id(eleve_id: str) -> str:
    return eleve_id if _ELEVE_ID.fullmatch(eleve_id) else quoted(eleve_id)


def _local(tag: object) -> str:
    """The tag without its namespace, if any."""
    name = tag if isinstance(tag, str) else ""
    return name.rpartition("}")[2]


def _events(reader: _DecodingReader) -> Iterator[tuple[str, Element]]:
    """Parse events, with no DTD, no entity declaration and no external reference allowed."""
    return cast(
        Iterator[tuple[str, Element]],
        defused_iterparse(reader, events=("start", "end"), forbid_dtd=True),
    )
