"""Finalization that cannot go wrong (issue 15): « Valider » checks the rules first (each
error beside its field, the focus on the first, each gone once corrected), then a summary
with the warnings (tests still « En cours », a session not over in theory); the draft saved
as the user goes, surviving a navigation, a reload and a failed save; the report dialog's
own checks; documents refused but listed; the screen at 390 px and 1 280 px."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Page, Route, expect

from tests.browser.conftest import (
    ANNE_FRANK_ADMIN,
    ExamSession,
    WebStack,
    assert_no_axe_violations,
    complete_course,
    confirm_and_join,
    exam_session,
    finalized_session,
    full_name,
    horizontal_overflow,
    login,
)

pytestmark = pytest.mark.e2e

SAVED = re.compile(r"Brouillon enregistré à \d\d:\d\d")


def started_session(stack: WebStack) -> tuple[ExamSession, list[Any]]:
    """Three pupils joined: the first finished, the second's test still « En cours », the
    third finished; a C5 report for the first."""
    exam = exam_session(stack, 3)
    joined = [confirm_and_join(stack, exam, pupil) for pupil in exam.pupils]
    for index in (0, 2):
        complete_course(stack, joined[index])
    report = stack.call(
        "POST",
        f"/sessions/{exam.id}/candidates/{exam.pupils[0]['candidateId']}/issue-reports",
        ANNE_FRANK_ADMIN,
        json={"category": "CONNECTION_OR_END_SCREEN"},
    )
    assert report.status_code == 201, report.text
    return exam, exam.pupils


def open_finalization(page: Page, stack: WebStack, session_id: int) -> None:
    page.goto(f"{stack.web_url}/#/sessions/{session_id}/finalisation")
    expect(
        page.get_by_role("heading", level=1, name=f"Finaliser la session {session_id}")
    ).to_be_visible()


def started_session_opened(page: Page, stack: WebStack) -> tuple[ExamSession, list[Any]]:
    """`started_session`, its finalization screen open as Anne Frank's administrator."""
    exam, pupils = started_session(stack)
    login(page, stack, ANNE_FRANK_ADMIN)
    open_finalization(page, stack, exam.id)
    return exam, pupils


def draft_of(stack: WebStack, session_id: int) -> dict[str, Any]:
    answer = stack.call("GET", f"/sessions/{session_id}/finalization", ANNE_FRANK_ADMIN)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_valider_checks_every_rule_first_then_summarizes_and_warns(
    page: Page, web_stack: WebStack
) -> None:
    exam, (done, running, other) = started_session_opened(page, web_stack)
    step_one = page.locator("section", has=page.get_by_role("heading", name=re.compile("Étape 1")))
    expect(step_one.locator("tbody tr").filter(has_text=running["firstName"])).to_contain_text(
        "En cours"
    )

    # An incident chosen without a comment, an abort reason missing: no dialog, two errors,
    # the focus on the first one in the page's order.
    page.get_by_label(re.compile("Je souhaite signaler un ou plusieurs incident")).check()
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    abort = page.get_by_label(f"Raison de l'abandon de {full_name(running)}")
    comment = page.get_by_label("Commentaire global sur la session")
    expect(abort).to_have_attribute("aria-invalid", "true")
    expect(abort).to_be_focused()
    expect(
        page.get_by_text(
            f"{running['firstName']} {running['lastName']} n'a pas terminé son test",
        )
    ).to_be_visible()
    expect(comment).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Décrivez l'incident survenu pendant la session.")).to_be_visible()
    expect(page.locator(".form-error")).to_be_visible()
    assert_no_axe_violations(page, "finalisation avec erreurs")

    # Each error goes once its field is corrected; the page's message with the last one.
    abort.select_option("CANDIDATE")
    expect(abort).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text(re.compile("n'a pas terminé son test"))).to_have_count(0)
    expect(comment).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".form-error")).to_be_visible()
    comment.fill("Coupure du réseau de 10 minutes vers 14 h 30.")
    expect(comment).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Décrivez l'incident survenu pendant la session.")).to_have_count(0)
    expect(page.locator(".form-error")).to_be_hidden()

    # The end screen of the first pupil only.
    page.get_by_label(f"Écran de fin du test vu pour {full_name(done)}").check()

    # « Valider »: a summary of what Pix will get, under the warning about the running test.
    page.get_by_role("button", name="Valider").click()
    summary = page.get_by_role("dialog", name=f"Finaliser la session {exam.id} ?")
    expect(summary).to_be_visible()
    expect(summary.locator("[data-warning=running]")).to_contain_text(full_name(running))
    expect(summary.locator("[data-warning=running]")).to_contain_text("« En cours »")
    reports = summary.locator(".summary__part", has_text="Signalements (1)")
    expect(reports).to_contain_text(f"{full_name(done)} : C5")
    unticked = summary.locator(".summary__part", has_text="Écran de fin du test non coché (2)")
    expect(unticked).to_contain_text(full_name(running))
    expect(unticked).to_contain_text(full_name(other))
    expect(unticked).not_to_contain_text(full_name(done))
    expect(summary.locator(".summary__part", has_text="Raisons de l'abandon")).to_contain_text(
        "Abandon : manque de temps ou départ prématuré"
    )
    expect(summary.locator(".summary__part", has_text="Documents transmis (0)")).to_contain_text(
        "Aucun document."
    )
    expect(summary).to_contain_text("Coupure du réseau de 10 minutes vers 14 h 30.")
    # With a warning, Entrée alone does not finalize: the focus is on « Annuler ».
    expect(summary.get_by_role("button", name="Annuler")).to_be_focused()
    assert_no_axe_violations(page, "résumé de la finalisation")
    summary.get_by_role("button", name="Annuler").click()
    assert (
        web_stack.call("GET", f"/sessions/{exam.id}", ANNE_FRANK_ADMIN).json()["status"]
        == "CREATED"
    )

    page.get_by_role("button", name="Valider").click()
    summary.get_by_role("button", name="Confirmer la finalisation").click()
    expect(page.get_by_text("La session a été finalisée. Merci !")).to_be_visible()
    final = draft_of(web_stack, exam.id)
    assert final["examinerGlobalComment"] == "Coupure du réseau de 10 minutes vers 14 h 30."
    assert final["hasIncident"] is True


def test_a_session_not_over_in_theory_is_said_before_finalizing(
    page: Page, web_stack: WebStack
) -> None:
    exam = exam_session(web_stack, 1)
    # Late tonight: its theoretical end (105 minutes later) is still to come.
    moved = web_stack.call(
        "PATCH",
        f"/sessions/{exam.id}",
        ANNE_FRANK_ADMIN,
        json={"time": "23:59"},
        headers={"If-Match": str(session_version(web_stack, exam.id))},
    )
    assert moved.status_code == 200, moved.text
    joined = confirm_and_join(web_stack, exam, exam.pupils[0])
    done = web_stack.call(
        "POST",
        f"/courses/{joined['certificationNumber']}/complete",
        headers={"Authorization": f"Bearer {joined['courseToken']}"},
    )
    assert done.status_code == 200, done.text
    login(page, web_stack, ANNE_FRANK_ADMIN)
    open_finalization(page, web_stack, exam.id)
    page.get_by_role("button", name="Valider").click()
    summary = page.get_by_role("dialog", name=f"Finaliser la session {exam.id} ?")
    expect(summary.locator("[data-warning=notOver]")).to_contain_text(
        "La session n'est pas terminée"
    )
    expect(summary.locator("[data-warning=notOver]")).to_contain_text("à 01:44")
    expect(summary.locator("[data-warning=running]")).to_have_count(0)
    summary.get_by_role("button", name="Annuler").click()
    expect(summary).to_have_count(0)


def session_version(stack: WebStack, session_id: int) -> int:
    answer = stack.call("GET", f"/sessions/{session_id}", ANNE_FRANK_ADMIN)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["version"])


def test_the_draft_is_saved_as_the_user_goes_and_survives_a_navigation_and_a_reload(
    page: Page, web_stack: WebStack
) -> None:
    exam, (done, running, _) = started_session_opened(page, web_stack)
    status = page.locator(".save-status")

    page.get_by_label(f"Écran de fin du test vu pour {full_name(done)}").check()
    page.get_by_label(f"Raison de l'abandon de {full_name(running)}").select_option("TECHNICAL")
    expect(status).to_have_text(SAVED)
    draft = draft_of(web_stack, exam.id)
    by_id = {c["candidateId"]: c for c in draft["candidates"]}
    assert by_id[done["candidateId"]]["hasSeenEndTestScreen"] is True
    assert by_id[running["candidateId"]]["abortReason"] == "TECHNICAL"

    # Typed, then straight to another screen of the application: nothing is lost.
    page.get_by_label(re.compile("Je souhaite signaler un ou plusieurs incident")).check()
    page.get_by_label("Commentaire global sur la session").fill("Alarme incendie à 15 h.")
    page.get_by_role("link", name=f"Retour à la session {exam.id}").click()
    expect(page.get_by_role("heading", level=1, name=f"Session {exam.id}")).to_be_visible()
    page.get_by_role("link", name="Finaliser la session").click()
    expect(page.get_by_label("Commentaire global sur la session")).to_have_value(
        "Alarme incendie à 15 h."
    )
    expect(page.get_by_label(re.compile("Je souhaite signaler"))).to_be_checked()
    expect(page.get_by_label(f"Écran de fin du test vu pour {full_name(done)}")).to_be_checked()
    expect(page.get_by_label(f"Raison de l'abandon de {full_name(running)}")).to_have_value(
        "TECHNICAL"
    )

    # And after a reload.
    page.reload()
    expect(page.get_by_label("Commentaire global sur la session")).to_have_value(
        "Alarme incendie à 15 h."
    )
    assert draft_of(web_stack, exam.id)["examinerGlobalComment"] == "Alarme incendie à 15 h."


def test_a_failed_save_is_said_kept_and_guarded(page: Page, web_stack: WebStack) -> None:
    exam, (done, _, _) = started_session_opened(page, web_stack)

    def fail_the_save(route: Route) -> None:
        if route.request.method == "PUT":
            route.abort()
        else:
            route.continue_()

    finalization = re.compile(r".*/sessions/\d+/finalization$")
    page.route(finalization, fail_the_save)
    page.get_by_label(f"Écran de fin du test vu pour {full_name(done)}").check()
    status = page.locator(".save-status")
    expect(status).to_contain_text("Le brouillon n'a pas pu être enregistré")
    expect(status).to_contain_text("Le serveur ne répond pas.")

    # Another screen of the application, and back: the change is taken back, then saved.
    # Leaving tries the save once more: it must have failed before the network comes back
    # (unrouted while its interception is still pending, it would go through).
    with page.expect_event("requestfailed", lambda request: request.method == "PUT"):
        page.get_by_role("link", name=f"Retour à la session {exam.id}").click()
    expect(page.get_by_role("heading", level=1, name=f"Session {exam.id}")).to_be_visible()
    page.unroute(finalization)
    page.get_by_role("link", name="Finaliser la session").click()
    expect(
        page.get_by_text("Vos dernières modifications n'avaient pas pu être enregistrées")
    ).to_be_visible()
    expect(page.get_by_label(f"Écran de fin du test vu pour {full_name(done)}")).to_be_checked()
    expect(status).to_have_text(SAVED)
    by_id = {c["candidateId"]: c for c in draft_of(web_stack, exam.id)["candidates"]}
    assert by_id[done["candidateId"]]["hasSeenEndTestScreen"] is True

    # Leaving the page (a reload) with a change not saved asks the browser's confirmation.
    page.route(finalization, fail_the_save)
    page.get_by_label(f"Écran de fin du test vu pour {full_name(done)}").uncheck()
    expect(status).to_contain_text("Le brouillon n'a pas pu être enregistré")
    asked: list[str] = []

    def leave(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.once("dialog", leave)
    page.reload()
    expect(
        page.get_by_role("heading", level=1, name=f"Finaliser la session {exam.id}")
    ).to_be_visible()
    assert asked == ["beforeunload"]


def test_the_report_dialog_checks_its_fields_in_order_and_clears_what_is_corrected(
    page: Page, web_stack: WebStack
) -> None:
    _, (done, _, _) = started_session_opened(page, web_stack)
    page.get_by_role("button", name=f"Ajouter un signalement pour {full_name(done)}").click()
    dialog = page.get_by_role("dialog", name="Signalement du candidat")

    dialog.get_by_role("button", name="Valider").click()
    expect(dialog.get_by_text("Veuillez choisir une catégorie de signalement.")).to_be_visible()
    dialog.get_by_label(re.compile("^E1-E7 ")).check()
    expect(dialog.get_by_text("Veuillez choisir une catégorie de signalement.")).to_have_count(0)
    # E1–E6: the description is optional, and says so.
    expect(dialog.get_by_label("Précisez l'incident (facultatif)")).to_be_visible()

    # Nothing filled in: the focus on the type of problem (the first field), not on the
    # description.
    dialog.get_by_role("button", name="Valider").click()
    kind = dialog.get_by_label("Type de problème")
    question = dialog.get_by_label("Numéro de la question")
    expect(kind).to_be_focused()
    expect(dialog.get_by_text("Veuillez préciser le type de signalement.")).to_be_visible()
    expect(dialog.get_by_text("Veuillez indiquer le numéro de la question.")).to_be_visible()

    # E7 requires a description: no « (facultatif) »; its error goes once chosen.
    kind.select_option("OTHER")
    expect(dialog.get_by_text("Veuillez préciser le type de signalement.")).to_have_count(0)
    expect(kind).not_to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_label("Précisez l'incident", exact=True)).to_be_visible()
    expect(dialog.get_by_text("(facultatif)")).to_have_count(0)
    expect(question).to_have_attribute("aria-invalid", "true")

    # Only the question number missing: the focus goes there.
    dialog.get_by_label("Précisez l'incident").fill("La vidéo ne se lance pas.")
    dialog.get_by_role("button", name="Valider").click()
    expect(question).to_be_focused()
    question.fill("7")
    expect(dialog.get_by_text("Veuillez indiquer le numéro de la question.")).to_have_count(0)
    expect(dialog.get_by_role("alert")).to_be_hidden()
    dialog.get_by_role("button", name="Valider").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text("E7 — Autre incident lié à une question (question 7)")).to_be_visible()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_documents_count_what_was_accepted_and_list_the_refused_until_removed(
    page: Page, web_stack: WebStack
) -> None:
    exam, _ = started_session_opened(page, web_stack)
    documents = page.locator("section", has=page.get_by_role("heading", name=re.compile("Étape 2")))
    page.get_by_label("Choisir des fichiers").set_input_files(
        files=[
            FilePayload(name="pv-fraude.png", mimeType="image/png", buffer=png_bytes()),
            # Claims to be a PNG: accepted for upload, refused by the verification.
            FilePayload(name="faux.png", mimeType="image/png", buffer=b"pas une image " * 20),
            # Refused by the API at once: a type it does not take.
            FilePayload(name="notes.txt", mimeType="text/plain", buffer=b"notes"),
        ]
    )
    caption = documents.get_by_role("caption")
    expect(caption).to_have_text("Documents transmis (1) · 2 documents refusés", timeout=45_000)
    fake = documents.locator("tr", has_text="faux.png")
    expect(fake).to_contain_text("Refusé")
    expect(fake.locator(".attachment__reason")).not_to_be_empty()
    text = documents.locator("tr", has_text="notes.txt")
    expect(text).to_contain_text("Refusé")
    expect(text).to_contain_text("Seuls les fichiers PDF, JPEG et PNG sont acceptés.")
    expect(text.get_by_role("button", name=re.compile("Réessayer"))).to_have_count(0)
    expect(documents.locator("tr", has_text="pv-fraude.png")).to_contain_text("Disponible")

    # The summary says the same.
    page.get_by_label(f"Raison de l'abandon de {full_name(exam.pupils[1])}").select_option(
        "TECHNICAL"
    )
    page.get_by_role("button", name="Valider").click()
    summary = page.get_by_role("dialog", name=f"Finaliser la session {exam.id} ?")
    part = summary.locator(".summary__part", has_text="Documents transmis (1)")
    expect(part).to_contain_text("pv-fraude.png")
    expect(part).to_contain_text("non transmis : faux.png, notes.txt")
    summary.get_by_role("button", name="Annuler").click()

    # Removed, they are gone from the list and the caption.
    documents.get_by_role("button", name="Supprimer le document faux.png").click()
    expect(caption).to_have_text("Documents transmis (1) · 1 document refusé")
    documents.get_by_role("button", name="Retirer notes.txt de la liste").click()
    expect(caption).to_have_text("Documents transmis (1)")
    listed = web_stack.call("GET", f"/sessions/{exam.id}/attachments", ANNE_FRANK_ADMIN)
    assert [a["fileName"] for a in listed.json()["items"]] == ["pv-fraude.png"]


def test_the_finalization_screen_fits_a_phone_and_a_desktop(
    page: Page, web_stack: WebStack
) -> None:
    exam, (done, running, _) = started_session(web_stack)
    login(page, web_stack, ANNE_FRANK_ADMIN)

    # 1 280 px: the abort reason is read whole, the C5 radio in line with the others.
    open_finalization(page, web_stack, exam.id)
    abort = page.get_by_label(f"Raison de l'abandon de {full_name(running)}")
    abort.select_option("CANDIDATE")
    assert not_cut(abort), "the abort reason is cut"
    assert horizontal_overflow(page) == 0
    page.get_by_role("button", name=f"Ajouter un signalement pour {full_name(done)}").click()
    dialog = page.get_by_role("dialog", name="Signalement du candidat")
    lefts = dialog.locator("input[type=radio]").evaluate_all(
        "radios => radios.map((r) => Math.round(r.getBoundingClientRect().left))"
    )
    widths = dialog.locator("input[type=radio]").evaluate_all(
        "radios => radios.map((r) => Math.round(r.getBoundingClientRect().width))"
    )
    assert len(set(lefts)) == 1 and len(set(widths)) == 1, (lefts, widths)
    page.keyboard.press("Escape")

    # 390 px: no sideways scroll; each pupil a card, its reports and end screen first.
    page.set_viewport_size({"width": 390, "height": 844})
    open_finalization(page, web_stack, exam.id)
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    row = page.locator("tbody tr").filter(has_text=running["firstName"]).first
    top = {
        cell: row.locator(f".cell--{cell}").bounding_box()["y"]  # type: ignore[index]
        for cell in ("reports", "check", "test", "abort")
    }
    assert top["reports"] < top["check"] < top["test"] < top["abort"], top
    expect(page.get_by_label(f"Écran de fin du test vu pour {full_name(running)}")).to_be_visible()
    page.get_by_label(f"Raison de l'abandon de {full_name(running)}").select_option("TECHNICAL")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == 390


def not_cut(select: Any) -> bool:
    """The select is wide enough for the text of its chosen option (and its arrow)."""
    return bool(
        select.evaluate(
            """(s) => {
              const style = getComputedStyle(s);
              const canvas = document.createElement("canvas").getContext("2d");
              canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
              const text = canvas.measureText(s.selectedOptions[0].textContent).width;
              const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
              const room = s.clientWidth - padding;
              return text <= room;
            }"""
        )
    )


def test_the_deadline_banner_follows_an_extra_time_at_once(page: Page, web_stack: WebStack) -> None:
    # A session of today at 14:00, nobody joined yet: to finalize before day + 2, 15:45.
    exam = exam_session(web_stack, 1)
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{exam.id}/candidats")
    banner = page.get_by_text(re.compile("sera à finaliser avant le"))
    expect(banner).to_contain_text("à 15:45")

    # 33 % more for the pupil: 105 min × 1.33 = 139 min 39 s, so 16:19 — without a reload.
    page.get_by_role("button", name=re.compile("Modifier le temps majoré")).click()
    page.get_by_label(re.compile("Temps majoré de")).fill("33")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("table tbody tr").first).to_contain_text("33\u00a0%")
    expect(banner).to_contain_text("à 16:19")


def test_escape_cancels_the_extra_time_editor(page: Page, web_stack: WebStack) -> None:
    exam = exam_session(web_stack, 1)
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions/{exam.id}/candidats")
    page.get_by_role("button", name=re.compile("Modifier le temps majoré")).click()
    page.get_by_label(re.compile("Temps majoré de")).fill("50")

    page.keyboard.press("Escape")

    # Nothing saved, and the keyboard is back on « Modifier »
    expect(page.get_by_label(re.compile("Temps majoré de"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Modifier le temps majoré"))).to_be_focused()
    candidates = web_stack.call("GET", f"/sessions/{exam.id}/candidates", ANNE_FRANK_ADMIN).json()
    assert [c["extraTimePercentage"] for c in candidates["items"]] == [0]


def test_the_finalized_badge_has_one_colour_in_the_list_and_on_the_session(
    page: Page, web_stack: WebStack
) -> None:
    session = finalized_session(web_stack)
    login(page, web_stack, ANNE_FRANK_ADMIN)
    page.goto(f"{web_stack.web_url}/#/sessions")
    row = page.locator("tr").filter(
        has=page.get_by_role("link", name=f"Session {session.id}", exact=True)
    )
    in_list = row.locator(".status", has_text="Finalisée").first
    expect(in_list).to_be_visible()
    colour = in_list.evaluate("e => getComputedStyle(e).backgroundColor")

    page.goto(f"{web_stack.web_url}/#/sessions/{session.id}")
    on_page = page.locator(".session-header__title .status", has_text="Finalisée")
    expect(on_page).to_be_visible()
    assert on_page.evaluate("e => getComputedStyle(e).backgroundColor") == colour
