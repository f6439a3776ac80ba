"""Sizes and media types the API accepts, shared by the HTTP edge and the rules (kept free of
heavy imports: the route tables read them when the app is imported)."""

MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_ROSTER_STUDENTS = 5000
MAX_DIVISION_LENGTH = 40

# The roster's media types: CSV, the SIECLE export, or a zip holding it.
CSV_TYPES = frozenset({"text/csv"})
XML_TYPES = frozenset({"application/xml", "text/xml"})
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed"})
ROSTER_TYPES = CSV_TYPES | XML_TYPES | ZIP_TYPES
