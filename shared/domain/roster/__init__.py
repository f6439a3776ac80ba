"""Reading a school's roster: SIECLE "ElevesSansAdresses.xml" (plain or zipped) and CSV.

`parse_roster(content, media_type)` is the one entry point; it is pure (bytes in, values out).
"""

from shared.domain.roster.model import (
    ParsedRoster,
    RosterIgnoredLine,
    RosterLineError,
    RosterStudent,
)
from shared.domain.roster.parse import parse_roster

__all__ = ["ParsedRoster", "RosterIgnoredLine", "RosterLineError", "RosterStudent", "parse_roster"]
