// The processing queues: every center's finalized sessions, oldest finalization first, by
// status (each with its count) and by « action requise » (a global comment, or an impactful
// issue report not yet resolved), page by page.

import * as api from "../../api.js";
import { h, uid } from "../../dom.js";
import { dayOf, instant, shortDate, STAFF_STATUS, staffStatusLabel } from "../../format.js";
import * as paths from "../../paths.js";
import { navigate } from "../../state.js";
import { pagination, tableBox } from "../../ui.js";
import { plural } from "../../french.js";

const QUEUES = ["FINALIZED", "IN_PROCESS", "PROCESSED"];
const ACTION_FILTERS = [
  { value: "", label: "Toutes les sessions" },
  { value: "true", label: "Action requise" },
  { value: "false", label: "Sans action requise" },
];

export async function queuesSection(context) {
  const status = QUEUES.includes(context.params.get("status")) ? context.params.get("status") : "FINALIZED";
  const requiresAction = ["true", "false"].includes(context.params.get("requiresAction")) ? context.params.get("requiresAction") : "";
  const page = Math.max(1, Number(context.params.get("page")) || 1);
  const pageSize = Number(context.params.get("pageSize")) || 25;
  const answer = await api.get(paths.adminSessions({ status, requiresAction, page, pageSize }));
  // The API counts every queue and its two halves: "FINALIZED", "FINALIZED#ACTION", "FINALIZED#NO_ACTION".
  const half = { true: "#ACTION", false: "#NO_ACTION" }[requiresAction] || "";
  const counts = Object.fromEntries(QUEUES.map((queue) => [queue, answer.counts[`${queue}${half}`] ?? 0]));
  const go = (changes) => navigate(`/pix${paths.query({ status, requiresAction, page, pageSize, ...changes })}`);
  return h(
    "section",
    { "aria-labelledby": "titre-files" },
    h("h2", { id: "titre-files", class: "visually-hidden" }, "Sessions à traiter"),
    h(
      "div",
      { class: "toolbar toolbar--wrap" },
      queueLinks(status, requiresAction, counts),
      actionFilter(requiresAction, go),
    ),
    tableBox(queueTable(status, answer), { readOnly: !answer.items.length }),
    pagination({ page, pageSize, total: answer.total, label: "Pagination des sessions à traiter", onChange: (next) => go(next) }),
  );
}

function queueLinks(status, requiresAction, counts) {
  return h(
    "ul",
    { class: "queues", "aria-label": "Files de traitement" },
    QUEUES.map((queue) =>
      h(
        "li",
        {},
        h(
          "a",
          {
            href: `#/pix${paths.query({ status: queue, requiresAction })}`,
            class: "queues__link",
            "aria-current": queue === status ? "true" : null,
            dataset: { queue },
          },
          h("span", { class: "queues__label" }, STAFF_STATUS[queue]),
          h("span", { class: "queues__count" }, String(counts[queue])),
        ),
      ),
    ),
  );
}

function actionFilter(requiresAction, go) {
  const id = uid("filtre-action");
  return h(
    "div",
    { class: "toolbar__filter" },
    h("label", { for: id }, "Action requise"),
    h(
      "select",
      { id, onchange: (event) => go({ requiresAction: event.target.value, page: 1 }) },
      ACTION_FILTERS.map((f) => h("option", { value: f.value, selected: f.value === requiresAction }, f.label)),
    ),
  );
}

function queueTable(status, answer) {
  const columns = ["N° de session", "Centre", "Date de la session", "Finalisée le", "Statut", "Action requise", "Assignée à"];
  return h(
    "table",
    { class: "table table--sessions" },
    h("caption", {}, `${STAFF_STATUS[status]} : ${plural(answer.total, "session", "sessions")}, la plus anciennement finalisée d'abord`),
    h("thead", {}, h("tr", {}, columns.map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      answer.items.length
        ? answer.items.map(row)
        : h("tr", {}, h("td", { colspan: String(columns.length), class: "table__empty" }, "Aucune session dans cette file.")),
    ),
  );
}

function row(session) {
  const link = h("a", { href: `#/pix/sessions/${session.id}`, "aria-label": `Session ${session.id}` }, String(session.id));
  return h(
    "tr",
    {
      onclick: (event) => {
        if (event.target.closest("a")) return;
        link.click();
      },
    },
    h("th", { scope: "row" }, link),
    h("td", {}, session.centerName),
    h("td", {}, shortDate(session.date)),
    h("td", { title: instant(session.finalizedAt) }, dayOf(session.finalizedAt)),
    h("td", {}, h("span", { class: `status status--staff-${session.status.toLowerCase().replace("_", "-")}` }, staffStatusLabel(session))),
    h("td", {}, session.requiresAction ? h("span", { class: "status status--action" }, "Oui") : "—"),
    h("td", {}, session.assignedToName || "—"),
  );
}
