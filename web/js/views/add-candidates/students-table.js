// The page of pupils: one checkbox per pupil not yet enrolled, and one for the whole page.

import { h, uid } from "../../dom.js";
import { fullName, shortDate } from "../../format.js";
import { cardsOnPhones } from "../../ui.js";

/** `selection` is a Set of student ids; onChange() runs after every change to it. */
export function studentsTable(answer, selection, onChange) {
  const selectable = answer.items.filter((student) => !student.isEnrolled);
  const allId = uid("tout");
  let wrapper = null;
  const all = h("input", {
    type: "checkbox",
    id: allId,
    disabled: selectable.length === 0,
    onchange: (event) => {
      for (const student of selectable) {
        if (event.target.checked) selection.add(student.id);
        else selection.delete(student.id);
      }
      for (const box of wrapper.querySelectorAll("tbody input[type=checkbox]:not(:disabled)")) {
        box.checked = event.target.checked;
      }
      onChange();
    },
  });
  const syncAll = () => {
    const chosen = selectable.filter((student) => selection.has(student.id)).length;
    all.checked = selectable.length > 0 && chosen === selectable.length;
    all.indeterminate = chosen > 0 && chosen < selectable.length;
  };
  syncAll();
  const rows = answer.items.map((student) =>
    studentRow(student, selection, () => {
      syncAll();
      onChange();
    }),
  );
  wrapper = h(
    "div",
    { class: "table-wrapper" },
    h(
      "table",
      { class: "table table--selectable" },
      h("caption", {}, `Élèves de l'établissement (${answer.total})`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col", class: "cell--check" }, all, h("label", { for: allId, class: "visually-hidden" }, "Sélectionner tous les élèves de cette page")),
          ["Classe", "Nom", "Prénom", "Date de naissance", "Inscription"].map((label) => h("th", { scope: "col" }, label)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.length ? rows : h("tr", {}, h("td", { colspan: "6", class: "table__empty" }, answer.query ? "Aucun élève de ces classes ne porte ce nom." : "Aucun élève ne correspond à ce filtre.")),
      ),
    ),
  );
  cardsOnPhones(wrapper.querySelector("table"));
  return wrapper;
}

function studentRow(student, selection, changed) {
  const boxId = uid("eleve");
  const box = h("input", {
    type: "checkbox",
    id: boxId,
    checked: student.isEnrolled || selection.has(student.id),
    disabled: student.isEnrolled,
    onchange: (event) => {
      if (event.target.checked) selection.add(student.id);
      else selection.delete(student.id);
      changed();
    },
  });
  return h(
    "tr",
    { class: student.isEnrolled ? "row--muted" : null },
    h(
      "td",
      { class: "cell--check" },
      box,
      h("label", { for: boxId, class: "visually-hidden" }, student.isEnrolled ? `${fullName(student)}, déjà dans la session` : `Sélectionner ${fullName(student)}`),
    ),
    h("td", {}, student.division),
    h("th", { scope: "row" }, student.lastName),
    h("td", {}, student.firstName),
    h("td", {}, shortDate(student.birthdate)),
    h("td", {}, student.isEnrolled ? h("span", { class: "status status--finalized" }, "Déjà dans la session") : ""),
  );
}
