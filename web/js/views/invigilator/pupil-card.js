// One pupil of the room, as a card: name, class, status in words, time left, and the
// invigilator's buttons. The card is built once and then updated in place (texts changed,
// buttons shown or hidden): a refresh never moves the focus nor the page. When the focused
// button disappears (the pupil joined meanwhile, the action is done), the focus goes to the
// pupil's name, in the same place.

import { h } from "../../dom.js";
import { fullName, minutesSeconds, timeOfDay } from "../../format.js";
import { describeReport } from "../../issue-reports.js";
import { visuallyHidden } from "../../ui.js";

/** The status of a supervised candidate, in words, and its colour. */
export function statusOf(candidate) {
  switch (candidate.status) {
    case "ENROLLED":
      return candidate.authorizedToStart
        ? { label: "Présence confirmée", tone: "confirmed" }
        : { label: "Présence à confirmer", tone: "waiting" };
    case "STARTED":
      return { label: "Test en cours", tone: "started" };
    case "COMPLETED":
      return { label: "Test terminé", tone: "completed" };
    case "ENDED_BY_SUPERVISOR":
      return { label: "Test arrêté", tone: "ended" };
    default:
      return { label: candidate.status, tone: "waiting" };
  }
}

/** What the card says under the facts. */
function noteOf(candidate) {
  switch (candidate.status) {
    case "ENROLLED":
      return candidate.authorizedToStart ? "Peut entrer dans le test." : "Vérifiez son identité dans la salle, puis confirmez sa présence.";
    case "STARTED":
      return candidate.resumeAuthorized ? "Reprise autorisée : l'élève peut revenir dans son test." : "";
    case "COMPLETED":
      return candidate.completedAt ? `Test terminé à ${timeOfDay(candidate.completedAt)}.` : "";
    case "ENDED_BY_SUPERVISOR":
      return `Test arrêté par le surveillant : ${candidate.endReason || ""}`;
    default:
      return "";
  }
}

/** "104:59", or « Temps écoulé », for a test in progress at `now` (ms). */
export function timeLeft(candidate, now) {
  if (candidate.status !== "STARTED" || !candidate.theoreticalEndAt) return "";
  return minutesSeconds(Date.parse(candidate.theoreticalEndAt) - now) || "Temps écoulé";
}

function fact(label, value) {
  return h("div", { class: "pupil__fact" }, h("dt", {}, label), h("dd", {}, value));
}

/** A button whose name says whom it is for (« Confirmer la présence de DUPONT Jean »). */
function actionButton(label, forWhom, className, onclick) {
  return h("button", { type: "button", class: `button ${className}`, hidden: true, onclick }, label, visuallyHidden(` ${forWhom}`));
}

/** The card of `candidate`; on.confirm/withdraw/resume/end/report(card) run its buttons. */
export function pupilCard(candidate, on) {
  const name = fullName(candidate);
  const card = { candidate };
  const parts = {
    heading: h("h2", { class: "pupil__name", tabindex: "-1" }, name),
    division: h("span", {}),
    status: h("span", { class: "status" }),
    timeFact: fact("Temps restant", h("span", { class: "pupil__time" })),
    extraFact: fact("Temps majoré", h("span", {})),
    note: h("p", { class: "pupil__note" }),
    reports: h("ul", { class: "pupil__reports", hidden: true }),
    error: h("p", { class: "pupil__error" }),
  };
  const buttons = {
    confirm: actionButton("Confirmer la présence", `de ${name}`, "button--large pupil__confirm", () => on.confirm(card)),
    withdraw: actionButton("Retirer la présence", `de ${name}`, "button--secondary", () => on.withdraw(card)),
    resume: actionButton("Autoriser la reprise", `pour ${name}`, "button--secondary", () => on.resume(card)),
    end: actionButton("Mettre fin au test", `de ${name}`, "button--danger-outline", () => on.end(card)),
    report: actionButton("Signaler", `un incident pour ${name}`, "button--secondary", () => on.report(card)),
  };
  card.element = h(
    "li",
    { class: "pupil", dataset: { candidateId: candidate.candidateId } },
    parts.heading,
    h("dl", { class: "pupil__facts" }, fact("Classe", parts.division), fact("Statut", parts.status), parts.timeFact, parts.extraFact),
    parts.note,
    parts.reports,
    h("div", { class: "pupil__actions" }, Object.values(buttons)),
    parts.error,
  );
  card.heading = parts.heading;
  card.buttons = buttons;
  card.update = (fresh) => update(card, parts, fresh);
  card.tick = (now) => {
    parts.timeFact.querySelector(".pupil__time").textContent = timeLeft(card.candidate, now);
  };
  card.showError = (message) => {
    parts.error.textContent = message || "";
  };
  card.addReport = (report) => {
    parts.reports.hidden = false;
    parts.reports.append(h("li", {}, `Signalement enregistré : ${describeReport(report)}`));
  };
  card.update(candidate);
  return card;
}

function update(card, parts, candidate) {
  const focused = card.element.contains(document.activeElement) ? document.activeElement : null;
  card.candidate = candidate;
  const { label, tone } = statusOf(candidate);
  card.element.className = `pupil pupil--${tone}`;
  parts.division.textContent = candidate.division || "—";
  parts.status.textContent = label;
  parts.status.className = `status status--pupil-${tone}`;
  parts.timeFact.hidden = candidate.status !== "STARTED";
  parts.extraFact.hidden = !candidate.extraTimePercentage;
  parts.extraFact.querySelector("dd").textContent = candidate.extraTimePercentage
    ? `${candidate.extraTimePercentage}\u00a0%${candidate.theoreticalEndAt ? ` (fin prévue à ${timeOfDay(candidate.theoreticalEndAt)})` : ""}`
    : "";
  parts.note.textContent = noteOf(candidate);
  parts.note.hidden = !parts.note.textContent;
  const { status } = candidate;
  const shown = {
    confirm: status === "ENROLLED" && !candidate.authorizedToStart,
    withdraw: status === "ENROLLED" && candidate.authorizedToStart,
    resume: status === "STARTED" && !candidate.resumeAuthorized,
    end: status === "STARTED",
    report: status !== "ENROLLED",
  };
  for (const [key, button] of Object.entries(card.buttons)) button.hidden = !shown[key];
  card.tick(Date.now());
  if (focused && focused.closest("[hidden]")) card.heading.focus();
}
