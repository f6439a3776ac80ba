// The banner under a session's title (its details, its candidates, its finalization): the
// 48-hour deadline — to come, running or missed — or the date it was finalized or processed.

import { h, icon } from "./dom.js";
import { instant, isOverdue } from "./format.js";
import { banner } from "./ui.js";

export function deadlineBanner(session, place) {
  if (session.status === "PROCESSED") {
    return banner("success", `Résultats transmis par Pix${session.publishedAt ? ` le ${instant(session.publishedAt, place.timezone)}` : ""}.`);
  }
  if (session.status === "FINALIZED" || session.status === "IN_PROCESS") {
    return banner("success", `Session finalisée${session.finalizedAt ? ` le ${instant(session.finalizedAt, place.timezone)}` : ""}.`);
  }
  if (!session.finalizationDeadline) return null;
  const deadline = instant(session.finalizationDeadline, place.timezone);
  if (isOverdue(session)) {
    return h(
      "div",
      { class: "banner banner--danger", role: "alert" },
      icon("warning"),
      h("div", { class: "banner__text" }, h("strong", {}, "Finalisation en retard. "), `Le délai de 48 heures a expiré le ${deadline} : finalisez la session au plus vite.`),
    );
  }
  if (session.startedCount > 0) {
    return banner("warning", h("strong", {}, `À finaliser avant le ${deadline}.`), " La finalisation doit se faire dans les 48 heures suivant la fin de la session.");
  }
  return banner("info", `Une fois la session passée, elle sera à finaliser avant le ${deadline}.`);
}
