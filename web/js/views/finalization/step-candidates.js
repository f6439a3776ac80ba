// Étape 1 : the candidates who joined — issue reports, end screen seen, reason of an abort.

import { announce, h, uid } from "../../dom.js";
import { fullName } from "../../format.js";
import { visuallyHidden } from "../../ui.js";
import { ABORT_REASONS } from "./model.js";
import { reportsCell } from "./reports-cell.js";

// « En cours » as on the candidates' tab: the test was started and not finished (yet).
const TEST_STATUS = { STARTED: "En cours", COMPLETED: "Terminé", ENDED_BY_SUPERVISOR: "Arrêté par le surveillant" };

export function stepCandidates(id, model, readOnly) {
  const endScreens = endScreenBoxes(model, readOnly);
  const rows = model.candidates.map((candidate) => candidateRow(id, candidate, readOnly, endScreens));
  endScreens.syncAll();
  return h(
    "section",
    { class: "card step", "aria-labelledby": "etape-1" },
    h("h2", { id: "etape-1" }, h("span", { class: "step__number" }, "Étape 1"), " Renseigner les informations de vos candidats"),
    readOnly ? null : h("p", { class: "muted" }, "Ajoutez les signalements notés sur le PV d'incident, un par un (ceux faits par le surveillant pendant la session y sont déjà), et cochez les écrans de fin de test vus par le surveillant. Pour un test non terminé, indiquez la raison de l'abandon ; un test arrêté par le surveillant n'en demande pas."),
    h(
      "div",
      { class: "table-wrapper" },
      h(
        "table",
        { class: "table table--finalization" },
        h("caption", {}, `Candidats ayant rejoint la session (${model.candidates.length})`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Candidat", "Test", "Relevé du surveillant", "Signalements", "Raison de l'abandon"].map((label) => h("th", { scope: "col" }, label)),
            h(
              "th",
              { scope: "col", class: "cell--check" },
              endScreens.all,
              h("label", { for: endScreens.all.id }, "Écran de fin du test vu", visuallyHidden(" (cocher ou décocher pour tous les candidats)")),
            ),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
  );
}

/** « Écran de fin du test vu » : one checkbox per candidate, and one for all of them. */
function endScreenBoxes(model, readOnly) {
  const boxes = [];
  const all = h("input", {
    type: "checkbox",
    id: uid("ecran-fin-tous"),
    disabled: readOnly,
    onchange: (event) => {
      for (const [candidate, box] of boxes) {
        candidate.hasSeenEndTestScreen = event.target.checked;
        box.checked = event.target.checked;
      }
      announce(event.target.checked ? "Écran de fin du test vu coché pour tous les candidats." : "Écran de fin du test vu décoché pour tous les candidats.");
    },
  });
  const syncAll = () => {
    const seen = model.candidates.filter((c) => c.hasSeenEndTestScreen).length;
    all.checked = seen > 0 && seen === model.candidates.length;
    all.indeterminate = seen > 0 && seen < model.candidates.length;
  };
  const boxFor = (candidate) => {
    const box = h("input", {
      type: "checkbox",
      id: uid("ecran-fin"),
      checked: Boolean(candidate.hasSeenEndTestScreen),
      disabled: readOnly,
      onchange: (event) => {
        candidate.hasSeenEndTestScreen = event.target.checked;
        syncAll();
      },
    });
    boxes.push([candidate, box]);
    return box;
  };
  return { all, syncAll, boxFor };
}

function candidateRow(id, candidate, readOnly, endScreens) {
  const name = fullName(candidate);
  const box = endScreens.boxFor(candidate);
  // data-label: the column's name, shown in each cell when the rows become cards (phones).
  return h(
    "tr",
    { class: "candidate-row" },
    h(
      "th",
      { scope: "row", class: "cell--name" },
      h("span", { class: "candidate__name" }, name),
      h("span", { class: "candidate__number" }, `N° de certification\u00a0: ${candidate.certificationNumber ?? "—"}`),
    ),
    h("td", { class: "cell--test", dataset: { label: "Test" } }, TEST_STATUS[candidate.status] || candidate.status),
    h("td", { class: "cell--record", dataset: { label: "Relevé du surveillant" } }, invigilatorRecord(candidate)),
    reportsCell(id, candidate, readOnly),
    h("td", { class: "cell--abort", dataset: { label: "Raison de l'abandon" } }, abortReason(candidate, readOnly)),
    h(
      "td",
      { class: "cell--check" },
      box,
      // Visible on a phone, where the column's header is not.
      h("label", { for: box.id, class: "visually-hidden end-screen__label" }, `Écran de fin du test vu pour ${name}`),
    ),
  );
}

/** What the invigilator recorded during the session: the presence, the resumes. */
function invigilatorRecord(candidate) {
  const resumes = Number(candidate.resumes || 0);
  return h(
    "ul",
    { class: "record" },
    h("li", {}, candidate.authorizedToStart ? "Présence confirmée" : "Présence non confirmée"),
    resumes > 0 ? h("li", {}, `${resumes} reprise${resumes > 1 ? "s" : ""} autorisée${resumes > 1 ? "s" : ""}`) : null,
  );
}

/** The reason of an abort, for a test not completed (its error beside it). */
function abortReason(candidate, readOnly) {
  if (candidate.status === "ENDED_BY_SUPERVISOR") {
    return h("span", { class: "ended-reason" }, `Test arrêté par le surveillant : ${candidate.endReason || "—"}`);
  }
  if (candidate.status !== "STARTED") return h("span", { class: "muted" }, "Test terminé");
  const selectId = uid("abandon");
  const errorName = `candidates.${candidate.candidateId}.abortReason`;
  return h(
    "div",
    { class: "field field--inline" },
    h("label", { for: selectId, class: "visually-hidden" }, `Raison de l'abandon de ${fullName(candidate)}`),
    h(
      "select",
      {
        id: selectId,
        disabled: readOnly,
        "aria-describedby": `${selectId}-erreur`,
        onchange: (event) => {
          candidate.abortReason = event.target.value || null;
        },
      },
      ABORT_REASONS.map((reason) => h("option", { value: reason.value, selected: (candidate.abortReason || "") === reason.value }, reason.label)),
    ),
    h("p", { class: "field__error", id: `${selectId}-erreur`, dataset: { errorFor: errorName } }),
  );
}
