// « Sauvegarder » (the draft) and « Valider » (after a confirmation, the finalization).

import * as api from "../../api.js";
import { h } from "../../dom.js";
import { userAction } from "../../idempotency.js";
import * as paths from "../../paths.js";
import { flash, navigate } from "../../state.js";
import { clearErrors, confirmDialog, showErrors } from "../../ui.js";
import { payload } from "./model.js";

const FIELD_BY_CODE = { COMMENT_TOO_LONG: "examinerGlobalComment" };

/** The screen's buttons; errors are shown in `page` (beside their fields). */
export function submitActions(id, page, model) {
  const saveStatus = h("p", { class: "save-status", role: "status" });
  // One finalization per screen: « Confirmer » again after a lost answer finalizes once.
  const finalization = userAction();
  return h(
    "div",
    { class: "actions finalization__actions" },
    saveStatus,
    h(
      "button",
      { type: "button", class: "button button--secondary", onclick: (event) => save(id, page, model, event.currentTarget, saveStatus) },
      "Sauvegarder",
    ),
    h("button", { type: "button", class: "button", onclick: () => validate(id, page, model, finalization) }, "Valider"),
  );
}

async function save(id, page, model, button, saveStatus) {
  clearErrors(page);
  button.disabled = true;
  try {
    await api.put(paths.finalization(id), payload(model));
    saveStatus.textContent = "Vos informations ont été sauvegardées.";
  } catch (failure) {
    saveStatus.textContent = "";
    showErrors(page, failure, { fieldByCode: FIELD_BY_CODE });
  } finally {
    button.disabled = false;
  }
}

async function validate(id, page, model, finalization) {
  clearErrors(page);
  const confirmed = await confirmDialog({
    title: `Finaliser la session ${id} ?`,
    message: [
      "Vous êtes sur le point de finaliser cette session.",
      "Une fois finalisée, elle ne pourra plus être modifiée : les signalements, les documents et votre commentaire seront transmis à Pix.",
    ],
    confirmLabel: "Confirmer la finalisation",
  });
  if (!confirmed) return;
  const body = payload(model);
  try {
    await api.post(paths.finalize(id), body, { idempotencyKey: finalization.keyFor(body) });
    finalization.done();
    flash("success", "La session a été finalisée. Merci !");
    navigate(`/sessions/${id}/finalisation`);
  } catch (failure) {
    showErrors(page, failure, { fieldByCode: FIELD_BY_CODE });
  }
}
