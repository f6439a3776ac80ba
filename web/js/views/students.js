// « Élèves » : the school's roster, by class. For an ADMIN, per pupil, « Exporter les données »
// (everything Pix Certif keeps about the pupil, saved as a JSON file) and « Effacer l'élève »
// (erasure, refused while the pupil is a candidate of a session not finalized); the roster
// import is an ADMIN's too. A MEMBER sees the list only.

import * as api from "../api.js";
import { announce, h, replaceChildren } from "../dom.js";
import { classFilter } from "../class-filter.js";
import { downloadJson } from "../download.js";
import { dayOf, fullName, shortDate } from "../format.js";
import { ofCenter } from "../french.js";
import * as paths from "../paths.js";
import { currentMembership, isAdmin, setTitle, takeFlash } from "../state.js";
import { searchField, studentsPage } from "../student-search.js";
import { banner, cardsOnPhones, confirmDialog, pagination, tableBox, visuallyHidden } from "../ui.js";

export async function render() {
  setTitle("Élèves");
  const membership = currentMembership();
  if (!membership) {
    return h("div", { class: "page" }, h("h1", {}, "Élèves"), banner("info", "Votre compte n'est rattaché à aucun centre de certification."));
  }
  const roster = { centerId: membership.centerId, centerName: membership.centerName, admin: isAdmin() };
  const classes = (await api.get(paths.centerDivisions(roster.centerId))).items;
  const list = await studentsSection(roster, classes);
  return h(
    "div",
    { class: "page" },
    h("h1", {}, "Élèves"),
    takeFlash(),
    importBox(roster),
    list,
  );
}

function importBox(roster) {
  if (!roster.admin) {
    return h(
      "p",
      { class: "muted students__import" },
      "Seuls les administrateurs du centre importent la liste des élèves et gèrent leurs données (export, effacement).",
    );
  }
  return h(
    "div",
    { class: "section-heading students__import" },
    h("p", { class: "lead" }, `La liste des élèves ${ofCenter(roster.centerName)}, à jour du dernier import (SIECLE ou CSV).`),
    h("a", { href: "#/eleves/import", class: "button" }, "Importer la liste des élèves"),
  );
}

/** « Liste des élèves » : the filter by class, a page of pupils, its pagination. */
async function studentsSection(roster, classes) {
  const view = { page: 1, pageSize: 25, divisions: [], query: "" };
  const notice = h("div", { class: "students__notice" });
  const area = h("div", { class: "table-area", "aria-busy": "false" });
  const heading = h("h2", { id: "titre-liste-eleves", tabindex: "-1" }, "Liste des élèves");
  const load = async () => {
    area.setAttribute("aria-busy", "true");
    try {
      const answer = await studentsPage((query) => api.get(paths.centerStudents(roster.centerId, query)), view);
      replaceChildren(
        area,
        studentsTable(roster, answer, { erase: (student) => erase(roster, student, { notice, load, heading }) }),
        pagination({
          page: view.page,
          pageSize: view.pageSize,
          total: answer.total,
          label: "Pagination des élèves",
          onChange: (next) => {
            Object.assign(view, next);
            load();
          },
        }),
      );
    } catch (failure) {
      replaceChildren(area, banner("error", failure.message));
    } finally {
      area.setAttribute("aria-busy", "false");
    }
  };
  const filter = classFilter(classes, (divisions) => {
    Object.assign(view, { divisions, page: 1 });
    load();
  });
  const search = classes.length
    ? searchField((query) => {
        Object.assign(view, { query, page: 1 });
        load();
      })
    : null;
  await load();
  return h("section", { class: "card", "aria-labelledby": "titre-liste-eleves" }, heading, notice, filter, search, area);
}

function studentsTable(roster, answer, actions) {
  if (!answer.items.length && answer.query) {
    return h("p", { class: "empty__title students__empty" }, "Aucun élève de ces classes ne porte ce nom.");
  }
  if (!answer.items.length) {
    return h(
      "p",
      { class: "empty__title students__empty" },
      roster.admin
        ? ["Aucun élève : ", h("a", { href: "#/eleves/import" }, "importez d'abord la liste des élèves"), "."]
        : "Aucun élève pour l'instant : un administrateur du centre importe la liste des élèves.",
    );
  }
  const headers = ["Nom de naissance", "Prénom", "Date de naissance", "Classe", "INE"];
  const table = h(
    "table",
    { class: "table" },
    h("caption", {}, `Élèves ${ofCenter(roster.centerName)} (${answer.total})`),
    h(
      "thead",
      {},
      h("tr", {}, headers.map((label) => h("th", { scope: "col" }, label)), roster.admin ? h("th", { scope: "col" }, visuallyHidden("Actions")) : null),
    ),
    h("tbody", {}, answer.items.map((student) => studentRow(roster, student, actions))),
  );
  return tableBox(cardsOnPhones(table), { readOnly: !roster.admin });
}

function studentRow(roster, student, actions) {
  const name = fullName(student);
  return h(
    "tr",
    {},
    h(
      "th",
      { scope: "row" },
      student.lastName,
      // No longer listed by the imports: removed from the roster after a grace period.
      student.leftSince ? h("span", { class: "students__left" }, `Absent des imports depuis le ${dayOf(student.leftSince)}`) : null,
    ),
    h("td", {}, student.firstName),
    h("td", {}, shortDate(student.birthdate)),
    h("td", {}, student.division || ""),
    h("td", {}, student.nationalStudentId || "—"),
    roster.admin
      ? h(
          "td",
          { class: "cell--actions students__actions" },
          h(
            "button",
            {
              type: "button",
              class: "button button--secondary button--small",
              onclick: (event) =>
                downloadJson(event.currentTarget, (options) => api.get(paths.centerStudentExport(roster.centerId, student.id), options), exportName(student)),
            },
            "Exporter les données",
            visuallyHidden(` de ${name}`),
          ),
          h(
            "button",
            { type: "button", class: "button button--danger-ghost button--small", onclick: () => actions.erase(student) },
            "Effacer l'élève",
            visuallyHidden(` ${name}`),
          ),
        )
      : null,
  );
}

/** "donnees-eleve-DUPONT-Jean.json": letters, digits and dashes only. */
function exportName(student) {
  const plain = (text) =>
    String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  return `donnees-eleve-${[plain(student.lastName), plain(student.firstName)].filter(Boolean).join("-") || student.id}.json`;
}

async function erase(roster, student, { notice, load, heading }) {
  const name = fullName(student);
  const confirmed = await confirmDialog({
    title: `Effacer ${name} ?`,
    message: [
      `Tout ce que Pix Certif garde sur ${name} (${student.division || "sans classe"}, date de naissance ${shortDate(student.birthdate)}) sera effacé : son identité et ses inscriptions aux sessions.`,
      "Cette action est définitive : elle ne peut pas être annulée.",
      "S'il faut en garder une trace, exportez d'abord ses données (« Exporter les données »).",
    ],
    confirmLabel: "Effacer définitivement",
    danger: true,
    cancelFirst: true,
  });
  if (!confirmed) return;
  try {
    await api.del(paths.centerStudent(roster.centerId, student.id));
  } catch (failure) {
    replaceChildren(notice, banner("error", failure.message));
    return;
  }
  await load();
  replaceChildren(notice, banner("success", `Les données de ${name} ont été effacées de Pix Certif.`));
  announce(`Les données de ${name} ont été effacées de Pix Certif.`);
  heading.focus();
}
