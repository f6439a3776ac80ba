"""« Élèves » : the roster by class. An ADMIN exports everything stored about a pupil (a JSON
file) and erases a pupil (a confirmation that says it cannot be undone; refused while the pupil
is a candidate of a session not finalized). A MEMBER sees the list only, and no import."""

from __future__ import annotations

import json
import random
import re
import string
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    ANNE_FRANK_MEMBER,
    Screenshots,
    WebStack,
    assert_no_axe_violations,
    horizontal_overflow,
    login,
    tomorrow_in,
)

pytestmark = pytest.mark.e2e

CENTER = "c-anne-frank"


def letters(count: int = 6) -> str:
    return "".join(random.choices(string.ascii_uppercase, k=count))


def import_class(stack: WebStack, division: str, last_names: list[str]) -> None:
    rows = [f"{name};Zoé;0{i + 1}/02/2011;{division}" for i, name in enumerate(last_names)]
    roster = "\n".join(["Nom de naissance;Prénom;Date de naissance;Classe", *rows]) + "\n"
    answer = stack.call(
        "POST",
        f"/centers/{CENTER}/students/import",
        ANNE_FRANK_ADMIN,
        data=roster.encode("utf-8"),
        headers={"Content-Type": "text/csv"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == len(last_names), answer.text


def enrolled_session(stack: WebStack, division: str, last_name: str) -> tuple[int, str]:
    """A session of tomorrow with the pupil `last_name` as its candidate: (session, pupil)."""
    session = stack.call(
        "POST",
        f"/centers/{CENTER}/sessions",
        ANNE_FRANK_ADMIN,
        json={
            "address": "Collège Anne Frank",
            "room": "Salle 3",
            "date": tomorrow_in("Europe/Paris").isoformat(),
            "time": "10:00",
            "examiner": "M. Garde",
        },
    ).json()
    pupils = stack.call(
        "GET", f"/sessions/{session['id']}/students?division={division}", ANNE_FRANK_ADMIN
    ).json()["items"]
    [pupil] = [p for p in pupils if p["lastName"] == last_name]
    answer = stack.call(
        "POST",
        f"/sessions/{session['id']}/candidates",
        ANNE_FRANK_ADMIN,
        json={"studentIds": [pupil["id"]]},
    )
    assert answer.status_code in (200, 201), answer.text
    return int(session["id"]), str(pupil["id"])


def show_class(page: Page, division: str) -> None:
    page.get_by_role("group", name="Filtrer par classe").get_by_label(division).check()
    expect(page.get_by_role("table", name="Élèves du Collège Anne Frank (3)")).to_be_visible()


def test_an_admin_exports_and_erases_a_pupil(
    page: Page, web_stack: WebStack, screenshots: Screenshots
) -> None:
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Élèves").click()
    expect(page.get_by_role("heading", level=1, name="Élèves")).to_be_visible()
    expect(page.get_by_role("link", name="Importer la liste des élèves")).to_be_visible()
    screenshots.take(page, "students")

    # A class of three, one of them a candidate of a session not finalized.
    division = f"6{letters(2)}"
    exported, erased, candidate = (letters(), letters(), letters())
    import_class(web_stack, division, [exported, erased, candidate])
    session_id, candidate_id = enrolled_session(web_stack, division, candidate)
    page.reload()
    show_class(page, division)

    # « Exporter les données » : a JSON file of everything stored about the pupil.
    with page.expect_download() as download:
        page.get_by_role("button", name=f"Exporter les données de {exported} Zoé").click()
    saved = download.value
    assert saved.suggested_filename.endswith(".json")
    content = json.loads(Path(saved.path()).read_text(encoding="utf-8"))
    assert exported in json.dumps(content, ensure_ascii=False)
    expect(page.get_by_text(f"Téléchargé : {saved.suggested_filename}")).to_be_visible()

    # A candidate of a session not finalized: the API's refusal, the pupil still there.
    erase = page.get_by_role("button", name=f"Effacer l'élève {candidate} Zoé")
    erase.click()
    dialog = page.get_by_role("dialog", name=f"Effacer {candidate} Zoé ?")
    expect(dialog).to_contain_text("Cette action est définitive : elle ne peut pas être annulée.")
    # Irreversible: Entrée alone does not erase, the focus starts on « Annuler ».
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
    assert_no_axe_violations(page, "Effacer l'élève")
    dialog.get_by_role("button", name="Effacer définitivement").click()
    alert = page.locator(".students__notice").get_by_role("alert")
    expect(alert).to_be_visible()
    # The page says what the API says (asked again once the page's own request is answered:
    # an erasure holds the roster's lease while it runs).
    refusal = web_stack.call(
        "DELETE", f"/centers/{CENTER}/students/{candidate_id}", ANNE_FRANK_ADMIN
    )
    assert refusal.status_code == 409, refusal.text
    assert refusal.json()["code"] == "STUDENT_IS_CANDIDATE"
    expect(alert).to_have_text(refusal.json()["message"])
    expect(erase).to_be_focused()
    candidates = web_stack.call("GET", f"/sessions/{session_id}/candidates", ANNE_FRANK_ADMIN)
    assert [c["lastName"] for c in candidates.json()["items"]] == [candidate]
    rows = page.get_by_role("table", name="Élèves du Collège Anne Frank (3)").locator("tbody tr")
    expect(rows.filter(has_text=candidate)).to_have_count(1)

    # Escape changes nothing; then the erasure, for good.
    page.get_by_role("button", name=f"Effacer l'élève {erased} Zoé").click()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_role("button", name=f"Effacer l'élève {erased} Zoé").click()
    page.get_by_role("dialog").get_by_role("button", name="Effacer définitivement").click()
    notice = page.locator(".students__notice")
    expect(notice).to_contain_text(f"Les données de {erased} Zoé ont été effacées de Pix Certif.")
    table = page.get_by_role("table", name="Élèves du Collège Anne Frank (2)")
    expect(table).not_to_contain_text(erased)
    expect(table).to_contain_text(exported)
    listed = web_stack.call(
        "GET", f"/sessions/{session_id}/students?division={division}", ANNE_FRANK_ADMIN
    ).json()["items"]
    assert sorted(p["lastName"] for p in listed) == sorted([exported, candidate])

    for width in (1280, 768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        assert horizontal_overflow(page) == 0, f"Élèves at {width} px"
        assert_no_axe_violations(page, f"Élèves (ADMIN) at {width} px")


def test_a_member_sees_the_pupils_without_export_erase_or_import(
    page: Page, web_stack: WebStack
) -> None:
    login(page, web_stack, ANNE_FRANK_MEMBER)
    page.get_by_role("link", name="Élèves").click()
    expect(page.get_by_role("heading", level=1, name="Élèves")).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("^Élèves du Collège Anne Frank"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Exporter les données")).to_have_count(0)
    expect(page.get_by_role("button", name="Effacer l'élève")).to_have_count(0)
    expect(page.get_by_role("link", name="Importer la liste des élèves")).to_have_count(0)
    expect(page.get_by_text("Seuls les administrateurs du centre importent")).to_be_visible()
    for width in (1280, 768, 390):
        page.set_viewport_size({"width": width, "height": 800})
        assert horizontal_overflow(page) == 0, f"Élèves (MEMBER) at {width} px"
        assert_no_axe_violations(page, f"Élèves (MEMBER) at {width} px")

    # The import's own address says who may import, instead of a form the API would refuse.
    page.goto(f"{web_stack.web_url}/#/eleves/import")
    expect(
        page.get_by_role("heading", level=1, name="Importer la liste des élèves")
    ).to_be_visible()
    expect(page.get_by_text("Seuls les administrateurs du centre importent")).to_be_visible()
    expect(page.get_by_role("button", name="Importer")).to_have_count(0)
    assert_no_axe_violations(page, "Import des élèves (MEMBER)")
