// « Mettre fin au test » : a confirmation with the reason, required (the API says so beside
// the field when it is missing or longer than 500 characters).

import { h, uid } from "../../dom.js";
import { fullName } from "../../format.js";
import { clearErrors, formError, openDialog, showErrors } from "../../ui.js";

const REASON_LIMIT = 500;

/** ended(candidate) runs with the API's answer; the focus then goes to fallbackFocus(). */
export function endDialog(client, candidate, ended, fallbackFocus) {
  openDialog({
    title: `Mettre fin au test de ${fullName(candidate)} ?`,
    className: "dialog--end",
    fallbackFocus,
    build: (close) => endForm(client, candidate, close, ended),
  });
}

function endForm(client, candidate, close, ended) {
  const reasonId = uid("raison-fin");
  const counter = h("p", { class: "counter", id: `${reasonId}-compteur` }, `0 / ${REASON_LIMIT}`);
  const reason = h("textarea", {
    id: reasonId,
    name: "reason",
    rows: "3",
    maxlength: String(REASON_LIMIT),
    "aria-describedby": `${reasonId}-aide ${reasonId}-compteur ${reasonId}-erreur`,
    oninput: () => {
      counter.textContent = `${reason.value.length} / ${REASON_LIMIT}`;
    },
  });
  const submit = h("button", { type: "submit", class: "button button--danger" }, "Mettre fin au test");
  const form = h(
    "form",
    { class: "form dialog__body", novalidate: true },
    h("p", {}, "L'élève ne pourra plus revenir dans son test. Votre raison figurera dans la finalisation de la session."),
    formError(),
    h(
      "div",
      { class: "field" },
      h("label", { for: reasonId }, "Raison"),
      h("p", { class: "field__hint", id: `${reasonId}-aide` }, "Obligatoire : par exemple « fraude constatée », « malaise de l'élève »."),
      reason,
      counter,
      h("p", { class: "field__error", id: `${reasonId}-erreur`, dataset: { errorFor: "reason" } }),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "button button--secondary", onclick: close }, "Annuler"),
      submit,
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      const updated = await client.endTest(candidate.candidateId, reason.value);
      ended(updated);
      close();
    } catch (failure) {
      if (failure.status === 401) close();
      else showErrors(form, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
