// « Finalisations en retard » : every center's sessions whose 48-hour deadline has passed
// without a finalization, oldest deadline first (GET /admin/overdue-sessions).

import * as api from "../../api.js";
import { h } from "../../dom.js";
import { instant, shortDate } from "../../format.js";
import * as paths from "../../paths.js";
import { navigate } from "../../state.js";
import { pagination, tableBox } from "../../ui.js";
import { plural } from "../../french.js";

export async function overdueSection(context) {
  const page = Math.max(1, Number(context.params.get("page")) || 1);
  const pageSize = Number(context.params.get("pageSize")) || 25;
  const answer = await api.get(paths.adminOverdueSessions({ page, pageSize }));
  const go = (changes) => navigate(`/pix/retard${paths.query({ page, pageSize, ...changes })}`);
  const columns = ["N° de session", "Centre", "Date de la session", "Échéance dépassée", "Candidats"];
  const table = h(
    "table",
    { class: "table" },
    h("caption", {}, `Sessions non finalisées dans les 48 heures (${answer.total}), l'échéance la plus ancienne d'abord`),
    h("thead", {}, h("tr", {}, columns.map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      answer.items.length
        ? answer.items.map((session) =>
            h(
              "tr",
              { class: "row--overdue" },
              h("th", { scope: "row" }, h("a", { href: `#/pix/sessions/${session.id}`, "aria-label": `Session ${session.id}` }, String(session.id))),
              h("td", {}, session.centerName),
              h("td", {}, shortDate(session.date)),
              h("td", {}, instant(session.finalizationDeadline)),
              h("td", {}, `${plural(session.candidatesCount, "inscrit", "inscrits")}, ${plural(session.startedCount, "a rejoint", "ont rejoint")}`),
            ),
          )
        : h("tr", {}, h("td", { colspan: String(columns.length), class: "table__empty" }, "Aucune session en retard.")),
    ),
  );
  return h(
    "section",
    { "aria-labelledby": "titre-retard" },
    h("h2", { id: "titre-retard" }, "Finalisations en retard"),
    h("p", { class: "muted" }, "Les sessions commencées que leur centre n'a pas finalisées dans les 48 heures suivant leur fin théorique. Le centre a été prévenu par e-mail."),
    tableBox(table, { readOnly: !answer.items.length }),
    pagination({ page, pageSize, total: answer.total, label: "Pagination des sessions en retard", onChange: (next) => go(next) }),
  );
}
