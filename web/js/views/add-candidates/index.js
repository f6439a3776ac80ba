// « Ajouter des candidats » : the school's pupils, filtered by class, checked and enrolled.

import * as api from "../../api.js";
import { announce, h, replaceChildren } from "../../dom.js";
import { userAction } from "../../idempotency.js";
import * as paths from "../../paths.js";
import { flash, navigate, setTitle } from "../../state.js";
import { banner, formError, pagination, showErrors } from "../../ui.js";
import { classFilter } from "../../class-filter.js";
import { plural } from "../../french.js";
import { searchField, studentsPage } from "../../student-search.js";
import { studentsTable } from "./students-table.js";

export async function render(context) {
  const id = context.args[0];
  const session = await api.get(paths.session(id));
  const classes = (await api.get(paths.centerDivisions(session.centerId))).items;
  setTitle(`Ajouter des candidats à la session ${id}`);

  const back = `#/sessions/${id}/candidats`;
  if (session.status !== "CREATED") {
    return h(
      "div",
      { class: "page" },
      h("p", { class: "back" }, h("a", { href: back }, "← Retour à la session")),
      h("h1", {}, "Ajouter des candidats"),
      banner("info", "Cette session est finalisée : on ne peut plus y ajouter de candidats."),
    );
  }

  const form = await enrolmentForm(session, classes, back);
  announce(`${classes.length} classes disponibles pour filtrer la liste des élèves.`);
  return h(
    "div",
    { class: "page" },
    h("p", { class: "back" }, h("a", { href: back }, "← Retour à la session")),
    h("h1", {}, "Ajouter des candidats"),
    h("p", { class: "muted" }, `Session ${session.id} — ${session.address}, ${session.room}. Cochez les élèves à inscrire, puis « Ajouter ».`),
    form,
  );
}

/** The filter, the page of pupils and « Ajouter »; resolves once the first page is drawn. */
async function enrolmentForm(session, classes, back) {
  const selection = new Set();
  const view = { page: 1, pageSize: 25, divisions: [], query: "" };
  const tableArea = h("div", { class: "table-area", "aria-live": "polite", "aria-busy": "false" });
  const counter = h("p", { class: "selection-count", role: "status" });
  const addButton = h("button", { type: "submit", class: "button", disabled: true }, "Ajouter");
  const updateCounter = () => {
    counter.textContent = `${plural(selection.size, "candidat sélectionné", "candidats sélectionnés")} | ${plural(session.candidatesCount, "candidat déjà ajouté", "candidats déjà ajoutés")} à la session`;
    addButton.disabled = selection.size === 0;
  };
  const load = () => loadStudents(session.id, view, tableArea, (answer) => studentsTable(answer, selection, updateCounter));
  const filter = classFilter(classes, (divisions) => {
    view.divisions = divisions;
    view.page = 1;
    load();
  });
  const search = searchField((query) => {
    Object.assign(view, { query, page: 1 });
    load();
  });
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Ajouter des candidats" },
    formError(),
    filter,
    search,
    tableArea,
    h(
      "div",
      { class: "sticky-footer" },
      counter,
      h("div", { class: "actions" }, h("a", { href: back, class: "button button--secondary" }, "Annuler"), addButton),
    ),
  );
  // One enrolment, one key: « Ajouter » again after a lost answer enrols nobody twice.
  const enrolment = userAction();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (selection.size) enrol(session.id, form, addButton, [...selection], enrolment);
  });
  updateCounter();
  await load();
  return form;
}

/** GET one page of pupils (the checked classes) into `area`, with its pagination. */
async function loadStudents(sessionId, view, area, table) {
  area.setAttribute("aria-busy", "true");
  try {
    const answer = await studentsPage((query) => api.get(paths.sessionStudents(sessionId, query)), view);
    replaceChildren(area, table(answer), pagination({
      page: view.page,
      pageSize: view.pageSize,
      total: answer.total,
      label: "Pagination des élèves",
      onChange: (next) => {
        Object.assign(view, next);
        loadStudents(sessionId, view, area, table);
      },
    }));
  } catch (failure) {
    replaceChildren(area, banner("error", failure.message));
  } finally {
    area.setAttribute("aria-busy", "false");
  }
}

async function enrol(sessionId, form, addButton, studentIds, enrolment) {
  addButton.disabled = true;
  const body = { studentIds };
  try {
    const answer = await api.post(paths.sessionCandidates(sessionId), body, { idempotencyKey: enrolment.keyFor(body) });
    enrolment.done();
    flash("success", enrolledMessage(answer));
    navigate(`/sessions/${sessionId}/candidats`);
  } catch (failure) {
    showErrors(form, failure);
    addButton.disabled = false;
  }
}

/** « 3 candidats ont été ajoutés. », « 1 candidat a été ajouté (2 étaient déjà inscrits). » */
function enrolledMessage(answer) {
  const added = answer.added === 1 ? "1 candidat a été ajouté" : `${answer.added} candidats ont été ajoutés`;
  if (!answer.alreadyEnrolled) return `${added}.`;
  const already = answer.alreadyEnrolled === 1 ? "1 était déjà inscrit" : `${answer.alreadyEnrolled} étaient déjà inscrits`;
  return `${added} (${already}).`;
}
