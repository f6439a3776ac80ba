"""Every screen fits the widths the schools use — a desktop (1280 px), a tablet (768 px) and a
phone (390 px): wide tables scroll inside their own box, the page itself never scrolls
sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ANNE_FRANK_ADMIN, WebStack, login

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 768, 390)


def test_no_screen_is_wider_than_the_window(page: Page, web_stack: WebStack) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    demo = next(
        s
        for s in web_stack.call(
            "GET", "/centers/c-anne-frank/sessions?pageSize=100", ANNE_FRANK_ADMIN
        ).json()["items"]
        if s["description"].startswith("Session de démonstration")
    )
    screens = [
        "/sessions",
        "/sessions/nouvelle",
        f"/sessions/{demo['id']}",
        f"/sessions/{demo['id']}/candidats",
        f"/sessions/{demo['id']}/candidats/ajouter",
        f"/sessions/{demo['id']}/finalisation",
        "/eleves/import",
    ]
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in screens:
            page.goto(f"{web_stack.web_url}/#{path}")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            page.wait_for_load_state("networkidle")
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if extra > 0:
                too_wide.append(f"{path} at {width} px: {extra} px too wide")
    assert too_wide == []
