// « Ajouter des candidats » : the school's pupils, filtered by class, checked and enrolled.

import * as api from "../api.js";
import { flash, navigate, setTitle } from "../app.js";
import { announce, h, replaceChildren, uid } from "../dom.js";
import { fullName, shortDate } from "../format.js";
import { banner, formError, pagination, showErrors } from "../ui.js";

export async function render(context) {
  const id = context.args[0];
  const session = await api.get(`/sessions/${id}`);
  const classes = (await api.get(`/centers/${encodeURIComponent(session.centerId)}/divisions`)).items;
  setTitle(`Ajouter des candidats à la session ${id}`);

  const back = `#/sessions/${id}/candidats`;
  if (session.status !== "CREATED") {
    return h(
      "div",
      { class: "page" },
      h("p", { class: "back" }, h("a", { href: back }, "← Retour à la session")),
      h("h1", {}, "Ajouter des candidats"),
      banner("info", "Cette session est finalisée : on ne peut plus y ajouter de candidats."),
    );
  }

  const selection = new Set();
  const view = { page: 1, pageSize: 25, divisions: [] };
  const tableArea = h("div", { class: "table-area", "aria-live": "polite", "aria-busy": "false" });
  const counter = h("p", { class: "selection-count", role: "status" });
  const error = formError();
  const addButton = h("button", { type: "submit", class: "button", disabled: true }, "Ajouter");

  const updateCounter = () => {
    counter.textContent = `${selection.size} candidat(s) sélectionné(s) | ${session.candidatesCount} candidat(s) déjà ajouté(s) à la session`;
    addButton.disabled = selection.size === 0;
  };

  const filterBox = h(
    "fieldset",
    { class: "filter" },
    h("legend", {}, "Filtrer par classe"),
    h(
      "div",
      { class: "filter__options" },
      classes.map((division) => {
        const boxId = uid("classe");
        return h(
          "span",
          { class: "chip" },
          h("input", {
            type: "checkbox",
            id: boxId,
            value: division,
            onchange: (event) => {
              if (event.target.checked) view.divisions.push(division);
              else view.divisions = view.divisions.filter((d) => d !== division);
              view.page = 1;
              load();
            },
          }),
          h("label", { for: boxId }, division),
        );
      }),
    ),
    classes.length ? null : h("p", { class: "muted" }, "Aucune classe : importez d'abord la liste des élèves."),
  );

  async function load() {
    tableArea.setAttribute("aria-busy", "true");
    try {
      const answer = await api.get(
        `/sessions/${id}/students${api.query({ division: view.divisions, page: view.page, pageSize: view.pageSize })}`,
      );
      replaceChildren(tableArea, studentsTable(answer), pagination({
        page: view.page,
        pageSize: view.pageSize,
        total: answer.total,
        label: "Pagination des élèves",
        onChange: (next) => {
          Object.assign(view, next);
          load();
        },
      }));
    } catch (failure) {
      replaceChildren(tableArea, banner("error", failure.message));
    } finally {
      tableArea.setAttribute("aria-busy", "false");
    }
  }

  function studentsTable(answer) {
    const selectable = answer.items.filter((student) => !student.isEnrolled);
    const allId = uid("tout");
    const all = h("input", {
      type: "checkbox",
      id: allId,
      disabled: selectable.length === 0,
      onchange: (event) => {
        for (const student of selectable) {
          if (event.target.checked) selection.add(student.id);
          else selection.delete(student.id);
        }
        for (const box of tableArea.querySelectorAll("tbody input[type=checkbox]:not(:disabled)")) {
          box.checked = event.target.checked;
        }
        updateCounter();
      },
    });
    const syncAll = () => {
      const chosen = selectable.filter((student) => selection.has(student.id)).length;
      all.checked = selectable.length > 0 && chosen === selectable.length;
      all.indeterminate = chosen > 0 && chosen < selectable.length;
    };
    syncAll();
    const rows = answer.items.map((student) => {
      const boxId = uid("eleve");
      const box = h("input", {
        type: "checkbox",
        id: boxId,
        checked: student.isEnrolled || selection.has(student.id),
        disabled: student.isEnrolled,
        onchange: (event) => {
          if (event.target.checked) selection.add(student.id);
          else selection.delete(student.id);
          syncAll();
          updateCounter();
        },
      });
      return h(
        "tr",
        { class: student.isEnrolled ? "row--muted" : null },
        h(
          "td",
          { class: "cell--check" },
          box,
          h("label", { for: boxId, class: "visually-hidden" }, student.isEnrolled ? `${fullName(student)} (déjà ajouté(e))` : `Sélectionner ${fullName(student)}`),
        ),
        h("td", {}, student.division),
        h("th", { scope: "row" }, student.lastName),
        h("td", {}, student.firstName),
        h("td", {}, shortDate(student.birthdate)),
        h("td", {}, student.isEnrolled ? h("span", { class: "status status--finalized" }, "Déjà ajouté(e)") : ""),
      );
    });
    return h(
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
          rows.length ? rows : h("tr", {}, h("td", { colspan: "6", class: "table__empty" }, "Aucun élève ne correspond à ce filtre.")),
        ),
      ),
    );
  }

  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Ajouter des candidats" },
    error,
    filterBox,
    tableArea,
    h(
      "div",
      { class: "sticky-footer" },
      counter,
      h("div", { class: "actions" }, h("a", { href: back, class: "button button--secondary" }, "Annuler"), addButton),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!selection.size) return;
    addButton.disabled = true;
    try {
      const answer = await api.post(`/sessions/${id}/candidates`, { studentIds: [...selection] }, { idempotent: true });
      flash(
        "success",
        answer.alreadyEnrolled
          ? `Le(s) candidat(s) ont été ajouté(s) avec succès (${answer.added} ajouté(s), ${answer.alreadyEnrolled} déjà inscrit(s)).`
          : "Le(s) candidat(s) ont été ajouté(s) avec succès.",
      );
      navigate(`/sessions/${id}/candidats`);
    } catch (failure) {
      showErrors(form, failure);
      addButton.disabled = false;
    }
  });

  updateCounter();
  await load();
  announce(`${classes.length} classes disponibles pour filtrer la liste des élèves.`);
  return h(
    "div",
    { class: "page" },
    h("p", { class: "back" }, h("a", { href: back }, "← Retour à la session")),
    h("h1", {}, "Ajouter des candidats"),
    h("p", { class: "muted" }, `Session ${session.id} — ${session.address}, ${session.room}. Cochez les élèves à inscrire, puis « Ajouter ».`),
    form,
  );
}
