// « Sessions de certification » : the current center's sessions, newest first.

import * as api from "../api.js";
import { h, uid } from "../dom.js";
import { isOverdue, sessionStatusLabel, shortDate, statusClass } from "../format.js";
import { ofCenter, plural } from "../french.js";
import * as paths from "../paths.js";
import { currentMembership, navigate, setTitle, takeFlash } from "../state.js";
import { banner, cardsOnPhones, pagination } from "../ui.js";

const FILTERS = [
  { value: "", label: "Toutes les sessions" },
  { value: "CREATED", label: "Créées" },
  { value: "TO_FINALIZE", label: "À finaliser" },
  { value: "OVERDUE", label: "Finalisation en retard" },
  { value: "FINALIZED", label: "Finalisées" },
  { value: "PROCESSED", label: "Résultats transmis par Pix" },
];

export async function render(context) {
  setTitle("Sessions de certification");
  const membership = currentMembership();
  if (!membership) {
    return h(
      "div",
      { class: "page" },
      h("h1", {}, "Sessions de certification"),
      takeFlash(),
      banner("info", "Votre compte n'est rattaché à aucun centre de certification."),
    );
  }
  const page = Math.max(1, Number(context.params.get("page")) || 1);
  const pageSize = Number(context.params.get("pageSize")) || 25;
  const status = context.params.get("status") || "";
  const answer = await api.get(paths.centerSessions(membership.centerId, { page, pageSize, status }));
  const go = (changes) => {
    const next = { page, pageSize, status, ...changes };
    navigate(`/sessions${paths.query(next)}`);
  };

  if (answer.total === 0 && !status) {
    // One « Créer une session » only (the heading's is left out), and where to start.
    return h(
      "div",
      { class: "page" },
      takeFlash(),
      h("div", { class: "page-heading" }, h("h1", {}, "Sessions de certification")),
      h(
        "div",
        { class: "empty" },
        h("p", { class: "empty__title" }, "Créez votre première session de certification"),
        h("a", { href: "#/sessions/nouvelle", class: "button" }, "Créer une session"),
        h("p", { class: "empty__help" }, "Première fois ? Le ", h("a", { href: "#/aide" }, "guide de démarrage"), " dit quoi faire, dans l'ordre : importer les élèves, créer la session, inscrire les candidats, le jour de la session, la finalisation."),
      ),
    );
  }

  const overdueCount = answer.items.filter(isOverdue).length;
  return h(
    "div",
    { class: "page" },
    takeFlash(),
    heading(),
    overdueCount
      ? banner(
          "warning",
          overdueCount === 1
            ? "1 session de cette page n'a pas été finalisée dans les 48 heures : finalisez-la sans attendre."
            : `${overdueCount} sessions de cette page n'ont pas été finalisées dans les 48 heures : finalisez-les sans attendre.`,
        )
      : null,
    h("div", { class: "toolbar" }, statusFilter(status, go)),
    h("div", { class: "table-wrapper" }, cardsOnPhones(sessionsTable(membership, answer))),
    pagination({
      page,
      pageSize,
      total: answer.total,
      label: "Pagination des sessions",
      onChange: (next) => go(next),
    }),
  );
}

function heading() {
  return h(
    "div",
    { class: "page-heading" },
    h("h1", {}, "Sessions de certification"),
    h("a", { href: "#/sessions/nouvelle", class: "button" }, "Créer une session ", h("span", { "aria-hidden": "true" }, "+")),
  );
}

function statusFilter(status, go) {
  const filterId = uid("filtre-statut");
  return h(
    "div",
    { class: "toolbar__filter" },
    h("label", { for: filterId }, "Statut"),
    h(
      "select",
      { id: filterId, onchange: (event) => go({ status: event.target.value, page: 1 }) },
      FILTERS.map((f) => h("option", { value: f.value, selected: f.value === status }, f.label)),
    ),
  );
}

function sessionsTable(membership, answer) {
  return h(
    "table",
    { class: "table table--sessions" },
    h("caption", {}, `Sessions ${ofCenter(membership.centerName)} (${answer.total})`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["ID session", "Nom du site", "Salle", "Date", "Heure", "Surveillant(s)", "Candidats", "Statut"].map((label) =>
          h("th", { scope: "col" }, label),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      answer.items.length
        ? answer.items.map((session) => row(session))
        : h("tr", {}, h("td", { colspan: "8", class: "table__empty" }, "Aucune session ne correspond à ce filtre.")),
    ),
  );
}

function row(session) {
  const overdue = isOverdue(session);
  const link = h("a", { href: `#/sessions/${session.id}`, "aria-label": `Session ${session.id}` }, String(session.id));
  const status = h("span", { class: `status status--${statusClass(session)}` }, sessionStatusLabel(session));
  return h(
    "tr",
    {
      class: overdue ? "row--overdue" : null,
      // The whole row opens the session; the id's link is what the keyboard reaches.
      onclick: (event) => {
        if (event.target.closest("a")) return;
        link.click();
      },
    },
    h("th", { scope: "row" }, link),
    h("td", {}, session.address),
    h("td", {}, session.room),
    h("td", {}, shortDate(session.date)),
    h("td", {}, session.time),
    h("td", {}, session.examiner),
    h(
      "td",
      {},
      h("span", { class: "counts" }, plural(session.candidatesCount, "inscrit", "inscrits")),
      h("span", { class: "counts counts--muted" }, plural(session.startedCount, "a rejoint", "ont rejoint")),
    ),
    h("td", {}, status, overdue ? h("span", { class: "status status--overdue" }, "En retard") : null),
  );
}
