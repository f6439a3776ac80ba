"""Sizes and media types the API accepts, shared by the HTTP edge and the rules (kept free of
heavy imports: the route tables read them when the app is imported)."""

MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_ROSTER_STUDENTS = 5000
MAX_DIVISION_LENGTH = 40

# Reading a SIECLE export, plain or zipped (shared/domain/roster/, docs/roster-import.md
# « Limites »): the budget of one read, whatever the file. The domain has no clock, so the
# budget is counted, not timed: together these limits bound the work of a read (elements,
# bytes, characters) and the memory it holds (nothing is kept but the values used), and each
# one leaves a real export of MAX_ROSTER_STUDENTS pupils far below it. A real
# "ElevesSansAdresses.xml" has about 30 elements per pupil (the sample: 31, the demo export:
# 27; with many options and groups, still under 100), is 6 levels deep (BEE_ELEVES/DONNEES/
# ELEVES/ELEVE/SCOLARITE_AN_DERNIER/CODE_MEF), uses 50 to 60 distinct names of at most 24
# characters, has no tag longer than a few hundred bytes, reads about 70 characters of values
# per pupil, and zips 10 to 25 times smaller.
# Elements, comments and processing instructions: 5 000 pupils × 200, twice a rich export.
MAX_SIECLE_ELEMENTS = 1_000_000
MAX_SIECLE_DEPTH = 16
# ELEVE elements, the pupils who left included, and as many STRUCTURES_ELEVE: a school of
# MAX_ROSTER_STUDENTS pupils sees a few hundred of them leave in a year.
MAX_SIECLE_ELEVES = 4 * MAX_ROSTER_STUDENTS
# Distinct element and attribute names, and the length of each (its namespace included, if
# any): the parser keeps every name it has seen (a file of a million different names would
# hold a million strings).
MAX_SIECLE_NAMES = 1_000
MAX_SIECLE_NAME_CHARS = 200
# One tag, comment or processing instruction: the parser holds each one whole before reading it
# (text, unlike them, reaches the reader piece by piece).
MAX_XML_TOKEN_BYTES = 64 * 1024
# One value kept for a pupil (a name, a code...): cut beyond, once its blank space collapsed.
# A cut value still has more than 250 characters once composed (NFC folds at most 4 code points
# into one), beyond every field's limit (100 for names), and ends with "…": it is refused,
# never imported cut.
MAX_SIECLE_VALUE_CHARS = 1_000
# All the values read for the pupils (ELEVE_IDs, the texts of the elements read, those of the
# pupils who left and of every STRUCTURE included): what the reader keeps and what the checks
# go through character by character. 5 000 pupils of a real export: about 350 000.
MAX_SIECLE_READ_CHARS = 4_000_000
# The XML file of a zip, decompressed: refused beyond this size (the largest real exports are
# a few megabytes), or beyond this many times the size of its compressed data (a real export:
# 10 to 25 times; the red team's 25 KB zip of 6 million empty elements, #12: 1 000 times).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_RATIO = 100

# The roster's media types: CSV, the SIECLE export, or a zip holding it.
CSV_TYPES = frozenset({"text/csv"})
XML_TYPES = frozenset({"application/xml", "text/xml"})
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed"})
ROSTER_TYPES = CSV_TYPES | XML_TYPES | ZIP_TYPES

# Addresses invited at once (POST /centers/{id}/invitations): a staff room, not a mailing list.
MAX_INVITATION_EMAILS = 100

# An e-mail address, in characters (RFC 5321: a path of 256, angle brackets included).
MAX_EMAIL_LENGTH = 254

# Results entered by Pix staff (PUT /admin/sessions/{id}/results, docs/results.md): JSON or a
# CSV file, one line per candidate. A session of a few hundred candidates fits many times.
MAX_RESULTS_BYTES = 1024 * 1024
MAX_RESULT_LINES = 2000
RESULT_TYPES = frozenset({"application/json", "text/csv"})
# Pix staff's resolution of a session's issue report, in characters.
MAX_RESOLUTION_LENGTH = 255
# Results written per DynamoDB transaction (≤ 100 items: each result, its verification code's
# reservation or release, plus the session's check and the audit event).
RESULTS_PER_WRITE = 45
