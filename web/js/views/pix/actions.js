// What Pix staff do to a session: take it (« M'assigner la session »), publish its results,
// withdraw them, send the session back to the school (unfinalize) — each but the first after
// a confirmation — and the jury's comment.

import * as api from "../../api.js";
import { h, replaceChildren, uid } from "../../dom.js";
import * as paths from "../../paths.js";
import { flash, navigate } from "../../state.js";
import { banner, clearErrors, confirmDialog, field, formError, showErrors, submitting } from "../../ui.js";

const MAX_COMMENT = 500;
const BEING_PROCESSED = ["FINALIZED", "IN_PROCESS"];

const reload = (session) => navigate(`/pix/sessions/${session.id}`);

export function actionsSection(session, me) {
  const notice = h("div", { class: "pix-actions__notice", tabindex: "-1" });
  const button = (label, onclick, kind = "button") => h("button", { type: "button", class: `button ${kind}`, onclick: () => onclick(session, notice) }, label);
  const mine = Boolean(me) && session.assignedTo === me.user.id;
  const buttons = [];
  if (BEING_PROCESSED.includes(session.status)) {
    if (!(session.status === "IN_PROCESS" && mine)) buttons.push(button("M'assigner la session", assign));
    buttons.push(button("Publier les résultats", publish));
    buttons.push(button("Définaliser la session", unfinalize, "button--danger-ghost"));
  }
  if (session.status === "PROCESSED") buttons.push(button("Dépublier", unpublish, "button--danger-ghost"));
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-traitement" },
    h("h2", { id: "titre-traitement" }, "Traitement"),
    buttons.length
      ? h("div", { class: "actions actions--start" }, buttons)
      : h("p", { class: "muted" }, "La session n'est pas finalisée : le centre doit d'abord la finaliser."),
    notice,
  );
}

async function run(notice, call, success) {
  replaceChildren(notice);
  try {
    await call();
  } catch (failure) {
    replaceChildren(notice, refusal(failure));
    notice.focus();
    return false;
  }
  flash("success", success);
  return true;
}

/** The API's refusal; for SESSION_NOT_PUBLISHABLE, the list of what is missing. */
function refusal(failure) {
  const details = failure.details || [];
  return banner(
    "error",
    h("p", {}, failure.message),
    details.length ? h("ul", { class: "pix-actions__missing" }, details.map((detail) => h("li", {}, detail.message))) : null,
  );
}

async function assign(session, notice) {
  if (await run(notice, () => api.post(paths.adminAssign(session.id)), `Vous traitez la session ${session.id}.`)) reload(session);
}

async function publish(session, notice) {
  const confirmed = await confirmDialog({
    title: `Publier les résultats de la session ${session.id} ?`,
    message: [
      `${session.centerName} pourra télécharger les résultats et les attestations de ses élèves ; ses administrateurs sont prévenus par e-mail.`,
      "Les codes de vérification des certifications validées deviennent consultables par tous.",
    ],
    confirmLabel: "Publier les résultats",
  });
  if (!confirmed) return;
  if (await run(notice, () => api.post(paths.publish(session.id)), `Les résultats de la session ${session.id} sont publiés.`)) reload(session);
}

async function unpublish(session, notice) {
  const confirmed = await confirmDialog({
    title: `Dépublier les résultats de la session ${session.id} ?`,
    message: [
      `${session.centerName} n'aura plus accès à ces résultats ni aux attestations, et leurs codes de vérification ne répondront plus, jusqu'à la prochaine publication.`,
      "La session revient « En cours de traitement », assignée à vous.",
    ],
    confirmLabel: "Dépublier",
    danger: true,
    cancelFirst: true,
  });
  if (!confirmed) return;
  if (await run(notice, () => api.post(paths.adminUnpublish(session.id)), `Les résultats de la session ${session.id} ne sont plus publiés.`)) reload(session);
}

async function unfinalize(session, notice) {
  const confirmed = await confirmDialog({
    title: `Définaliser la session ${session.id} ?`,
    message: [
      `La session revient à ${session.centerName} : elle redevient « Créée », sa finalisation devient un brouillon que le centre devra valider de nouveau dans les 48 heures.`,
      "L'assignation est abandonnée ; les résultats déjà saisis sont gardés.",
    ],
    confirmLabel: "Définaliser la session",
    danger: true,
    cancelFirst: true,
  });
  if (!confirmed) return;
  if (await run(notice, () => api.post(paths.adminUnfinalize(session.id)), `La session ${session.id} a été rendue au centre : elle est de nouveau « Créée ».`)) reload(session);
}

export function juryCommentSection(session) {
  const editable = BEING_PROCESSED.includes(session.status);
  const comment = field({
    name: "comment",
    label: "Commentaire du jury",
    kind: "textarea",
    value: session.juryComment || "",
    hint: `${MAX_COMMENT} caractères au plus.`,
    attrs: { rows: "3", readonly: !editable },
  });
  const counterId = uid("compteur");
  const counter = h("p", { class: "counter", id: counterId, "aria-live": "polite" });
  const count = () => {
    counter.textContent = `${comment.control.value.length} / ${MAX_COMMENT}`;
  };
  count();
  comment.control.addEventListener("input", count);
  const saved = h("p", { class: "muted", role: "status" });
  const form = h(
    "form",
    { class: "form", novalidate: true },
    formError(),
    comment.wrapper,
    counter,
    editable ? h("div", { class: "actions actions--start" }, h("button", { type: "submit", class: "button button--secondary" }, "Enregistrer le commentaire")) : null,
    saved,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    saved.textContent = "";
    submitting(form, true);
    try {
      await api.put(paths.adminJuryComment(session.id), { comment: comment.control.value });
      saved.textContent = "Commentaire du jury enregistré.";
    } catch (failure) {
      showErrors(form, failure);
    } finally {
      submitting(form, false);
    }
  });
  return h("section", { class: "card", "aria-labelledby": "titre-jury" }, h("h2", { id: "titre-jury" }, "Avis du jury"), form);
}
