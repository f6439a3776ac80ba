// « Journal du centre » (ADMIN) : the center's audit trail (GET /centers/{id}/events, oldest
// first, paged), shown newest first — the last page first, each page read backwards.

import * as api from "../../api.js";
import { h, replaceChildren } from "../../dom.js";
import { instant, roleLabel } from "../../format.js";
import * as paths from "../../paths.js";
import { banner, pagination, tableBox } from "../../ui.js";
import { plural } from "../../french.js";

const PAGE_SIZE = 20;

const who = (changes) => changes.name || changes.email || "un membre";

/** Each action of the trail in a sentence; an unknown one by its code. */
const SENTENCES = {
  MEMBER_ROLE_CHANGED: (c) => `Rôle de ${who(c)} : ${roleLabel(c.role?.from)} → ${roleLabel(c.role?.to)}`,
  MEMBER_REMOVED: (c) => `Retrait de l'équipe : ${who(c)}`,
  MEMBER_LEFT: (c) => `${who(c)} a quitté le centre`,
  INVITATION_SENT: (c) => `Invitation envoyée à ${c.email} (${roleLabel(c.role)})`,
  INVITATION_RESENT: (c) => `Invitation renvoyée à ${c.email} (${roleLabel(c.role)})`,
  INVITATION_CANCELLED: (c) => `Invitation de ${c.email} annulée`,
  INVITATION_ACCEPTED: (c) => `Invitation acceptée : ${c.email} a rejoint le centre (${roleLabel(c.role)})`,
  STUDENT_DATA_EXPORTED: () => "Données d'un élève exportées",
  STUDENT_ERASED: () => "Effacement d'un élève",
  STUDENTS_PURGED: (c) => `${plural(c.count, "élève absent des imports retiré", "élèves absents des imports retirés")} de la liste`,
};

function sentence(event) {
  const say = SENTENCES[event.action];
  return say ? say(event.changes || {}) : event.action;
}

export async function journalSection(team) {
  const area = h("div", { class: "table-area" });
  const get = (page) => api.get(paths.centerEvents(team.membership.centerId, { page, pageSize: PAGE_SIZE }));
  // Shown page 1 is the API's last page (the newest events): the first call learns how many
  // pages there are.
  const load = async (shown) => {
    const first = await get(1);
    const last = Math.max(1, Math.ceil(first.total / PAGE_SIZE));
    const page = Math.min(Math.max(1, shown), last);
    const answer = last - page + 1 === 1 ? first : await get(last - page + 1);
    return { ...answer, page };
  };
  const draw = async (shown, { focus = false } = {}) => {
    try {
      replaceChildren(area, journal(team, await load(shown), (page) => draw(page, { focus: true })));
      // Another page: the keyboard lands on the new rows rather than on the page's top.
      if (focus) area.querySelector(".table-wrapper")?.focus();
    } catch (failure) {
      replaceChildren(area, banner("error", failure.message));
    }
  };
  await draw(1);
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-journal" },
    h("h2", { id: "titre-journal" }, "Journal du centre"),
    h("p", { class: "muted" }, "Qui a invité, changé un rôle, retiré un membre, exporté ou effacé les données d'un élève, et quand."),
    area,
  );
}

function journal(team, answer, draw) {
  if (!answer.total) return h("p", { class: "muted" }, "Rien pour l'instant.");
  const table = h(
    "table",
    { class: "table table--compact" },
    h("caption", {}, "Actions enregistrées, les plus récentes d'abord"),
    h("thead", {}, h("tr", {}, ["Date", "Par", "Action"].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      [...answer.items].reverse().map((event) =>
        h("tr", {}, h("td", {}, instant(event.at, team.timeZone)), h("td", { class: "cell--email" }, event.actor?.label || ""), h("td", {}, sentence(event))),
      ),
    ),
  );
  return [
    tableBox(table, { readOnly: true }),
    pagination({
      page: answer.page,
      pageSize: PAGE_SIZE,
      total: answer.total,
      sizes: [PAGE_SIZE],
      label: "Pages du journal",
      onChange: (next) => draw(next.page),
    }),
  ];
}
