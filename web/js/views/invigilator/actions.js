// What the invigilator's buttons do: confirm or withdraw a presence, authorize a resume, end
// a test (with its reason), report an incident. The API answers with the pupil as they are
// now: the card is updated at once, and the screen reader hears what changed.

import { announce } from "../../dom.js";
import { fullName } from "../../format.js";
import { reportDialog } from "../../report-dialog.js";
import { endDialog } from "./end-dialog.js";

/** The handlers of the cards' buttons (see pupil-card.js); summary() redraws the counts. */
export function pupilActions(client, summary) {
  const busy = new WeakSet();
  /** One call at a time per card; its answer updates the card; its error is shown on it. */
  const run = async (card, call, said) => {
    if (busy.has(card)) return;
    busy.add(card);
    card.showError("");
    try {
      const updated = await call(card.candidate);
      card.update(updated);
      summary();
      announce(said(card.candidate));
    } catch (failure) {
      if (failure.status !== 401) {
        card.showError(failure.message);
        announce(failure.message);
      }
    } finally {
      busy.delete(card);
    }
  };
  return {
    confirm: (card) =>
      run(card, (c) => client.authorizeToStart(c.candidateId, true), (c) => `Présence de ${fullName(c)} confirmée : l'élève peut entrer dans le test.`),
    withdraw: (card) =>
      run(card, (c) => client.authorizeToStart(c.candidateId, false), (c) => `Présence de ${fullName(c)} retirée.`),
    resume: (card) =>
      run(card, (c) => client.authorizeToResume(c.candidateId), (c) => `Reprise autorisée pour ${fullName(c)} : l'élève peut revenir dans son test.`),
    end: (card) =>
      endDialog(
        client,
        card.candidate,
        (updated) => {
          card.update(updated);
          summary();
          announce(`Test de ${fullName(updated)} arrêté.`);
        },
        () => card.heading,
      ),
    report: (card) =>
      reportDialog(
        client.sessionId,
        card.candidate,
        (report) => {
          card.addReport(report);
          announce(`Signalement enregistré pour ${fullName(card.candidate)}.`);
        },
        { requestOptions: client.options, failed: client.check },
      ),
  };
}
