"""GET /openapi.json: the document, generated once per container from the routes."""

from __future__ import annotations

from functools import cache
from typing import Any

from functions.api import ROUTES
from functions.openapi.document import build


@cache
def _document() -> dict[str, Any]:
    return build(ROUTES)


def openapi_document() -> dict[str, Any]:
    return _document()
