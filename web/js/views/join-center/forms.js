// The two ways in: « Je n'ai pas encore de compte » (first name, last name, a password chosen
// here: POST accept without a token, then the sign-in) and « J'ai déjà un compte » (sign in,
// then POST accept with the ID token).

import * as api from "../../api.js";
import * as auth from "../../auth.js";
import { h } from "../../dom.js";
import { userAction } from "../../idempotency.js";
import * as paths from "../../paths.js";
import { flash, navigate, screenHref, state } from "../../state.js";
import { clearErrors, field, formError, PASSWORD_RULES, passwordsDiffer, showErrors, submitting } from "../../ui.js";

// The invitation's own state (expired, used, cancelled, gone): the page says it, read again.
const LINK_PROBLEMS = new Set(["INVITATION_EXPIRED", "INVITATION_ALREADY_USED", "INVITATION_CANCELLED", "INVITATION_NOT_FOUND"]);

/** In: the new membership's center becomes the current one, the sessions are shown. */
function welcome(link, answer) {
  state.me = null;
  if (answer && answer.centerId) auth.setCurrentCenterId(answer.centerId);
  flash("success", `Bienvenue : vous avez rejoint ${link.invitation.centerName}.`);
  navigate("/sessions");
}

/** A refusal of POST accept: the link's own state, another address, or the form's message. */
function acceptRefused(link, container, failure) {
  if (LINK_PROBLEMS.has(failure.code) || failure.status === 404 || failure.status === 410) {
    navigate("/rejoindre");
  } else if (failure.code === "INVITATION_EMAIL_MISMATCH") {
    // Signed in with another address: the page says which, and offers to sign out.
    flash("error", failure.message);
    navigate("/rejoindre");
  } else {
    // The pool's password rule, when the API does not name the field: beside the password.
    showErrors(container, failure, { fieldByCode: { INVALID_PASSWORD: "password" } });
  }
}

// Accepting is one action: « Accepter » again after a lost answer gets the first answer back
// (Idempotency-Key) instead of « invitation déjà utilisée ».
const accepting = userAction();

function accept(link, body, options) {
  return api.post(paths.acceptInvitation(link.id), body, { ...options, idempotencyKey: accepting.keyFor({ id: link.id, ...body }) });
}

/** POST accept with the signed-in user's ID token. */
export async function acceptWithToken(link, container) {
  clearErrors(container);
  try {
    const answer = await accept(link, { code: link.code }, { bearer: auth.idToken() });
    accepting.done();
    welcome(link, answer);
  } catch (failure) {
    acceptRefused(link, container, failure);
  }
}

export function newAccountForm(link) {
  const firstName = field({ name: "firstName", label: "Prénom", attrs: { autocomplete: "given-name", required: true } });
  const lastName = field({ name: "lastName", label: "Nom", attrs: { autocomplete: "family-name", required: true } });
  const password = field({
    name: "password",
    label: "Choisissez un mot de passe",
    type: "password",
    hint: PASSWORD_RULES,
    attrs: { autocomplete: "new-password", required: true },
  });
  const confirmation = field({ name: "confirmation", label: "Confirmez le mot de passe", type: "password", attrs: { autocomplete: "new-password", required: true } });
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-labelledby": "titre-nouveau-compte" },
    formError(),
    firstName.wrapper,
    lastName.wrapper,
    password.wrapper,
    confirmation.wrapper,
    h("button", { type: "submit", class: "button button--block" }, "Créer mon compte et rejoindre le centre"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {
      firstName: firstName.control.value.trim(),
      lastName: lastName.control.value.trim(),
      password: password.control.value,
    };
    createAccount(link, form, values, confirmation.control.value);
  });
  return h(
    "section",
    { class: "join-center__choice", "aria-labelledby": "titre-nouveau-compte" },
    h("h2", { id: "titre-nouveau-compte" }, "Je n'ai pas encore de compte Pix Certif"),
    h("p", { class: "muted" }, `Votre compte aura pour identifiant ${link.invitation.email}.`),
    form,
  );
}

async function createAccount(link, form, values, confirmation) {
  clearErrors(form);
  if (values.password !== confirmation) {
    passwordsDiffer(form);
    return;
  }
  submitting(form, true);
  let answer;
  try {
    answer = await accept(link, { code: link.code, ...values }, { authenticated: false });
    accepting.done();
  } catch (failure) {
    submitting(form, false);
    acceptRefused(link, form, failure);
    return;
  }
  try {
    auth.storeTokens(await api.post(paths.login(), { email: link.invitation.email, password: values.password }, { authenticated: false }));
    welcome(link, answer);
  } catch {
    // The account and the membership exist: only the automatic sign-in failed.
    flash("success", `Votre compte est créé et vous avez rejoint ${link.invitation.centerName} : connectez-vous avec ${link.invitation.email}.`);
    navigate("/connexion");
  }
}

export function existingAccountForm(link) {
  const email = field({ name: "email", label: "Adresse e-mail", type: "email", value: link.invitation.email, attrs: { autocomplete: "username", required: true } });
  const password = field({ name: "password", label: "Mot de passe", type: "password", attrs: { autocomplete: "current-password", required: true } });
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-labelledby": "titre-compte-existant" },
    formError(),
    email.wrapper,
    password.wrapper,
    h("button", { type: "submit", class: "button button--block" }, "Me connecter et rejoindre le centre"),
    h("p", { class: "auth-card__link" }, h("a", { href: screenHref("/mot-de-passe-oublie") }, "Mot de passe oublié ?")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    submitting(form, true);
    try {
      const tokens = await api.post(paths.login(), { email: email.control.value.trim(), password: password.control.value }, { authenticated: false });
      auth.storeTokens(tokens);
    } catch (failure) {
      submitting(form, false);
      password.control.value = "";
      showErrors(form, failure.code === "NEW_PASSWORD_REQUIRED" ? temporaryPassword(failure) : failure);
      return;
    }
    await acceptWithToken(link, form);
    submitting(form, false);
  });
  return h(
    "section",
    { class: "join-center__choice", "aria-labelledby": "titre-compte-existant" },
    h("h2", { id: "titre-compte-existant" }, "J'ai déjà un compte Pix Certif"),
    h(
      "p",
      { class: "muted" },
      `Un compte Pix Certif existe déjà pour ${link.invitation.email} : connectez-vous pour accepter l'invitation, le centre s'ajoute à votre compte.`,
    ),
    form,
  );
}

/** A temporary password is changed on the sign-in page first (409 NEW_PASSWORD_REQUIRED). */
function temporaryPassword(failure) {
  return new api.ApiError(failure.status, {
    code: failure.code,
    message: "Votre compte a encore un mot de passe provisoire : choisissez d'abord votre mot de passe depuis la page de connexion, puis revenez sur le lien de l'invitation.",
  });
}
