"""The API's reference: an OpenAPI 3.1 document generated from the route table
(functions/api.py) and the handlers' models, committed as docs/openapi.json and served at
GET /openapi.json."""
