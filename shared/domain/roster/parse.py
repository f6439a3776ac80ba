"""The one entry point: a roster file's bytes and media type → what it says."""

from __future__ import annotations

from shared.domain.errors import RuleViolation
from shared.domain.limits import CSV_TYPES, XML_TYPES, ZIP_TYPES
from shared.domain.roster.archive import xml_from_zip
from shared.domain.roster.csv_roster import parse_csv
from shared.domain.roster.model import ParsedRoster
from shared.domain.roster.siecle import parse_siecle, read_siecle


def parse_roster(content: bytes, media_type: str) -> ParsedRoster:
    """Read a roster: `media_type` is lower-cased, without parameters ("text/csv").

    The size of `content` is checked by the caller. Raises `RuleViolation` with the code
    UNSUPPORTED_ROSTER_TYPE, INVALID_ROSTER (nothing can be imported) or TOO_MANY_STUDENTS;
    a problem on one pupil only is a `RosterLineError` of the result."""
    if media_type in CSV_TYPES:
        return parse_csv(content)
    if media_type in XML_TYPES:
        return parse_siecle(content)
    if media_type in ZIP_TYPES:
        # The inflated XML (up to 50 MB) is let go before the pupils are checked: the memory
        # of the two never adds up.
        read = read_siecle(xml_from_zip(content))
        return read.roster()
    raise RuleViolation(
        "UNSUPPORTED_ROSTER_TYPE",
        "Ce type de fichier n'est pas pris en charge : importez un fichier CSV, l'export SIECLE "
        "« ElevesSansAdresses.xml » ou l'archive zip qui le contient.",
    )
