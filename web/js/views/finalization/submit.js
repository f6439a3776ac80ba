// « Sauvegarder » (the draft, at once) and « Valider »: the rules checked first (each error
// beside its field, the focus on the first one), then a summary to confirm, then the
// finalization. An error goes once its field is corrected.

import * as api from "../../api.js";
import { h } from "../../dom.js";
import { userAction } from "../../idempotency.js";
import * as paths from "../../paths.js";
import { flash, navigate } from "../../state.js";
import { clearErrors, showErrors } from "../../ui.js";
import { payload } from "./model.js";
import { COMMENT_FIELD, problems, problemsError, warnings } from "./rules.js";
import { summaryDialog } from "./summary.js";

const FIELD_BY_CODE = { COMMENT_TOO_LONG: COMMENT_FIELD, COMMENT_REQUIRED: COMMENT_FIELD };

/** The screen's buttons; errors are shown in `page` (beside their fields). */
export function submitActions({ id, session, place, page, model, saver, documents }) {
  // One finalization per screen: « Confirmer » again after a lost answer finalizes once.
  const finalization = userAction();
  return h(
    "div",
    { class: "actions finalization__actions" },
    saver.status,
    h(
      "button",
      {
        type: "button",
        class: "button button--secondary",
        onclick: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          await saver.saveNow({ force: true });
          button.disabled = false;
        },
      },
      "Sauvegarder",
    ),
    h(
      "button",
      { type: "button", class: "button", onclick: () => validate({ id, session, place, page, model, saver, documents, finalization }) },
      "Valider",
    ),
  );
}

/** An error shown in `container`, the focus on its first faulty field in the page's order. */
function showInOrder(container, error) {
  showErrors(container, error, { fieldByCode: FIELD_BY_CODE });
  container.querySelector("[aria-invalid=true]")?.focus();
}

async function validate({ id, session, place, page, model, saver, documents, finalization }) {
  clearErrors(page);
  const found = problems(model);
  if (found.length) {
    showInOrder(page, problemsError(found));
    return;
  }
  const confirmed = await summaryDialog({ id, model, documents, warned: warnings(session, model, place.timezone) });
  if (!confirmed) return;
  await saver.stop();
  const body = payload(model, { final: true });
  try {
    await api.post(paths.finalize(id), body, { idempotencyKey: finalization.keyFor(body) });
    finalization.done();
    saver.finished();
    flash("success", "La session a été finalisée. Merci\u00a0!");
    navigate(`/sessions/${id}/finalisation`);
  } catch (failure) {
    showInOrder(page, failure);
    saver.changed();
  }
}

/**
 * After a change: the errors of « Valider » whose field is now right go (and the page's
 * message with the last of them); the others stay until corrected.
 */
export function clearCorrected(page, model) {
  const still = new Set(problems(model).map((p) => p.field));
  let cleared = false;
  for (const slot of page.querySelectorAll("[data-error-for]")) {
    const name = slot.dataset.errorFor;
    const ours = name === COMMENT_FIELD || name.startsWith("candidates.");
    if (!slot.textContent || !ours || still.has(name)) continue;
    slot.textContent = "";
    slot.closest(".field, td, tr, fieldset")?.querySelector("[aria-invalid]")?.removeAttribute("aria-invalid");
    cleared = true;
  }
  const general = page.querySelector(".form-error");
  const left = [...page.querySelectorAll("[data-error-for]")].some((slot) => slot.textContent);
  if (cleared && general && !left) {
    general.textContent = "";
    general.hidden = true;
  }
}
