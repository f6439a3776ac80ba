"""The API's own reference, public: declarations only; the document is built by
functions/openapi/document.py on the route's first request."""

from chalice.app import Blueprint

from functions.api import Route, route

blueprint = Blueprint(__name__)

route(
    blueprint,
    Route(
        "/openapi.json",
        "GET",
        "GetOpenApiDocument",
        "functions.openapi.handlers:openapi_document",
        "This document: the API's reference (OpenAPI 3.1)",
        public=True,
    ),
)
