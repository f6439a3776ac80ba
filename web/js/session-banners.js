// The banner under a session's title (its details, its candidates, its finalization): the
// 48-hour deadline — to come, running or missed — or the date it was finalized or processed.
// The deadline follows the largest extra time: a screen that changes one calls
// sessionChanged(id), and the banners of that session read it again (GET /sessions/{id}).

import * as api from "./api.js";
import { h, icon } from "./dom.js";
import { instant, isOverdue } from "./format.js";
import * as paths from "./paths.js";
import { banner } from "./ui.js";

const SESSION_CHANGED = "certif:session-changed";

/** Say that session `sessionId` changed (an extra time, hence maybe its deadline). */
export function sessionChanged(sessionId) {
  document.dispatchEvent(new CustomEvent(SESSION_CHANGED, { detail: { sessionId: String(sessionId) } }));
}

/** The banner of `session` (place: its center, for the timezone), kept up to date. */
export function deadlineBanner(session, place) {
  let shown = drawBanner(session, place);
  if (!shown || session.status !== "CREATED") return shown;
  const follow = async (event) => {
    if (event.detail.sessionId !== String(session.id)) return;
    if (!document.contains(shown)) {
      document.removeEventListener(SESSION_CHANGED, follow);
      return;
    }
    try {
      const fresh = drawBanner(await api.get(paths.session(session.id)), place);
      if (fresh && document.contains(shown)) {
        shown.replaceWith(fresh);
        shown = fresh;
      }
    } catch {
      // The banner stays as it was: the next change, or the next visit, draws it again.
    }
  };
  document.addEventListener(SESSION_CHANGED, follow);
  return shown;
}

function drawBanner(session, place) {
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
      h("div", { class: "banner__text" }, h("strong", {}, "Finalisation en retard. "), `Le délai de 48 heures a expiré le ${deadline}\u00a0: finalisez la session au plus vite.`),
    );
  }
  if (session.startedCount > 0) {
    return banner("warning", h("strong", {}, `À finaliser avant le ${deadline}.`), " La finalisation doit se faire dans les 48 heures suivant la fin de la session.");
  }
  return banner("info", `Une fois la session passée, elle sera à finaliser avant le ${deadline}.`);
}
