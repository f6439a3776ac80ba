// A candidate's issue reports in step 1: the list, a bin for each, « Ajouter » for a new one.

import * as api from "../../api.js";
import { announce, h, icon, replaceChildren } from "../../dom.js";
import { fullName } from "../../format.js";
import { describeReport } from "../../issue-reports.js";
import * as paths from "../../paths.js";
import { reportDialog } from "../../report-dialog.js";
import { visuallyHidden } from "../../ui.js";

export function reportsCell(id, candidate, readOnly) {
  const cell = h("td", { class: "cell--reports", dataset: { label: "Signalements" } });
  const name = fullName(candidate);
  const draw = () => {
    replaceChildren(
      cell,
      candidate.issueReports.length
        ? h("ul", { class: "reports" }, candidate.issueReports.map((report) => reportItem(id, candidate, report, readOnly, removed)))
        : readOnly
          ? h("span", { class: "muted" }, "Aucun")
          : null,
      readOnly
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "button button--link",
              onclick: () =>
                reportDialog(id, candidate, (report) => {
                  candidate.issueReports.push(report);
                  draw();
                  announce(`Signalement ajouté pour ${name}.`);
                }),
            },
            "Ajouter",
            visuallyHidden(` un signalement pour ${name}`),
          ),
    );
  };
  const removed = (report) => {
    candidate.issueReports = candidate.issueReports.filter((r) => r.id !== report.id);
    draw();
    cell.querySelector("button")?.focus();
    announce("Signalement supprimé.");
  };
  draw();
  return cell;
}

function reportItem(id, candidate, report, readOnly, removed) {
  return h(
    "li",
    { class: "reports__item" },
    h("span", {}, describeReport(report)),
    report.description ? h("span", { class: "reports__description" }, report.description) : null,
    readOnly
      ? null
      : h(
          "button",
          {
            type: "button",
            class: "button button--icon button--danger-ghost",
            "aria-label": `Supprimer le signalement ${describeReport(report)} de ${fullName(candidate)}`,
            onclick: async () => {
              try {
                await api.del(paths.issueReport(id, report.id));
                removed(report);
              } catch (failure) {
                announce(failure.message);
              }
            },
          },
          icon("trash"),
        ),
  );
}
