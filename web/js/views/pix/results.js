// « Résultats » : one row per candidate who joined — status, Pix score (0–1024) and the level
// (0–8) of each of the 16 competences — saved together (PUT /admin/sessions/{id}/results,
// JSON), or imported from a CSV file (results-import.js). On a phone the table scrolls inside
// its own box. Once published, the results are only read.

import * as api from "../../api.js";
import { h, replaceChildren, uid } from "../../dom.js";
import { COMPETENCES, RESULT_STATUS } from "../../competences.js";
import { fullName } from "../../format.js";
import * as paths from "../../paths.js";
import { banner, formError, submitting, tableBox, visuallyHidden } from "../../ui.js";
import { sessionChanged } from "./changed.js";
import { importForm, lineErrors } from "./results-import.js";
import { plural } from "../../french.js";

const EDITABLE = ["FINALIZED", "IN_PROCESS"];

export function resultsSection(session) {
  const candidates = session.finalization ? session.finalization.candidates.filter((c) => c.certificationNumber) : [];
  const area = h("div", { class: "results-entry" });
  const editable = EDITABLE.includes(session.status);
  const draw = (results) => replaceChildren(area, editable ? entryForm(session, candidates, results) : readTable(session, candidates, results));
  draw(session.results || []);
  // After an import, the table shows what the API has now.
  const refresh = async () => draw((await api.get(paths.adminSession(session.id))).results || []);
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-resultats" },
    h("h2", { id: "titre-resultats" }, "Résultats"),
    candidates.length ? area : h("p", { class: "muted" }, "Aucun candidat n'a rejoint la session."),
    editable && candidates.length ? importForm(session, refresh) : null,
  );
}

const byNumber = (results) => new Map(results.map((r) => [String(r.certificationNumber), r]));
const levelOf = (result, code) => {
  const found = result && result.competences.find((c) => c.code === code);
  return found ? String(found.level) : "";
};

function headerRow() {
  return h(
    "tr",
    {},
    h("th", { scope: "col" }, "Candidat"),
    h("th", { scope: "col" }, "Statut"),
    h("th", { scope: "col" }, "Score Pix"),
    COMPETENCES.map((c) => h("th", { scope: "col", title: c.name }, c.code, visuallyHidden(` ${c.name}`))),
  );
}

function readTable(session, candidates, results) {
  const found = byNumber(results);
  const table = h(
    "table",
    { class: "table table--compact table--results" },
    h("caption", {}, `Résultats de la session ${session.id}`),
    h("thead", {}, headerRow()),
    h(
      "tbody",
      {},
      candidates.map((candidate) => {
        const result = found.get(String(candidate.certificationNumber));
        // Published, a validated result's code answers on the verification page.
        const code = session.status === "PROCESSED" && result && result.verificationCode;
        return h(
          "tr",
          {},
          h(
            "th",
            { scope: "row" },
            fullName(candidate),
            code ? h("span", { class: "results-entry__number-of" }, h("a", { href: `#/verifier/${encodeURIComponent(code)}` }, code)) : null,
          ),
          h("td", {}, result ? RESULT_STATUS[result.status] || result.status : "Non saisi"),
          h("td", {}, result ? String(result.pixScore) : "—"),
          COMPETENCES.map((c) => h("td", {}, levelOf(result, c.code) || "—")),
        );
      }),
    ),
  );
  return tableBox(table, { readOnly: true });
}

function entryForm(session, candidates, results) {
  const found = byNumber(results);
  const rows = candidates.map((candidate) => entryRow(candidate, found.get(String(candidate.certificationNumber))));
  const feedback = h("div", { class: "results-entry__feedback", tabindex: "-1" });
  const table = h(
    "table",
    { class: "table table--compact table--results" },
    h("caption", {}, `Saisie des résultats de la session ${session.id} : statut, score Pix (0 à 1024) et niveau de chaque compétence (0 à 8)`),
    h("thead", {}, headerRow()),
    h("tbody", {}, rows.map((row) => row.element)),
  );
  const form = h(
    "form",
    { class: "form", novalidate: true },
    formError(),
    tableBox(table),
    h("div", { class: "actions actions--start" }, h("button", { type: "submit", class: "button" }, "Enregistrer les résultats")),
    feedback,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const items = rows.map((row) => row.value()).filter(Boolean);
    replaceChildren(feedback);
    if (!items.length) {
      replaceChildren(feedback, banner("error", "Choisissez le statut d'au moins un candidat."));
      feedback.focus();
      return;
    }
    submitting(form, true);
    try {
      const answer = await api.put(paths.adminResults(session.id), { items });
      if (answer.saved) sessionChanged(form);
      replaceChildren(feedback, savedBanner(answer), lineErrors(answer.errors, (line) => describeItem(items[line - 1], candidates)));
    } catch (failure) {
      replaceChildren(feedback, banner("error", h("p", {}, failure.message), failure.details.length ? h("ul", {}, failure.details.map((d) => h("li", {}, d.message))) : null));
    } finally {
      submitting(form, false);
      feedback.focus();
    }
  });
  return form;
}

export function savedBanner(answer) {
  return banner(answer.errors && answer.errors.length ? "warning" : "success", `${plural(answer.saved, "résultat enregistré", "résultats enregistrés")}.`);
}

function describeItem(item, candidates) {
  const candidate = item && candidates.find((c) => c.certificationNumber === item.certificationNumber);
  return candidate ? fullName(candidate) : null;
}

function entryRow(candidate, result) {
  const name = fullName(candidate);
  const labelled = (control, label) => [h("label", { for: control.id, class: "visually-hidden" }, label), control];
  const status = h(
    "select",
    { id: uid("statut-resultat"), class: "results-entry__status" },
    h("option", { value: "" }, "Non saisi"),
    Object.entries(RESULT_STATUS).map(([value, label]) => h("option", { value, selected: result && result.status === value }, label)),
  );
  const number = (max, value, prefix) => h("input", { id: uid(prefix), type: "number", min: "0", max: String(max), step: "1", inputmode: "numeric", class: "results-entry__number", value });
  const score = number(1024, result ? String(result.pixScore) : "", "score");
  const levels = COMPETENCES.map((c) => ({ code: c.code, name: c.name, input: number(8, levelOf(result, c.code), "niveau") }));
  const element = h(
    "tr",
    { dataset: { certificationNumber: String(candidate.certificationNumber) } },
    h("th", { scope: "row" }, name, h("span", { class: "results-entry__number-of" }, ` n° ${candidate.certificationNumber}`)),
    h("td", {}, labelled(status, `Statut de ${name}`)),
    h("td", {}, labelled(score, `Score Pix de ${name}`)),
    levels.map((level) => h("td", {}, labelled(level.input, `Niveau ${level.code} (${level.name}) de ${name}`))),
  );
  // What the row sends: nothing until a status is chosen; a number typed, else what was typed.
  const read = (input) => (input.value.trim() === "" || Number.isNaN(Number(input.value)) ? input.value.trim() : Number(input.value));
  const value = () =>
    status.value
      ? {
          certificationNumber: candidate.certificationNumber,
          status: status.value,
          pixScore: read(score),
          competences: levels.filter((l) => l.input.value.trim() !== "").map((l) => ({ code: l.code, level: read(l.input) })),
        }
      : null;
  return { element, value };
}
