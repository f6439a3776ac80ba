// « Importer la liste des élèves » : SIECLE (ElevesSansAdresses.xml, zippé ou non) or CSV.

import * as api from "../api.js";
import { announce, h, replaceChildren, uid } from "../dom.js";
import { plural } from "../french.js";
import * as paths from "../paths.js";
import { currentMembership, isAdmin, setTitle } from "../state.js";
import { banner, clearErrors, formError, showErrors } from "../ui.js";

const TYPES = {
  xml: "application/xml",
  zip: "application/zip",
  csv: "text/csv",
};
const MAX_BYTES = 5 * 1024 * 1024;

export async function render() {
  setTitle("Importer la liste des élèves");
  const membership = currentMembership();
  if (!membership) {
    return h("div", { class: "page" }, h("h1", {}, "Importer la liste des élèves"), banner("info", "Votre compte n'est rattaché à aucun centre de certification."));
  }
  const back = h("p", { class: "back" }, h("a", { href: "#/eleves" }, "← Retour à la liste des élèves"));
  if (!isAdmin()) {
    // The API refuses a MEMBER's import (403 ADMIN_ROLE_REQUIRED): the screen says so first.
    return h(
      "div",
      { class: "page page--narrow" },
      back,
      h("h1", {}, "Importer la liste des élèves"),
      banner("info", "Seuls les administrateurs du centre importent la liste des élèves. Demandez à l'un d'eux de le faire (leurs noms sont dans « Équipe »)."),
    );
  }
  const result = h("div", { class: "import-result", "aria-live": "polite" });
  const { wrapper, input } = fileField();
  const submit = h("button", { type: "submit", class: "button" }, "Importer");
  const form = h(
    "form",
    { class: "form card", novalidate: true, "aria-labelledby": "titre-import" },
    formError(),
    wrapper,
    h("div", { class: "actions actions--start" }, submit),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    importFile({ membership, form, file: input.files[0], submit, result });
  });

  return h(
    "div",
    { class: "page page--narrow" },
    back,
    h("h1", { id: "titre-import" }, "Importer la liste des élèves"),
    h(
      "p",
      { class: "lead" },
      `Les élèves de ${membership.centerName} pourront ensuite être inscrits aux sessions. Importer à nouveau le même fichier ne crée aucun doublon : les élèves sont reconnus par leur INE, ou par leur nom et leur date de naissance.`,
    ),
    form,
    result,
  );
}

/** The native file input (kept in the page), its label styled as a button, the chosen file. */
function fileField() {
  const inputId = uid("fichier-eleves");
  const chosen = h("p", { class: "file-chosen muted", "aria-live": "polite" }, "Aucun fichier choisi");
  const input = h("input", {
    type: "file",
    id: inputId,
    name: "roster",
    class: "file-input",
    onchange: () => {
      chosen.textContent = input.files[0] ? `Fichier choisi : ${input.files[0].name}` : "Aucun fichier choisi";
    },
    accept: ".xml,.zip,.csv,application/xml,text/xml,application/zip,text/csv",
    "aria-describedby": `${inputId}-aide ${inputId}-erreur`,
  });
  const wrapper = h(
    "div",
    { class: "field" },
    h("p", { class: "field__title" }, "Fichier des élèves"),
    h(
      "p",
      { class: "field__hint", id: `${inputId}-aide` },
      "Export SIECLE « ElevesSansAdresses.xml » (ou le fichier .zip qui le contient), ou fichier CSV avec les colonnes Nom de naissance, Prénom, Date de naissance, Classe (et, si vous les avez : INE, Sexe, Commune de naissance, Code commune de naissance, Pays de naissance, Code pays de naissance). 5 Mo au plus.",
    ),
    input,
    h("label", { for: inputId, class: "button button--secondary" }, "Choisir le fichier des élèves"),
    chosen,
    h("p", { class: "field__error", id: `${inputId}-erreur`, dataset: { errorFor: "file" } }),
  );
  return { wrapper, input };
}

/** The type and size checked here, before anything is sent; then the API's report. */
async function importFile({ membership, form, file, submit, result }) {
  clearErrors(form);
  replaceChildren(result);
  const extension = file ? (file.name.split(".").pop() || "").toLowerCase() : "";
  const fail = (message) =>
    showErrors(form, new api.ApiError(422, { code: "INVALID_FILE", message, details: [{ field: "file", message }] }));
  if (!file) return fail("Choisissez un fichier à importer.");
  if (!TYPES[extension]) return fail("Seuls les fichiers XML (SIECLE), ZIP et CSV sont acceptés.");
  if (file.size > MAX_BYTES) return fail("Le fichier dépasse la taille maximale autorisée (5 Mo).");
  submit.disabled = true;
  submit.textContent = "Import en cours…";
  try {
    const report = await api.request("POST", paths.centerStudentsImport(membership.centerId), {
      raw: file,
      contentType: TYPES[extension],
    });
    replaceChildren(result, summary(report, file.name));
    announce(`Import terminé : ${plural(report.created, "élève ajouté", "élèves ajoutés")}, ${plural(report.errors.length, "ligne en erreur", "lignes en erreur")}.`);
    result.querySelector("h2")?.focus();
  } catch (failure) {
    showErrors(form, failure);
  } finally {
    submit.disabled = false;
    submit.textContent = "Importer";
  }
}

function summary(report, fileName) {
  const figures = [
    ["Élèves ajoutés", report.created],
    ["Élèves mis à jour", report.updated],
    ["Élèves inchangés", report.unchanged],
    ["Lignes ignorées", report.skipped],
    ["Lignes en erreur", report.errors.length],
    // Pupils of the roster the file does not list, and those an import removed for good.
    ...(report.absent ? [["Élèves absents du fichier", report.absent]] : []),
    ...(report.purged ? [["Élèves retirés de la liste", report.purged]] : []),
  ];
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-resultat" },
    h("h2", { id: "titre-resultat", tabindex: "-1" }, "Résultat de l'import"),
    report.errors.length
      ? banner("warning", `${fileName} : les lignes valides ont été importées ; corrigez les lignes en erreur puis importez à nouveau le fichier.`)
      : banner("success", `${fileName} : import réussi.`),
    h(
      "dl",
      { class: "figures" },
      figures.map(([label, value]) => h("div", { class: "figures__item" }, h("dt", {}, label), h("dd", {}, String(value)))),
    ),
    linesTable(report.errors, {
      caption: `Lignes en erreur (${report.errors.length})`,
      reasonHeader: "Ce qui ne va pas",
      reason: (error) => error.message,
    }),
    linesTable(report.ignored || [], {
      caption: ignoredCaption(report),
      reasonHeader: "Pourquoi",
      reason: (line) => line.message,
      hint: "Ces élèves ne sont pas importés : c'est voulu (un élève sorti de l'établissement, ou sans classe cette année, n'est pas inscrit aux sessions). Rien à corriger.",
    }),
  );
}

/** « Lignes ignorées (3) », or « (les 200 premières sur 250) » when the API lists only some. */
function ignoredCaption(report) {
  const listed = (report.ignored || []).length;
  return report.skipped > listed ? `Lignes ignorées (les ${listed} premières sur ${report.skipped})` : `Lignes ignorées (${listed})`;
}

/** A table of the file's lines (errors or ignored), each with what the API says of it. */
function linesTable(lines, { caption, reasonHeader, reason, hint }) {
  if (!lines.length) return null;
  return h(
    "div",
    { class: "import-lines" },
    hint ? h("p", { class: "muted" }, hint) : null,
    h(
      "div",
      { class: "table-wrapper" },
      h(
        "table",
        { class: "table table--compact" },
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Ligne"), h("th", { scope: "col" }, reasonHeader))),
        h("tbody", {}, lines.map((line) => h("tr", {}, h("th", { scope: "row" }, String(line.line)), h("td", {}, reason(line))))),
      ),
    ),
  );
}
