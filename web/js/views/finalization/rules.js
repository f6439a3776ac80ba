// What « Valider » checks before its summary opens — the rules of POST /finalize, in the
// API's words (docs/finalization.md) — and what it warns of without blocking: pupils whose
// test is still « En cours », a session not over in theory.

import { fullName, instant } from "../../format.js";
import { ApiError } from "../../api.js";
import { COMMENT_LIMIT } from "./model.js";

// finalizationDeadline = theoretical end (with the largest extra time) + 48 hours.
const FINALIZATION_DELAY_MS = 48 * 60 * 60 * 1000;

export const ABORT_FIELD = (candidate) => `candidates.${candidate.candidateId}.abortReason`;
export const COMMENT_FIELD = "examinerGlobalComment";

/** The problems that block the finalization, in the order of the screen: [{field, message}]. */
export function problems(model) {
  const found = [];
  for (const candidate of model.candidates) {
    if (candidate.status === "STARTED" && !candidate.abortReason) {
      found.push({
        field: ABORT_FIELD(candidate),
        kind: "abort",
        message: `${candidate.firstName} ${candidate.lastName} n'a pas terminé son test\u00a0: indiquez la raison de l'abandon.`,
      });
    }
  }
  const comment = model.examinerGlobalComment.trim();
  if (model.hasIncident && !comment) {
    found.push({ field: COMMENT_FIELD, kind: "comment", message: "Décrivez l'incident survenu pendant la session." });
  } else if (model.hasIncident && comment.length > COMMENT_LIMIT) {
    found.push({ field: COMMENT_FIELD, kind: "comment", message: `Le commentaire ne doit pas dépasser ${COMMENT_LIMIT} caractères.` });
  }
  return found;
}

/** The problems as the API would say them (ApiError), for ui.showErrors. */
export function problemsError(found) {
  const kinds = new Set(found.map((p) => p.kind));
  let message = "Avant de finaliser, complétez les informations signalées ci-dessous.";
  if (kinds.size === 1 && kinds.has("abort")) message = "Indiquez la raison de l'abandon de chaque candidat qui n'a pas terminé son test.";
  if (kinds.size === 1 && kinds.has("comment")) message = "Vous avez signalé un incident\u00a0: décrivez-le dans le commentaire global.";
  return new ApiError(422, { code: "VALIDATION_ERROR", message, details: found.map(({ field, message: text }) => ({ field, message: text })) });
}

/** What to know before finalizing, each a sentence: [{kind, text}]. */
export function warnings(session, model, timeZone, now = Date.now()) {
  const found = [];
  const running = model.candidates.filter((c) => c.status === "STARTED").map(fullName);
  if (running.length === 1) {
    found.push({
      kind: "running",
      text: `Le test de ${running[0]} est encore «\u00a0En cours\u00a0». Une fois la session finalisée, il ne pourra plus être terminé\u00a0: la raison de l'abandon indiquée sera transmise à Pix.`,
    });
  } else if (running.length > 1) {
    found.push({
      kind: "running",
      text: `Les tests de ${running.length} candidats sont encore «\u00a0En cours\u00a0»\u00a0: ${running.join(", ")}. Une fois la session finalisée, ils ne pourront plus être terminés\u00a0: les raisons de l'abandon indiquées seront transmises à Pix.`,
    });
  }
  const end = Date.parse(session.finalizationDeadline) - FINALIZATION_DELAY_MS;
  if (Number.isFinite(end) && end > now) {
    found.push({
      kind: "notOver",
      text: `La session n'est pas terminée\u00a0: sa fin théorique (temps majorés compris) est prévue le ${instant(new Date(end).toISOString(), timeZone)}.`,
    });
  }
  return found;
}
