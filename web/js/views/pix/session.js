// A session seen by Pix staff (GET /admin/sessions/{id}): what the school finalized —
// comment, candidates, issue reports (each impactful one with its resolution), documents —
// the processing (assignment, jury comment, results, publication) and the audit trail.

import * as api from "../../api.js";
import { h } from "../../dom.js";
import { dayOf, instant, longDate, staffStatusLabel } from "../../format.js";
import * as paths from "../../paths.js";
import { setTitle, state, takeFlash } from "../../state.js";
import { banner } from "../../ui.js";
import { actionsSection, juryCommentSection } from "./actions.js";
import { documentsSection, finalizationSection } from "./finalization.js";
import { eventsSection } from "./events.js";
import { SESSION_CHANGED } from "./changed.js";
import { resultsSection } from "./results.js";
import { searchForm } from "./search.js";
import { plural } from "../../french.js";

export async function sessionPage(id) {
  let session;
  try {
    session = await api.get(paths.adminSession(id));
  } catch (failure) {
    if (failure.status !== 404) throw failure;
    return notFound(id);
  }
  setTitle(`Session ${id} — Espace Pix`);
  const actions = actionsSection(session, state.me);
  const page = h(
    "div",
    { class: "page" },
    header(session),
    takeFlash(),
    summary(session),
    actions,
    juryCommentSection(session),
    finalizationSection(session),
    documentsSection(session),
    resultsSection(session),
    eventsSection(session),
  );
  // A report resolved, results saved: a refusal to publish shown earlier is out of date.
  page.addEventListener(SESSION_CHANGED, () => actions.querySelector(".pix-actions__notice").replaceChildren());
  return page;
}

function notFound(id) {
  setTitle("Session introuvable — Espace Pix");
  return h(
    "div",
    { class: "page" },
    h("h1", {}, "Session introuvable"),
    banner("error", `Aucune session ne porte le numéro ${id}.`),
    h("div", { class: "card" }, searchForm()),
    h("p", {}, h("a", { href: "#/pix" }, "Retour à l'Espace Pix")),
  );
}

function header(session) {
  return h(
    "div",
    { class: "session-header" },
    h(
      "div",
      { class: "session-header__title" },
      h("a", { href: "#/pix", class: "back-arrow", "aria-label": "Retour à l'Espace Pix" }, "←"),
      h("h1", {}, `Session ${session.id}`),
      h("span", { class: `status status--staff-${session.status.toLowerCase().replace("_", "-")}`, "data-testid": "statut-session" }, staffStatusLabel(session)),
      session.requiresAction ? h("span", { class: "status status--action" }, "Action requise") : null,
    ),
  );
}

function summary(session) {
  const item = (label, value) => h("div", { class: "details__item" }, h("dt", {}, label), h("dd", {}, value || "—"));
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-resume" },
    h("h2", { id: "titre-resume", class: "visually-hidden" }, "Résumé de la session"),
    h(
      "dl",
      { class: "details" },
      item("Centre", session.centerName),
      item("Date", `${longDate(session.date)} à ${session.time}`),
      item("Site et salle", `${session.address} — ${session.room}`),
      item("Surveillant(s)", session.examiner),
      item("Candidats", `${plural(session.candidatesCount, "inscrit", "inscrits")}, ${plural(session.startedCount, "a rejoint", "ont rejoint")}`),
      item("Finalisée le", session.finalizedAt ? instant(session.finalizedAt) : ""),
      item("Résultats publiés le", session.publishedAt ? dayOf(session.publishedAt) : ""),
      h("div", { class: "details__item" }, h("dt", {}, "Assignée à"), h("dd", { "data-testid": "assignee" }, session.assignedToName || "Personne")),
    ),
  );
}
