"""Sizes the API accepts, shared by the HTTP edge and the rules (kept free of heavy imports:
the route tables read them when the app is imported)."""

MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_ROSTER_STUDENTS = 5000
MAX_DIVISION_LENGTH = 40
