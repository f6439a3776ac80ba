"""The API reference page (web/reference.html): the OpenAPI document of
GET {apiUrl}/openapi.json drawn by the vendored Swagger UI, under the same strict CSP as the
rest of the front end (a violation fails the test, see conftest.py).

The document is served here by Playwright's routing (a small fixture): the tests hold whether
or not the API serves the real one."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Screenshots, WebStack

pytestmark = pytest.mark.e2e

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "API Pix Certif SCO (essai)",
        "version": "1.0.0",
        "description": "Les routes publiques de **Pix Certif SCO**.",
    },
    "paths": {
        "/sessions/{sessionId}": {
            "get": {
                "tags": ["Sessions"],
                "summary": "Lire une session",
                "operationId": "getSession",
                "parameters": [
                    {
                        "name": "sessionId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "La session",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Session"}}
                        },
                    },
                    "404": {"description": "Session introuvable"},
                },
            }
        },
        "/sessions/{sessionId}/candidates/{candidateId}/issue-reports": {
            "post": {
                "tags": ["Finalisation"],
                "summary": "Ajouter un signalement",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "maxLength": 255},
                    }
                ],
                "responses": {"201": {"description": "Le signalement créé"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Session": {
                "type": "object",
                "required": ["id", "room"],
                "properties": {"id": {"type": "integer"}, "room": {"type": "string"}},
            }
        }
    },
}


def serve_document(page: Page, stack: WebStack, status: int = 200) -> list[str]:
    """Answer GET {apiUrl}/openapi.json as the API does (public, CORS for the web origin)."""
    asked: list[str] = []

    def answer(route: Route) -> None:
        asked.append(route.request.url)
        assert route.request.header_value("authorization") is None
        body = DOCUMENT if status == 200 else {"code": "NOT_FOUND", "message": "Introuvable."}
        route.fulfill(
            status=status,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": stack.web_url},
            body=json.dumps(body),
        )

    page.route(f"{stack.api_url}/openapi.json", answer)
    return asked


def test_the_reference_is_reached_from_the_footer_and_shows_the_document(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    asked = serve_document(page, web_stack)
    page.goto(f"{web_stack.web_url}/#/connexion")
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_visible()
    page.get_by_role("contentinfo").get_by_role("link", name="Référence de l'API").click()

    title = page.get_by_role("heading", level=1, name=re.compile("API Pix Certif SCO"))
    expect(title).to_be_visible()
    assert asked == [f"{web_stack.api_url}/openapi.json"]
    expect(page).to_have_title("Référence de l'API | Pix Certif")
    assert page.locator("h1").count() == 1
    expect(page.get_by_text("Lire une session")).to_be_visible()
    expect(page.get_by_text("Ajouter un signalement")).to_be_visible()
    # A reference, not a console: no "Try it out".
    page.get_by_text("Lire une session").click()
    expect(page.get_by_text("La session", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Try it out"))).to_have_count(0)
    screenshots.take(page, "api-reference")

    # Usable at tablet and phone widths: nothing wider than the screen.
    for width in (768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{width} px: {overflow} px too wide"

    # And back to the application.
    page.get_by_role("link", name="Retour à Pix Certif").click()
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_visible()


def test_the_reference_page_by_keyboard(page: Page, web_stack: WebStack) -> None:
    serve_document(page, web_stack)
    page.goto(f"{web_stack.web_url}/reference.html")
    expect(
        page.get_by_role("heading", level=1, name=re.compile("API Pix Certif SCO"))
    ).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
    # The operations are buttons the keyboard reaches and opens.
    for _ in range(30):
        page.keyboard.press("Tab")
        if "Lire une session" in page.evaluate("document.activeElement.textContent || ''"):
            break
    else:
        pytest.fail("the keyboard never reached the operation « Lire une session »")
    page.keyboard.press("Enter")
    expect(page.get_by_text("La session", exact=True)).to_be_visible()


def test_a_missing_document_is_told_in_french(page: Page, web_stack: WebStack) -> None:
    serve_document(page, web_stack, status=404)
    page.goto(f"{web_stack.web_url}/reference.html")
    expect(page.get_by_role("heading", level=1, name="Référence de l'API")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text(
        "La référence de l'API est indisponible pour le moment. L'API a répondu 404."
    )


def test_the_reference_shows_the_document_the_api_serves(page: Page, web_stack: WebStack) -> None:
    # Given the local stack's API, which serves its own docs/openapi.json
    page.goto(f"{web_stack.web_url}/reference.html")
    # Then its operations are listed, grouped by area, with the error codes of each answer
    expect(page.get_by_text("certif-sco API").first).to_be_visible()
    expect(page.get_by_text("Create a session", exact=True)).to_be_visible()
    expect(page.get_by_text("Validate the finalization", exact=False).first).to_be_visible()
