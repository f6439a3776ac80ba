// « Importer un fichier CSV » of results (PUT /admin/sessions/{id}/results, text/csv): the
// lines saved, and each line in error with the API's message, like the roster's import.

import * as api from "../../api.js";
import { h, replaceChildren, uid } from "../../dom.js";
import { COMPETENCES } from "../../competences.js";
import * as paths from "../../paths.js";
import { sessionChanged } from "./changed.js";
import { banner, submitting, tableBox } from "../../ui.js";
import { plural } from "../../french.js";

const COLUMNS = ["Numéro de certification", "Statut", "Score", ...COMPETENCES.map((c) => c.code)].join(";");

export function importForm(session, refresh) {
  const inputId = uid("fichier-resultats");
  const hintId = `${inputId}-aide`;
  const input = h("input", { id: inputId, type: "file", accept: ".csv,text/csv", "aria-describedby": hintId });
  const feedback = h("div", { class: "results-import__feedback", tabindex: "-1" });
  const form = h(
    "form",
    { class: "form results-import", novalidate: true },
    h("h3", {}, "Importer un fichier CSV"),
    h("div", { class: "field" }, h("label", { for: inputId }, "Fichier CSV des résultats"), h("p", { class: "field__hint", id: hintId }, `Séparateur « ; », UTF-8 ou Windows-1252, une ligne d'en-tête : ${COLUMNS}.`), input),
    h("div", { class: "actions actions--start" }, h("button", { type: "submit", class: "button button--secondary" }, "Importer les résultats")),
    feedback,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files[0];
    replaceChildren(feedback);
    if (!file) {
      replaceChildren(feedback, banner("error", "Choisissez d'abord un fichier CSV."));
      feedback.focus();
      return;
    }
    submitting(form, true);
    try {
      const answer = await api.request("PUT", paths.adminResults(session.id), { raw: file, contentType: "text/csv" });
      if (answer.saved) {
        sessionChanged(form);
        await refresh();
      }
      replaceChildren(
        feedback,
        banner(answer.errors.length ? "warning" : "success", `${file.name} : ${plural(answer.saved, "résultat enregistré", "résultats enregistrés")}, ${plural(answer.errors.length, "ligne en erreur", "lignes en erreur")}.`),
        lineErrors(answer.errors),
      );
    } catch (failure) {
      replaceChildren(feedback, banner("error", failure.message));
    } finally {
      submitting(form, false);
      feedback.focus();
    }
  });
  return form;
}

/** The lines the API refused: « Ligne 3 » and its message (and, for the table's entry, who). */
export function lineErrors(errors, whoAt = () => null) {
  if (!errors || !errors.length) return null;
  const table = h(
    "table",
    { class: "table table--compact" },
    h("caption", {}, `Lignes en erreur (${errors.length})`),
    h("thead", {}, h("tr", {}, ["Ligne", "Erreur"].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      errors.map((error) => {
        const who = whoAt(error.line);
        return h("tr", {}, h("th", { scope: "row" }, who ? `${error.line} (${who})` : String(error.line)), h("td", {}, error.message));
      }),
    ),
  );
  return tableBox(table, { readOnly: true });
}
