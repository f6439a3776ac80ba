// « Guide de démarrage » (#/aide) : the steps of a certification session in Pix Certif, in the
// order a new administrator takes them, each with a link to its screen. The project has no
// other user guide: this page is it (linked from the empty list of sessions and the footer).

import { h } from "../dom.js";
import { setTitle } from "../state.js";

const STEPS = [
  ["Importer la liste des élèves", "#/eleves/import", "Depuis « Élèves » : l'export SIECLE « ElevesSansAdresses.xml » (ou un fichier CSV). Un administrateur du centre le fait, une fois par an puis à chaque changement de classe."],
  ["Créer une session", "#/sessions/nouvelle", "Le site, la salle, la date, l'heure et les surveillants. La session reçoit un numéro (« ID session ») et un code d'accès."],
  ["Ajouter des candidats", "#/sessions", "Dans la session, onglet « Candidats » : filtrez par classe ou cherchez un élève par son nom, cochez, puis « Ajouter »."],
  ["Le jour de la session", "#/surveillant", "Le surveillant ouvre l'espace surveillant avec l'ID session et le mot de passe surveillant (dans le kit surveillant) et confirme la présence de chaque élève ; les élèves entrent avec l'ID session et le code d'accès."],
  ["Finaliser la session", "#/sessions", "Dans les 48 heures qui suivent la session : écran de fin vu, signalements, documents (PV d'incident), commentaire, puis « Valider »."],
];

export function render() {
  setTitle("Guide de démarrage");
  return h(
    "div",
    { class: "page page--narrow" },
    h("h1", {}, "Guide de démarrage"),
    h("p", { class: "lead" }, "Une session de certification Pix dans Pix Certif, étape par étape."),
    h(
      "ol",
      { class: "guide" },
      STEPS.map(([title, href, text]) => h("li", { class: "guide__step card" }, h("h2", {}, h("a", { href }, title)), h("p", {}, text))),
    ),
  );
}
