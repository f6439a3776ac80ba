// What the school finalized, as Pix staff read it: the examiner's comment and the two flags,
// the candidates who joined (end screen seen, reason of an abort), their issue reports — an
// impactful one with its « Résolution » and « Résoudre » — and the documents.

import * as api from "../../api.js";
import { announce, h, replaceChildren, safeUrl, uid } from "../../dom.js";
import { CANDIDATE_STATUS, fileSize, fullName, instant } from "../../format.js";
import { describeReport } from "../../issue-reports.js";
import * as paths from "../../paths.js";
import { sessionChanged } from "./changed.js";
import { clearErrors, field, formError, showErrors, submitting, tableBox } from "../../ui.js";

const ABORT_REASON = { CANDIDATE: "Abandon : manque de temps ou départ prématuré", TECHNICAL: "Problème technique" };
const yesNo = (value) => (value ? "Oui" : "Non");

export function finalizationSection(session) {
  const final = session.finalization;
  if (!final) return null;
  const item = (label, value) => h("div", { class: "details__item" }, h("dt", {}, label), h("dd", {}, value));
  const reports = final.candidates.flatMap((candidate) => candidate.issueReports.map((report) => ({ report, candidate })));
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-finalisation" },
    h("h2", { id: "titre-finalisation" }, "Finalisation par le centre"),
    h(
      "dl",
      { class: "details" },
      item("Incident pendant la session", yesNo(final.hasIncident)),
      item("Problème d'accès à la session", yesNo(final.hasJoiningIssue)),
    ),
    h("h3", {}, "Commentaire global du surveillant"),
    h("p", { class: "details__observations", "data-testid": "commentaire-surveillant" }, final.examinerGlobalComment || "Aucun commentaire."),
    candidatesTable(session, final.candidates),
    h("h3", {}, `Signalements (${reports.length})`),
    reports.length ? h("ul", { class: "reports-list" }, reports.map(({ report, candidate }) => reportItem(report, candidate))) : h("p", { class: "muted" }, "Aucun signalement."),
  );
}

function candidatesTable(session, candidates) {
  const columns = ["Candidat", "N° de certification", "Test", "Écran de fin vu", "Raison de l'abandon", "Signalements"];
  const table = h(
    "table",
    { class: "table table--compact" },
    h("caption", {}, `Candidats qui ont rejoint la session ${session.id} (${candidates.length})`),
    h("thead", {}, h("tr", {}, columns.map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      candidates.map((candidate) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, fullName(candidate)),
          h("td", {}, candidate.certificationNumber ? String(candidate.certificationNumber) : "—"),
          h("td", {}, CANDIDATE_STATUS[candidate.status] || candidate.status),
          h("td", {}, yesNo(candidate.hasSeenEndTestScreen)),
          h("td", {}, candidate.endReason ? `Test arrêté par le surveillant : ${candidate.endReason}` : ABORT_REASON[candidate.abortReason] || "—"),
          h("td", {}, String(candidate.issueReports.length)),
        ),
      ),
    ),
  );
  return tableBox(table, { readOnly: true });
}

function reportItem(report, candidate) {
  const title = describeReport(report);
  const state = h("p", { class: "report__state" });
  const drawState = () => {
    replaceChildren(
      state,
      report.isImpactful ? h("span", { class: "status status--action" }, "Impactant") : h("span", { class: "status" }, "Non impactant"),
      report.resolvedAt ? h("span", { class: "status status--finalized" }, `Résolu le ${instant(report.resolvedAt)}`) : null,
    );
  };
  drawState();
  return h(
    "li",
    { class: "report", dataset: { report: report.id } },
    h("p", { class: "report__title" }, h("strong", {}, title), ` — ${fullName(candidate)}`),
    state,
    report.description ? h("p", { class: "report__description" }, report.description) : null,
    report.isImpactful ? resolutionForm(report, title, candidate, drawState) : null,
  );
}

function resolutionForm(report, title, candidate, drawState) {
  const resolution = field({
    name: "resolution",
    label: "Résolution",
    value: report.resolution || "",
    attrs: { maxlength: "255" },
  });
  resolution.wrapper.querySelector("label").append(h("span", { class: "visually-hidden" }, ` du signalement ${title} de ${fullName(candidate)}`));
  const form = h(
    "form",
    { class: "report__resolution", novalidate: true },
    resolution.wrapper,
    h("button", { type: "submit", class: "button button--secondary button--small" }, "Résoudre", h("span", { class: "visually-hidden" }, ` le signalement de ${fullName(candidate)}`)),
    formError(),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    submitting(form, true);
    try {
      Object.assign(report, await api.patch(paths.adminIssueReport(report.id), { resolution: resolution.control.value }));
      drawState();
      sessionChanged(form);
      announce(`Signalement ${title} de ${fullName(candidate)} résolu.`);
    } catch (failure) {
      showErrors(form, failure);
    } finally {
      submitting(form, false);
    }
  });
  return form;
}

export function documentsSection(session) {
  const documents = session.finalization ? session.finalization.attachments : [];
  const listId = uid("documents");
  return h(
    "section",
    { class: "card", "aria-labelledby": listId },
    h("h2", { id: listId }, `Documents (${documents.length})`),
    documents.length
      ? h(
          "ul",
          { class: "documents-list" },
          documents.map((item) => {
            const url = item.status === "AVAILABLE" && item.downloadUrl ? safeUrl(item.downloadUrl) : null;
            return h(
              "li",
              {},
              url ? h("a", { href: url, download: item.fileName, rel: "noopener" }, `Télécharger ${item.fileName}`) : h("span", {}, item.fileName),
              h("span", { class: "muted" }, ` (${fileSize(item.size)}${item.status === "AVAILABLE" ? "" : item.status === "REJECTED" ? ", refusé" : ", en cours de vérification"})`),
            );
          }),
        )
      : h("p", { class: "muted" }, "Le centre n'a joint aucun document."),
  );
}
