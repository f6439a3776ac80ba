// The confirmation of « Valider » is a summary of what Pix will receive — the reports of each
// candidate, the end screens not ticked, the documents, the comment — under the warnings
// (tests still « En cours », a session not over in theory). Resolves true if confirmed.

import { h, icon } from "../../dom.js";
import { fullName } from "../../format.js";
import { describeReport } from "../../issue-reports.js";
import { openDialog } from "../../ui.js";
import { abortReasonLabel } from "./model.js";

export function summaryDialog({ id, model, documents, warned }) {
  return new Promise((resolve) => {
    let answered = false;
    const { dialog } = openDialog({
      title: `Finaliser la session ${id}\u00a0?`,
      className: "dialog--summary",
      build: (close) =>
        h(
          "div",
          { class: "dialog__body" },
          warned.length
            ? h(
                "div",
                { class: "banner banner--warning summary__warnings" },
                icon("warning"),
                h("div", { class: "banner__text" }, h("p", { class: "summary__warnings-title" }, "Avant de finaliser"), h("ul", {}, warned.map((w) => h("li", { dataset: { warning: w.kind } }, w.text)))),
              )
            : null,
          h("p", {}, "Voici ce qui sera transmis à Pix. Une fois la session finalisée, rien ne pourra plus être modifié."),
          h("dl", { class: "summary" }, reports(model), endScreens(model), aborts(model), documentsPart(documents), commentPart(model)),
          h(
            "div",
            { class: "actions" },
            h("button", { type: "button", class: "button button--secondary", autofocus: warned.length > 0, onclick: close }, "Annuler"),
            h(
              "button",
              {
                type: "button",
                class: "button",
                autofocus: warned.length === 0,
                onclick: () => {
                  answered = true;
                  close();
                },
              },
              "Confirmer la finalisation",
            ),
          ),
        ),
    });
    dialog.addEventListener("close", () => resolve(answered));
  });
}

function part(title, ...content) {
  return h("div", { class: "summary__part" }, h("dt", {}, title), h("dd", {}, content));
}

function reports(model) {
  const reported = model.candidates.filter((c) => c.issueReports.length);
  const total = reported.reduce((sum, c) => sum + c.issueReports.length, 0);
  return part(
    `Signalements (${total})`,
    reported.length
      ? h(
          "ul",
          {},
          reported.map((c) => h("li", {}, h("strong", {}, fullName(c)), `\u00a0: ${c.issueReports.map(describeReport).join(" ; ")}`)),
        )
      : "Aucun signalement.",
  );
}

function endScreens(model) {
  const unticked = model.candidates.filter((c) => !c.hasSeenEndTestScreen);
  return part(
    `Écran de fin du test non coché (${unticked.length})`,
    unticked.length ? h("ul", {}, unticked.map((c) => h("li", {}, fullName(c)))) : "Coché pour chaque candidat.",
  );
}

function aborts(model) {
  const started = model.candidates.filter((c) => c.status === "STARTED");
  if (!started.length) return null;
  return part(
    "Raisons de l'abandon",
    h("ul", {}, started.map((c) => h("li", {}, h("strong", {}, fullName(c)), `\u00a0: ${abortReasonLabel(c.abortReason)}`))),
  );
}

function documentsPart(documents) {
  const { accepted, pending, refused, uploading } = documents.summary();
  const notes = [];
  if (pending === 1) notes.push("1 document est encore en cours de vérification\u00a0: il sera transmis s'il est accepté.");
  if (pending > 1) notes.push(`${pending} documents sont encore en cours de vérification\u00a0: ils seront transmis s'ils sont acceptés.`);
  if (uploading === 1) notes.push("1 envoi n'est pas terminé\u00a0: ce fichier ne sera pas transmis.");
  if (uploading > 1) notes.push(`${uploading} envois ne sont pas terminés\u00a0: ces fichiers ne seront pas transmis.`);
  if (refused.length) notes.push(`Refusé${refused.length > 1 ? "s" : ""}, non transmis\u00a0: ${refused.join(", ")}.`);
  return part(
    `Documents transmis (${accepted.length + pending})`,
    accepted.length ? h("ul", {}, accepted.map((name) => h("li", {}, name))) : pending ? null : "Aucun document.",
    notes.map((note) => h("p", { class: "summary__note" }, note)),
  );
}

function commentPart(model) {
  return part(
    "Déroulement de la session",
    model.hasIncident
      ? h("p", { class: "summary__comment" }, model.examinerGlobalComment.trim())
      : "Aucun problème particulier à signaler.",
    model.hasJoiningIssue ? h("p", {}, "Un ou plusieurs candidats étaient présents mais n'ont pas pu rejoindre la session.") : null,
  );
}
