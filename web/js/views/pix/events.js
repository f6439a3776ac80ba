// The session's audit trail, newest first: who did what and when — the school, the
// invigilator, the pupils, and Pix staff (by name).

import { h } from "../../dom.js";
import { instant } from "../../format.js";
import { tableBox } from "../../ui.js";
import { plural } from "../../french.js";

/** Each action in French; an action the screen does not know by its code. */
const ACTIONS = {
  SESSION_CREATED: "Session créée",
  SESSION_UPDATED: "Session modifiée",
  CANDIDATES_ENROLLED: "Candidats inscrits",
  CANDIDATE_REMOVED: "Candidat retiré",
  EXTRA_TIME_SET: "Temps majoré modifié",
  CANDIDATE_JOINED: "Candidat entré dans la session",
  COURSE_COMPLETED: "Test terminé",
  ISSUE_REPORT_ADDED: "Signalement ajouté",
  ISSUE_REPORT_DELETED: "Signalement supprimé",
  ISSUE_REPORT_RESOLVED: "Signalement résolu",
  FINALIZATION_DRAFT_SAVED: "Finalisation sauvegardée",
  ATTACHMENT_ADDED: "Document déposé",
  ATTACHMENT_VERIFIED: "Document vérifié",
  ATTACHMENT_DELETED: "Document supprimé",
  SESSION_FINALIZED: "Session finalisée",
  SESSION_ASSIGNED: "Session assignée",
  JURY_COMMENT_SET: "Commentaire du jury enregistré",
  RESULTS_SAVED: "Résultats enregistrés",
  SESSION_PUBLISHED: "Résultats publiés",
  RESULTS_EMAIL_FAILED: "E-mails de résultats non envoyés au centre",
  SESSION_UNPUBLISHED: "Publication annulée",
  SESSION_UNFINALIZED: "Session définalisée (rendue au centre)",
  INVIGILATOR_LOGGED_IN: "Connexion à l'espace surveillant",
  CANDIDATE_AUTHORIZED_TO_START: "Présence confirmée",
  CANDIDATE_AUTHORIZATION_WITHDRAWN: "Présence retirée",
  CANDIDATE_RESUME_AUTHORIZED: "Reprise autorisée",
  CANDIDATE_RESUMED: "Test repris",
  CANDIDATE_ENDED_BY_SUPERVISOR: "Test arrêté par le surveillant",
};

export function eventsSection(session) {
  const events = [...(session.events || [])].reverse();
  const table = h(
    "table",
    { class: "table table--compact" },
    h("caption", {}, `Historique de la session (${plural(events.length, "action", "actions")}), les plus récentes d'abord`),
    h("thead", {}, h("tr", {}, ["Date", "Par", "Action"].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      events.map((event) =>
        h("tr", {}, h("td", {}, instant(event.at)), h("td", { class: "cell--email" }, event.actor ? event.actor.label : ""), h("td", {}, ACTIONS[event.action] || event.action)),
      ),
    ),
  );
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-historique" },
    h("h2", { id: "titre-historique" }, "Historique"),
    events.length ? tableBox(table, { readOnly: true }) : h("p", { class: "muted" }, "Aucune action enregistrée."),
  );
}
