// The portal's login: « Numéro de session » and « Mot de passe » (the session's supervisor
// password, on the session's page and in the invigilator's kit); the API's messages.

import * as api from "../../api.js";
import * as auth from "../../auth.js";
import { h } from "../../dom.js";
import * as paths from "../../paths.js";
import { navigate, setTitle, takeFlash } from "../../state.js";
import { authPage, clearErrors, field, formError, showErrors } from "../../ui.js";

/** The session number as the API wants it (an integer); anything else as typed, for its message. */
function sessionNumber(text) {
  const value = text.trim();
  return /^\d{1,12}$/.test(value) ? Number(value) : value;
}

export function loginScreen(prefill) {
  setTitle("Espace surveillant");
  const number = field({
    name: "sessionId",
    label: "Numéro de session",
    value: prefill || "",
    attrs: { inputmode: "numeric", autocomplete: "off", required: true },
  });
  const password = field({
    name: "supervisorPassword",
    label: "Mot de passe",
    type: "password",
    hint: "Le mot de passe surveillant de la session : il figure dans le kit surveillant.",
    attrs: { autocomplete: "off", required: true, autocapitalize: "characters", spellcheck: "false" },
  });
  const submit = h("button", { type: "submit", class: "button button--block" }, "Accéder à la session");
  const form = h("form", { class: "form", novalidate: true, "aria-label": "Accès à l'espace surveillant" }, formError(), number.wrapper, password.wrapper, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      const answer = await api.post(
        paths.invigilatorLogin(),
        { sessionId: sessionNumber(number.control.value), supervisorPassword: password.control.value.trim() },
        { authenticated: false },
      );
      auth.storeInvigilatorGrant(answer);
      navigate("/surveillant");
    } catch (failure) {
      password.control.value = "";
      showErrors(form, failure);
    } finally {
      submit.disabled = false;
    }
  });
  if (prefill) window.setTimeout(() => password.control.focus(), 0);
  return authPage(
    "Espace surveillant",
    "Pour surveiller une session de certification : le numéro de session et le mot de passe surveillant suffisent, sans compte Pix Certif.",
    takeFlash(),
    form,
    h("p", { class: "auth-card__link" }, h("a", { href: "#/connexion" }, "Personnel de l'établissement : se connecter à Pix Certif")),
  );
}
