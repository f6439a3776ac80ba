// « Rechercher une session » : a session number → its full view; an unknown number said
// beside the field (the API's 404, in French).

import * as api from "../../api.js";
import { h } from "../../dom.js";
import * as paths from "../../paths.js";
import { navigate } from "../../state.js";
import { clearErrors, field, formError, showErrors, submitting } from "../../ui.js";

const NOT_A_NUMBER = "Saisissez un numéro de session : des chiffres seulement (par exemple 1234).";

export function searchForm() {
  const number = field({ name: "sessionId", label: "Numéro de session", attrs: { inputmode: "numeric", autocomplete: "off" } });
  const form = h(
    "form",
    { class: "pix-search", role: "search", "aria-label": "Rechercher une session", novalidate: true },
    number.wrapper,
    h("button", { type: "submit", class: "button" }, "Rechercher"),
    formError(),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const wanted = number.control.value.trim();
    // The number goes into the request's path: only digits are sent.
    if (!/^\d{1,12}$/.test(wanted)) {
      showErrors(form, fieldError("SESSION_NUMBER_INVALID", NOT_A_NUMBER));
      return;
    }
    submitting(form, true);
    try {
      await api.get(paths.adminSession(wanted));
      navigate(`/pix/sessions/${wanted}`);
    } catch (failure) {
      const message = failure.status === 404 ? `Aucune session ne porte le numéro ${wanted}.` : failure.message;
      showErrors(form, fieldError(failure.code, message));
    } finally {
      submitting(form, false);
    }
  });
  return form;
}

function fieldError(code, message) {
  return new api.ApiError(422, { code, message, details: [{ field: "sessionId", message }] });
}
