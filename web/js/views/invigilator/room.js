// The live list of the room. Refreshed every 5 seconds (and on « Actualiser »), without ever
// redrawing the page: each pupil's card is updated in place (pupil-list.js), so the focus and
// the scroll position stay where they are. The time left ticks every second, computed from
// theoreticalEndAt and this device's clock.

import { announce, h } from "../../dom.js";
import { downloadPdf } from "../../download.js";
import { longDate } from "../../format.js";
import { navigate, setTitle } from "../../state.js";
import { banner } from "../../ui.js";
import { pupilActions } from "./actions.js";
import { invigilatorClient, leave } from "./client.js";
import { pupilList } from "./pupil-list.js";

const REFRESH_MS = 5000;
const TICK_MS = 1000;

export async function roomScreen(grant, context) {
  const client = invigilatorClient(grant);
  let first;
  try {
    first = await client.supervising();
  } catch (failure) {
    if (failure.status === 401) return null; // back to the login (client.js)
    return unavailable(grant, failure);
  }
  setTitle(`Espace surveillant, session ${grant.sessionId}`);
  const updatedAt = h("p", { class: "room__updated" });
  const problem = h("p", { class: "room__problem", role: "alert" });
  const summary = h("p", { class: "room__summary" });
  let list = null;
  const drawSummary = () => {
    summary.textContent = summaryText(list.candidates());
  };
  list = pupilList(pupilActions(client, drawSummary));
  const refresh = refresher(client, { list, updatedAt, problem, drawSummary });
  refresh.apply(first);
  const page = h(
    "div",
    { class: "page room" },
    roomHeader(first.session, () => refresh.now().then((done) => done && announce("Liste actualisée."))),
    codes(first.session, client),
    h("div", { class: "room__state" }, updatedAt, problem),
    summary,
    list.element,
  );
  refresh.start(context);
  return page;
}

/** The first load failed (network, server): say so, with « Réessayer » and « Quitter ». */
function unavailable(grant, failure) {
  setTitle("Espace surveillant");
  return h(
    "div",
    { class: "page room" },
    h("h1", {}, "Espace surveillant"),
    banner("error", failure.message),
    h(
      "div",
      { class: "actions actions--start" },
      h("button", { type: "button", class: "button", onclick: () => navigate("/surveillant") }, "Réessayer"),
      h("button", { type: "button", class: "button button--secondary", onclick: () => leave("info", "Vous avez quitté l'espace surveillant.") }, "Quitter"),
    ),
  );
}

function roomHeader(session, onRefresh) {
  return h(
    "div",
    { class: "room__header" },
    h(
      "div",
      { class: "room__title" },
      h("h1", {}, "Espace surveillant"),
      h("p", { class: "room__session" }, `Session ${session.id} · ${session.room} · ${longDate(session.date)} à ${session.time}`),
    ),
    h(
      "div",
      { class: "room__buttons" },
      h("button", { type: "button", class: "button button--secondary", onclick: onRefresh }, "Actualiser"),
      h("button", { type: "button", class: "button button--secondary", onclick: () => leave("info", "Vous avez quitté l'espace surveillant.") }, "Quitter"),
    ),
  );
}

/** What the pupils need to enter (the session number, the access code), and the kit. */
function codes(session, client) {
  const entry = new URL("#/candidat", window.location.href).href;
  return h(
    "section",
    { class: "card room__codes", "aria-labelledby": "titre-codes" },
    h("h2", { id: "titre-codes" }, "Pour les élèves"),
    h(
      "dl",
      { class: "room__code-list" },
      h("div", {}, h("dt", {}, "Numéro de session"), h("dd", { class: "code code--strong" }, String(session.id))),
      h("div", {}, h("dt", {}, "Code d'accès"), h("dd", { class: "code code--strong", "data-testid": "code-acces" }, session.accessCode)),
    ),
    h(
      "p",
      { class: "muted" },
      `Les élèves entrent ces codes sur la page « Rejoindre une session de certification » (${entry}). Un élève n'entre dans le test qu'une fois sa présence confirmée ici.`,
    ),
    h(
      "div",
      { class: "actions actions--start" },
      h(
        "button",
        {
          type: "button",
          class: "button button--secondary",
          onclick: (event) => downloadPdf(event.currentTarget, (options) => client.kit(options), `kit-surveillant-session-${session.id}.pdf`),
        },
        "Télécharger le kit surveillant",
      ),
    ),
  );
}

/** « 6 élèves : 2 présences à confirmer, 1 présent, 2 en cours, 1 terminé, 0 arrêté ». */
function summaryText(candidates) {
  const count = (test) => candidates.filter(test).length;
  const waiting = count((c) => c.status === "ENROLLED" && !c.authorizedToStart);
  const confirmed = count((c) => c.status === "ENROLLED" && c.authorizedToStart);
  const started = count((c) => c.status === "STARTED");
  const completed = count((c) => c.status === "COMPLETED");
  const ended = count((c) => c.status === "ENDED_BY_SUPERVISOR");
  const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
  return [
    `${plural(candidates.length, "élève", "élèves")} :`,
    `${plural(waiting, "présence à confirmer", "présences à confirmer")},`,
    `${plural(confirmed, "présent pas encore entré", "présents pas encore entrés")},`,
    `${started} en cours, ${plural(completed, "terminé", "terminés")}, ${plural(ended, "arrêté", "arrêtés")}.`,
  ].join(" ");
}

/** The refresh loop: every REFRESH_MS while the screen is shown (and the tab visible). */
function refresher(client, { list, updatedAt, problem, drawSummary }) {
  let inflight = null;
  const apply = (data) => {
    list.update(data.candidates);
    drawSummary();
    updatedAt.textContent = `Liste mise à jour à ${new Date().toLocaleTimeString("fr-FR")}, actualisée toutes les 5 secondes.`;
    problem.textContent = "";
  };
  /** GET the list once (one at a time); true when it came. */
  const now = () => {
    if (!inflight) {
      inflight = client
        .supervising()
        .then((data) => {
          apply(data);
          return true;
        })
        .catch((failure) => {
          if (failure.status !== 401) problem.textContent = `${failure.message} Nouvel essai dans quelques secondes.`;
          return false;
        })
        .finally(() => {
          inflight = null;
        });
    }
    return inflight;
  };
  const start = (context) => {
    const ticker = window.setInterval(() => {
      if (!context.isCurrent()) window.clearInterval(ticker);
      else list.tick(Date.now());
    }, TICK_MS);
    const loop = async () => {
      if (!context.isCurrent()) return;
      if (!document.hidden) await now();
      if (context.isCurrent()) window.setTimeout(loop, REFRESH_MS);
    };
    window.setTimeout(loop, REFRESH_MS);
  };
  return { apply, now, start };
}
