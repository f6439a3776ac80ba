"""Reading a school's roster: SIECLE "ElevesSansAdresses.xml" (plain or zipped) and CSV.

`shared.domain.roster.parse.parse_roster(content, media_type)` is the one entry point; it is
pure (bytes in, values out). This package imports nothing itself: the pupils' records
(`shared.domain.student`) use the roster's model, and a pupil's join must not load the XML,
zip and CSV parsers with it (docs/cold-start.md).
"""
