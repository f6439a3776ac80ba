"""The SIECLE export "ElevesSansAdresses.xml" (see docs/roster-import.md).

Read as a stream of parse events by a parser target, with a bounded budget (`SiecleLimits`):
no element is ever built; of each ELEVE only the few values we use are kept, the classes
(STRUCTURES_ELEVE, usually after all the ELEVE elements) are kept by ELEVE_ID, and the two are
joined at the end, in the order of the ELEVE elements. Everything else is read past."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from typing import NoReturn
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    DefusedXMLParser,
)

from shared.domain.errors import RuleViolation
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
)
from shared.domain.roster.model import (
    MAX_IGNORED_LISTED,
    ParsedRoster,
    RosterIgnoredLine,
    RosterLineError,
    RosterStudent,
    Sex,
    ignored_left,
    ignored_without_class,
)
from shared.domain.roster.pupil import (
    Dialect,
    PupilChecker,
    RawPupil,
    empty_roster,
    invalid_roster,
    too_many_students,
)
from shared.domain.roster.text import clean, fold, french_number, quoted

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
_STRUCTURE_FIELDS = frozenset({"CODE_STRUCTURE", "TYPE_STRUCTURE"})

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
    sex_hint="valeurs acceptées : 1 pour masculin, 2 pour féminin",
    date_hint="format attendu jj/mm/aaaa",
    iso_dates=False,
    refer=lambda position: f"pour l'élève n° {position}",
)


@dataclass(frozen=True)
class SiecleLimits:
    """The budget of one read (the values and their reasons: shared/domain/limits.py). Beyond
    any of them the file is refused (INVALID_ROSTER) as soon as the limit is crossed; the tests
    pass smaller ones to reach each limit with small files."""

    elements: int = MAX_SIECLE_ELEMENTS
    depth: int = MAX_SIECLE_DEPTH
    names: int = MAX_SIECLE_NAMES
    name_chars: int = MAX_SIECLE_NAME_CHARS
    token_bytes: int = MAX_XML_TOKEN_BYTES
    value_chars: int = MAX_SIECLE_VALUE_CHARS
    read_chars: int = MAX_SIECLE_READ_CHARS
    eleves: int = MAX_SIECLE_ELEVES


SIECLE_LIMITS = SiecleLimits()


def parse_siecle(content: bytes, limits: SiecleLimits = SIECLE_LIMITS) -> ParsedRoster:
    return read_siecle(content, limits).roster()


def read_siecle(content: bytes, limits: SiecleLimits = SIECLE_LIMITS) -> SiecleFile:
    """The first half of `parse_siecle`: what the file says, not checked yet. Keeps no
    reference to `content`, which a caller can let go before the checks (the XML of a zip)."""
    source = _source(content)
    if source.start >= len(content):
        raise empty_roster()
    reader = _SiecleReader(limits)
    reader.read(source)
    return reader.file()


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
        f"Le fichier XML n'est pas un texte {codec.upper()} valide : encodage non pris en charge."
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
            f"Le fichier XML déclare l'encodage {quoted(declared)} : encodage non pris en charge "
            "(encodages acceptés : ISO-8859-15, ISO-8859-1, Windows-1252, UTF-8)."
        )
    return codec


class _DecodingReader:
    """`read(size)` of the decoded text, a chunk at a time: the parser receives it re-encoded
    in UTF-8 (its declaration overridden), so the declared encoding is not applied a second
    time, and a large file is never copied."""

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


# Text is fed to the parser by pieces of this many characters; a tag, a comment or an
# instruction still incomplete after a piece is what the parser holds (`token_bytes`).
_FEED_CHARS = 16 * 1024
# Blank space, as `str.split` sees it, but the control characters among it (the checks must
# still see those).
_BLANK_RUN = re.compile(r"[^\S\x1c-\x1f\x85]+")
# Ends a value cut at SiecleLimits.value_chars: no field accepts it.
_CUT = "…"
# An ELEVE_ID longer than this is joined on its digest: the key kept stays short.
_MAX_KEY_CHARS = 64
_NOT_SIECLE = "ce n'est pas un export SIECLE « ElevesSansAdresses.xml »."


class _Value:
    """The text of one element, as ElementTree's `text` (before its first child), kept up to
    `limit` characters: past it, runs of blank space are made one space (as the checks do), and
    what still does not fit is cut and ends with "…". A cut value is refused by the checks of
    every field (too long once composed, not a code, not a date, not "D"), never imported."""

    __slots__ = ("_full", "_limit", "_parts", "_size")

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._parts: list[str] = []
        self._size = 0
        self._full = False

    def add(self, text: str) -> None:
        if self._full:
            return
        self._parts.append(text)
        self._size += len(text)
        if self._size > self._limit:
            collapsed = _BLANK_RUN.sub(" ", "".join(self._parts))
            if len(collapsed) > self._limit:
                collapsed = collapsed[: self._limit]
                self._full = True
            self._parts = [collapsed]
            self._size = len(collapsed)

    def __len__(self) -> int:
        return self._size

    def text(self) -> str:
        return "".join(self._parts) + (_CUT if self._full else "")


@dataclass
class _EleveDraft:
    key: str
    shown: str
    fields: dict[str, _Value] = field(default_factory=dict)
    left: _Value | None = None  # DATE_SORTIE: the pupil left the school


@dataclass
class _StructuresDraft:
    key: str
    division: str | None = None
    structure: dict[str, _Value] | None = None


@dataclass(frozen=True)
class _Eleve:
    position: int
    key: str  # the ELEVE_ID, or its digest when long
    shown: str  # how messages show the ELEVE_ID
    fields: dict[str, str]


class _SiecleReader:
    """Reads the parse events of the file, in its order. `defusedxml`'s parser refuses DTDs and
    entities; its expat parser then calls the handlers below directly (no element is built):
    `_start` and `_end` for each tag, `_text` for each piece of text, `_markup` for comments,
    processing instructions and CDATA sections."""

    def __init__(self, limits: SiecleLimits) -> None:
        self.limits = limits
        self.uai: _Value | None = None
        self.count = 0  # ELEVE elements read
        self.present = 0  # ... of which without DATE_SORTIE
        self.skipped = 0
        self.left: list[RosterIgnoredLine] = []  # the first of them, with their reason
        self.eleves: list[_Eleve] = []
        self.divisions: dict[str, str] = {}
        self._path: list[str] = []  # local names of the open elements, the root first
        self._elements = 0  # tags, comments, instructions and CDATA sections read
        self._read_chars = 0  # of the values read: texts of the wanted elements, ELEVE_IDs
        self._seen: dict[str, int] = {}  # ELEVE and STRUCTURES_ELEVE elements
        self._names: set[str] = set()
        self._value: _Value | None = None  # the text being read, if wanted
        self._eleve: _EleveDraft | None = None
        self._structures: _StructuresDraft | None = None

    def read(self, source: _Source) -> None:
        # The target only receives close(): the handlers are set on the expat parser below,
        # after defusedxml's own (DTD, entity and external reference refused).
        parser = DefusedXMLParser(target=self, encoding="utf-8", forbid_dtd=True)
        expat = parser.parser
        expat.StartElementHandler = self._start
        expat.EndElementHandler = self._end
        expat.CharacterDataHandler = self._text
        expat.CommentHandler = self._markup
        expat.ProcessingInstructionHandler = self._markup
        expat.StartCdataSectionHandler = self._markup
        reader = _DecodingReader(source)
        fed = 0
        try:
            while text := reader.read(_FEED_CHARS):
                data = text.encode("utf-8")
                parser.feed(data)
                fed += len(data)
                # Past the last event read, what the parser holds: an unfinished tag, comment...
                if fed - expat.CurrentByteIndex > self.limits.token_bytes:
                    raise self._refused(
                        "contient une balise, un commentaire ou une instruction de plus de "
                        f"{_size(self.limits.token_bytes)}"
                    )
            parser.close()
        except DefusedXmlException:
            raise invalid_roster(
                "Le fichier XML contient une déclaration de type de document (DTD) ou des "
                "entités, refusées pour des raisons de sécurité : importez l'export SIECLE "
                "« ElevesSansAdresses.xml » sans le modifier."
            ) from None
        except UnicodeDecodeError:
            raise _undecodable(source.codec) from None
        except ParseError as error:
            line, column = error.position
            raise invalid_roster(
                f"Le fichier XML est mal formé (ligne {line + source.first_line - 1}, colonne "
                f"{column + 1}) : importez l'export SIECLE « ElevesSansAdresses.xml » sans le "
                "modifier."
            ) from None

    def close(self) -> None:
        """Called by the parser's `close`."""

    def _start(self, tag: str, attributes: list[str]) -> None:
        """A start tag; `attributes` alternates names and values."""
        if self._value is not None:
            self._count_value()
        self._elements += 1
        if self._elements > self.limits.elements:
            self._too_many_elements()
        names = self._names
        if tag not in names:
            self._learn(tag)
        if attributes:
            for name in attributes[::2]:
                if name not in names:
                    self._learn(name)
        path = self._path
        if len(path) >= self.limits.depth:
            raise self._refused(f"imbrique ses éléments sur plus de {self.limits.depth} niveaux")
        local = tag.rpartition("}")[2]  # without its namespace, if any
        path.append(local)
        depth = len(path)
        if depth > 3:
            if path[1] == "DONNEES":
                self._start_donnee(depth, local, attributes)
        elif depth == 3:
            if local == "UAJ" and path[1] == "PARAMETRES":
                self.uai = self._value = _Value(self.limits.value_chars)
        elif depth == 1 and local != "BEE_ELEVES":
            raise invalid_roster(
                "Ce fichier XML n'est pas un export SIECLE « ElevesSansAdresses » "
                "(élément racine BEE_ELEVES attendu)."
            )

    def _start_donnee(self, depth: int, local: str, attributes: list[str]) -> None:
        """An element under DONNEES, 4 levels deep or more."""
        if depth == 4:
            if local == "ELEVE" and self._path[2] == "ELEVES":
                self._records("ELEVE")
                eleve_id = _eleve_id(attributes)
                key, shown = _join_key(eleve_id), _shown_id(eleve_id)
                self._count_value(len(key) + len(shown))
                self._eleve = _EleveDraft(key, shown)
            elif local == "STRUCTURES_ELEVE" and self._path[2] == "STRUCTURES":
                self._records("STRUCTURES_ELEVE")
                key = _join_key(_eleve_id(attributes))
                self._count_value(len(key))
                self._structures = _StructuresDraft(key)
        elif depth == 5:
            if self._eleve is not None:
                self._eleve_child(self._eleve, local)
            elif self._structures is not None and local == "STRUCTURE":
                self._structures.structure = {}
        elif depth == 6 and self._structures is not None:
            structure = self._structures.structure
            if structure is not None and local in _STRUCTURE_FIELDS:
                structure[local] = self._value = _Value(self.limits.value_chars)

    def _text(self, text: str) -> None:
        if self._value is not None:
            self._value.add(text)

    def _end(self, tag: str) -> None:
        if self._value is not None:
            self._count_value()
        depth = len(self._path)
        self._path.pop()
        if depth == 4:
            if self._eleve is not None:
                self._end_eleve(self._eleve)
                self._eleve = None
            elif self._structures is not None:
                self._end_structures(self._structures)
                self._structures = None
        elif depth == 5 and self._structures is not None:
            self._end_structure(self._structures)

    def _markup(self, *_: str) -> None:
        """A comment, a processing instruction or the start of a CDATA section: counted like an
        element (each one is a call, and the text between them another). The text being read
        goes on: a comment within a value is skipped, a CDATA section's text is part of it."""
        self._elements += 1
        if self._elements > self.limits.elements:
            self._too_many_elements()

    def _count_value(self, extra: int = 0) -> None:
        """The text being read is complete (its element ends, or a child starts): counted, with
        `extra` characters more (an ELEVE_ID), in the characters read for the pupils."""
        if self._value is not None:
            self._read_chars += len(self._value)
            self._value = None
        self._read_chars += extra
        if self._read_chars > self.limits.read_chars:
            raise self._refused(
                "contient plus de "
                f"{french_number(self.limits.read_chars)} caractères de valeurs lues pour les "
                "élèves (identifiants, noms, dates, codes, classes)"
            )

    def _records(self, tag: str) -> None:
        """One more ELEVE or STRUCTURES_ELEVE: each kind is counted against `limits.eleves`."""
        seen = self._seen[tag] = self._seen.get(tag, 0) + 1
        if seen > self.limits.eleves:
            raise self._refused(
                f"contient plus de {french_number(self.limits.eleves)} éléments {tag}, ceux des "
                "élèves partis compris"
            )

    def _too_many_elements(self) -> NoReturn:
        raise self._refused(f"contient plus de {french_number(self.limits.elements)} éléments")

    def _learn(self, name: str) -> None:
        if len(name) > self.limits.name_chars:
            raise self._refused(
                "contient un nom d'élément ou d'attribut de plus de "
                f"{self.limits.name_chars} caractères"
            )
        self._names.add(name)
        if len(self._names) > self.limits.names:
            raise self._refused(
                f"utilise plus de {french_number(self.limits.names)} noms d'éléments ou "
                "d'attributs différents"
            )

    def _refused(self, problem: str) -> RuleViolation:
        return invalid_roster(f"Le fichier XML {problem} : {_NOT_SIECLE}")

    def _eleve_child(self, eleve: _EleveDraft, local: str) -> None:
        if local == "DATE_SORTIE":
            if eleve.left is None:
                eleve.left = self._value = _Value(self.limits.value_chars)
        elif local in _WANTED and local not in eleve.fields:
            eleve.fields[local] = self._value = _Value(self.limits.value_chars)

    def _end_eleve(self, eleve: _EleveDraft) -> None:
        self.count += 1
        if eleve.left is not None:
            self.skipped += 1
            if len(self.left) < MAX_IGNORED_LISTED:
                where = f"Élève n° {self.count}"
                if eleve.key:
                    where += f" (ELEVE_ID {eleve.shown})"
                self.left.append(ignored_left(self.count, where, clean(eleve.left.text())))
            return
        self.present += 1
        if self.present > MAX_ROSTER_STUDENTS:
            raise too_many_students()
        fields = {tag: value.text() for tag, value in eleve.fields.items()}
        self.eleves.append(_Eleve(self.count, eleve.key, eleve.shown, fields))

    def _end_structure(self, structures: _StructuresDraft) -> None:
        structure, structures.structure = structures.structure, None
        if structure is None or structures.division is not None:
            return
        if not structures.key or structures.key in self.divisions:
            return  # this STRUCTURES_ELEVE will be ignored: no need to look further
        code = structure["CODE_STRUCTURE"].text() if "CODE_STRUCTURE" in structure else ""
        kind = structure["TYPE_STRUCTURE"].text() if "TYPE_STRUCTURE" in structure else ""
        if clean(kind) == _DIVISION_TYPE and clean(code) and fold(code) != _INACTIVE_DIVISION:
            structures.division = code

    def _end_structures(self, structures: _StructuresDraft) -> None:
        key = structures.key
        if key and key not in self.divisions and structures.division is not None:
            self.divisions[key] = structures.division

    def file(self) -> SiecleFile:
        if self.count == 0:
            raise empty_roster()
        uai = (self.uai.text() if self.uai else "").strip() or None
        return SiecleFile(uai, self.skipped, self.eleves, self.divisions, self.left)


@dataclass(frozen=True)
class SiecleFile:
    """What a SIECLE file says, as read: its pupils still at school, in the file's order, the
    class of each ELEVE_ID, the pupils who left."""

    uai: str | None
    left: int
    eleves: list[_Eleve]
    divisions: dict[str, str]
    left_listed: list[RosterIgnoredLine] = field(default_factory=list)

    def roster(self) -> ParsedRoster:
        """The pupils checked, joined to their class."""
        checker = PupilChecker(SIECLE_DIALECT)
        students: list[RosterStudent] = []
        errors: list[RosterLineError] = []
        skipped = self.left
        ignored = list(self.left_listed)
        positions: dict[str, int] = {}
        for eleve in self.eleves:
            where = f"Élève n° {eleve.position}"
            if not eleve.key:
                errors.append(_error(eleve, where, "REQUIRED_FIELD", _NO_ID))
                continue
            where += f" (ELEVE_ID {eleve.shown})"
            first = positions.setdefault(eleve.key, eleve.position)
            if first != eleve.position:
                problem = f"cet ELEVE_ID figure déjà pour l'élève n° {first}."
                errors.append(_error(eleve, where, "DUPLICATE_ELEVE_ID", problem))
                continue
            division = self.divisions.get(eleve.key)
            if division is None:
                skipped += 1
                if len(ignored) < MAX_IGNORED_LISTED:
                    ignored.append(ignored_without_class(eleve.position, where))
                continue
            outcome = checker.check(_raw_pupil(eleve, where, division))
            if isinstance(outcome, RosterStudent):
                students.append(outcome)
            else:
                errors.extend(outcome)
        ignored.sort(key=lambda i: i.line)
        return ParsedRoster(
            students=students, skipped=skipped, ignored=ignored, errors=errors, uai=self.uai
        )


_NO_ID = "l'attribut ELEVE_ID est absent : la classe de l'élève ne peut pas être trouvée."


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
    return RosterLineError(line=eleve.position, code=code, message=f"{where} : {problem}")


def _eleve_id(attributes: list[str]) -> str:
    """The ELEVE_ID attribute, trimmed ("" when absent)."""
    for index in range(0, len(attributes) - 1, 2):
        if attributes[index] == "ELEVE_ID":
            return attributes[index + 1].strip()
    return ""


def _join_key(eleve_id: str) -> str:
    """What ELEVE and STRUCTURES_ELEVE are joined on: the ELEVE_ID, or the digest of a long one
    (an exact join, with a short key kept)."""
    if len(eleve_id) > _MAX_KEY_CHARS:
        return "sha256:" + hashlib.sha256(eleve_id.encode("utf-8")).hexdigest()
    return eleve_id


def _shown_id(eleve_id: str) -> str:
    return eleve_id if _ELEVE_ID.fullmatch(eleve_id) else quoted(eleve_id)


def _size(byte_count: int) -> str:
    return f"{french_number(byte_count // 1024)} Ko"
