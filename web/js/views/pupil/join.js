// The pupil's entry: « Numéro de session », « Code d'accès », « Nom de naissance », « Prénom »,
// « Date de naissance ». Each answer is said in the pupil's words (answers.js); while the
// invigilator has to act, « Réessayer » sends the same form again (the API does not count it
// as a failed attempt when the pupil is who they say).

import * as api from "../../api.js";
import * as auth from "../../auth.js";
import { h, replaceChildren } from "../../dom.js";
import * as paths from "../../paths.js";
import { navigate, setTitle } from "../../state.js";
import { authPage, banner, clearErrors, field, formError, showErrors } from "../../ui.js";
import { answerOf, inPupilWords } from "./answers.js";

export function joinScreen() {
  setTitle("Rejoindre une session de certification");
  const fields = {
    sessionId: field({ name: "sessionId", label: "Numéro de session", attrs: { inputmode: "numeric", autocomplete: "off", required: true } }),
    accessCode: field({
      name: "accessCode",
      label: "Code d'accès",
      hint: "6 caractères, donnés par ton surveillant.",
      attrs: { autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true },
    }),
    lastName: field({ name: "lastName", label: "Nom de naissance", attrs: { autocomplete: "family-name", required: true } }),
    firstName: field({ name: "firstName", label: "Prénom", attrs: { autocomplete: "given-name", required: true } }),
    birthdate: field({ name: "birthdate", label: "Date de naissance", type: "date", attrs: { autocomplete: "bday", required: true } }),
  };
  const outcome = h("div", { class: "join__outcome" });
  const submit = h("button", { type: "submit", class: "button button--block" }, "Rejoindre la session");
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Rejoindre une session" },
    formError(),
    Object.values(fields).map((f) => f.wrapper),
    submit,
  );
  const send = () => join(form, fields, outcome, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  outcome.addEventListener("retry", send);
  return authPage(
    "Rejoindre une session de certification",
    "Écris les informations que ton surveillant te donne, puis ton nom, ton prénom et ta date de naissance.",
    outcome,
    form,
  );
}

async function join(form, fields, outcome, submit) {
  clearErrors(form);
  const value = (name) => fields[name].control.value.trim();
  const sessionId = value("sessionId");
  if (!sessionId) {
    // The session number is in the path: without it there is nothing to ask the API.
    replaceChildren(outcome);
    showErrors(form, inPupilWords({ details: [{ field: "sessionId", code: "REQUIRED" }] }));
    return;
  }
  submit.disabled = true;
  submit.setAttribute("aria-busy", "true");
  try {
    const body = { accessCode: value("accessCode"), lastName: value("lastName"), firstName: value("firstName"), birthdate: value("birthdate") };
    const joined = await api.post(paths.join(sessionId), body, { authenticated: false });
    auth.storeCourse({ sessionId, certificationNumber: joined.certificationNumber, courseToken: joined.courseToken, firstName: body.firstName });
    navigate("/candidat");
  } catch (failure) {
    const answer = answerOf(failure);
    if (answer) showAnswer(outcome, answer);
    else {
      replaceChildren(outcome);
      showErrors(form, inPupilWords(failure));
    }
  } finally {
    submit.disabled = false;
    submit.setAttribute("aria-busy", "false");
  }
}

/** The answer above the form; its title takes the focus, so that it is read at once. */
function showAnswer(outcome, answer) {
  const title = h("h2", { class: "join__title", tabindex: "-1" }, answer.title);
  const kind = answer.kind === "waiting" ? "warning" : answer.kind;
  replaceChildren(
    outcome,
    banner(
      kind,
      title,
      h("p", {}, answer.text),
      h("p", { class: "join__when" }, `Dernier essai à ${new Date().toLocaleTimeString("fr-FR")}.`),
      answer.retry
        ? h("button", { type: "button", class: "button", onclick: () => outcome.dispatchEvent(new Event("retry")) }, "Réessayer")
        : null,
    ),
  );
  title.focus();
}
