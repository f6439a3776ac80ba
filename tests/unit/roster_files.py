"""Small builders of roster files for the roster tests: SIECLE XML, CSV, zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TypedDict
from xml.parsers import expat

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE_PATH = FIXTURES / "ElevesSansAdresses-sample.xml"


def sample_bytes() -> bytes:
    return SAMPLE_PATH.read_bytes()


class EleveFields(TypedDict, total=False):
    """The optional arguments of `eleve`, for helpers that pass them on."""

    nom: str | None
    prenom: str | None
    date_naiss: str | None
    ine: str | None
    sexe: str | None
    pays: str | None
    commune: str | None
    ville: str | None
    extra: str
    nom_element: str


def eleve(
    eleve_id: str,
    *,
    nom: str | None = "MARTIN",
    prenom: str | None = "Lucas",
    date_naiss: str | None = "12/03/2010",
    ine: str | None = None,
    sexe: str | None = "1",
    pays: str | None = "100",
    commune: str | None = "69123",
    ville: str | None = None,
    extra: str = "",
    nom_element: str = "NOM_DE_FAMILLE",
) -> str:
    """One ELEVE element; None leaves an element out. The INE defaults to one derived from the
    ELEVE_ID."""
    ine = f"{int(eleve_id):010d}A"[-11:] if ine is None else ine
    parts = [
        ("ID_NATIONAL", ine),
        ("ELENOET", "5101"),
        (nom_element, nom),
        ("PRENOM", prenom),
        ("DATE_NAISS", date_naiss),
        ("CODE_PAYS", pays),
        ("VILLE_NAISS", ville),
        ("CODE_SEXE", sexe),
        ("CODE_COMMUNE_INSEE_NAISS", commune),
    ]
    children = "".join(
        f"\n        <{tag}>{value}</{tag}>" for tag, value in parts if value is not None
    )
    return f'\n      <ELEVE ELEVE_ID="{eleve_id}" ELENOET="5101">{children}{extra}\n      </ELEVE>'


def structures(eleve_id: str, *entries: tuple[str, str]) -> str:
    """One STRUCTURES_ELEVE with its (CODE_STRUCTURE, TYPE_STRUCTURE) entries."""
    inner = "".join(
        f"\n        <STRUCTURE><CODE_STRUCTURE>{code}</CODE_STRUCTURE>"
        f"<TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE></STRUCTURE>"
        for code, kind in entries
    )
    opening = f'<STRUCTURES_ELEVE ELEVE_ID="{eleve_id}" ELENOET="5101">'
    return f"\n      {opening}{inner}\n      </STRUCTURES_ELEVE>"


def division(eleve_id: str, code: str = "3E1") -> str:
    return structures(eleve_id, (code, "D"))


def siecle_text(
    eleves: list[str],
    structures_eleve: list[str],
    *,
    uai: str | None = "0999999Z",
    encoding: str | None = "ISO-8859-15",
    structures_first: bool = False,
) -> str:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>\n' if encoding else ""
    parametres = f"\n    <UAJ>{uai}</UAJ>" if uai is not None else ""
    eleves_block = f"\n    <ELEVES>{''.join(eleves)}\n    </ELEVES>"
    structures_block = f"\n    <STRUCTURES>{''.join(structures_eleve)}\n    </STRUCTURES>"
    blocks = (
        structures_block + eleves_block if structures_first else eleves_block + structures_block
    )
    return (
        f'{declaration}<BEE_ELEVES VERSION="3.0">\n  <PARAMETRES>{parametres}\n  </PARAMETRES>'
        f"\n  <DONNEES>{blocks}\n  </DONNEES>\n</BEE_ELEVES>\n"
    )


def siecle_xml(
    eleves: list[str],
    structures_eleve: list[str],
    *,
    uai: str | None = "0999999Z",
    encoding: str = "ISO-8859-15",
    structures_first: bool = False,
) -> bytes:
    """A SIECLE file whose bytes really are in the declared encoding."""
    text = siecle_text(
        eleves, structures_eleve, uai=uai, encoding=encoding, structures_first=structures_first
    )
    return text.encode(encoding)


def pupils_xml(count: int, *, left: int = 0) -> bytes:
    """`count` pupils in 3E1, plus `left` pupils with a DATE_SORTIE."""
    ids = [str(1_000_000 + n) for n in range(count + left)]
    eleves = [
        eleve(eleve_id, extra="<DATE_SORTIE>01/01/2025</DATE_SORTIE>" if n >= count else "")
        for n, eleve_id in enumerate(ids)
    ]
    return siecle_xml(eleves, [division(eleve_id) for eleve_id in ids])


HEADER = "Nom de naissance;Prénom;Date de naissance;Classe"


def csv_bytes(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return newline.join(lines).encode(encoding) + newline.encode(encoding)


def zip_bytes(entries: dict[str, bytes], *, directories: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for directory in directories:
            archive.writestr(zipfile.ZipInfo(directory), b"")
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def outside_donnees(content: bytes, xml: bytes) -> bytes:
    """A SIECLE file with `xml` inserted right after the root's start tag, before PARAMETRES and
    DONNEES: elements the reader skips."""
    start = content.index(b"<BEE_ELEVES")
    end = content.index(b">", start) + 1
    return content[:end] + xml + content[end:]


def xml_shape(content: bytes) -> tuple[int, int, int]:
    """(elements, deepest nesting, distinct element and attribute names) of a trusted test file,
    counted by the bare expat parser: the reference the reader's limits are checked against."""
    parser = expat.ParserCreate()
    elements = depth = deepest = 0
    names: set[str] = set()

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal elements, depth, deepest
        elements += 1
        depth += 1
        deepest = max(deepest, depth)
        names.add(name)
        names.update(attributes)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(content, True)
    return elements, deepest, len(names)
