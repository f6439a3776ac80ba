// Once in: the page that stands for the test (the test itself is Pix's application). The
// certification number, the test's duration — the join answer does not say the pupil's extra
// time nor when they started, so the page gives the usual 1 h 45 as a guide and leaves the
// exact time left to the invigilator's screen — and « J'ai terminé ».

import * as api from "../../api.js";
import * as auth from "../../auth.js";
import { h, replaceChildren } from "../../dom.js";
import * as paths from "../../paths.js";
import { navigate, setTitle } from "../../state.js";
import { banner, confirmDialog } from "../../ui.js";

export function testScreen(course) {
  setTitle("Ton test de certification");
  const problem = h("div", { class: "test__problem" });
  const finish = h("button", { type: "button", class: "button button--large" }, "J'ai terminé");
  const page = h(
    "div",
    { class: "page page--narrow pupil-page" },
    h("h1", {}, "Ton test de certification"),
    banner("success", h("p", {}, "Tu es dans la session : ton test peut commencer. Bon courage\u00a0!")),
    h(
      "section",
      { class: "card test__card", "aria-label": "Ton test" },
      h(
        "dl",
        { class: "test__facts" },
        h("div", {}, h("dt", {}, "Ton numéro de certification"), h("dd", { class: "code code--strong", "data-testid": "numero-certification" }, String(course.certificationNumber))),
        h("div", {}, h("dt", {}, "Durée du test (indicative)"), h("dd", {}, "1\u00a0h\u00a045")),
      ),
      h("p", { class: "muted" }, "Si tu as un temps majoré, tu as plus longtemps. Ton surveillant voit exactement le temps qu'il te reste : demande-lui si besoin."),
      h("p", {}, "Quand tu as répondu à la dernière question, appuie sur « J'ai terminé »."),
      problem,
      finish,
    ),
  );
  finish.addEventListener("click", () => complete(course, page, problem, finish));
  return page;
}

async function complete(course, page, problem, finish) {
  const sure = await confirmDialog({
    title: "As-tu terminé ton test ?",
    message: "Une fois que tu as confirmé, tu ne pourras plus revenir dans ton test.",
    confirmLabel: "Oui, j'ai terminé",
  });
  if (!sure) return;
  replaceChildren(problem);
  finish.disabled = true;
  try {
    await api.post(paths.completeCourse(course.certificationNumber), {}, { bearer: course.courseToken });
    auth.clearCourse();
    ending(page, "Test terminé", "success", "Bravo, ton test est terminé et il est bien enregistré. Tu peux fermer cette page et attendre les consignes de ton surveillant.");
  } catch (failure) {
    finish.disabled = false;
    if (failure.code === "CANDIDATE_ENDED_BY_SUPERVISOR") {
      auth.clearCourse();
      ending(page, "Ton surveillant a arrêté ton test", "info", "Ce n'est pas à toi de faire quelque chose de plus sur cet ordinateur. Si tu as une question, va voir ton surveillant : il t'expliquera.");
    } else if (failure.status === 401 || failure.status === 403 || failure.status === 404) {
      auth.clearCourse();
      ending(page, "Ta connexion au test a expiré", "warning", "Demande à ton surveillant d'autoriser la reprise, puis entre de nouveau dans la session.", true);
    } else {
      replaceChildren(problem, banner("error", h("p", {}, failure.message)));
    }
  }
}

/** The end of the visit: a title, a few words, and (if it makes sense) the way back in. */
function ending(page, title, kind, text, backIn = false) {
  setTitle(title);
  const heading = h("h1", { tabindex: "-1" }, title);
  replaceChildren(
    page,
    heading,
    banner(kind, h("p", {}, text)),
    backIn ? h("p", {}, h("button", { type: "button", class: "button", onclick: () => navigate("/candidat") }, "Rejoindre la session")) : null,
  );
  heading.focus();
}
