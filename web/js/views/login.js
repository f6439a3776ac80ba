// Connexion, mot de passe oublié, nouveau mot de passe (premier accès).

import * as api from "../api.js";
import * as auth from "../auth.js";
import { h } from "../dom.js";
import * as paths from "../paths.js";
import { ensureMe, flash, homePath, navigate, setTitle, state, takeFlash } from "../state.js";
import { authPage, clearErrors, field, formError, PASSWORD_RULES, passwordsDiffer, showErrors, submitting } from "../ui.js";

// POST /auth/login answered 409 NEW_PASSWORD_REQUIRED: what /auth/new-password needs.
let challenge = null;
// Where to go once signed in: the screen a signed-out visitor asked for (`?suite=`).
let destination = "/sessions";

/** Only a screen of this site: a path of the app's own, never "//host" or a full address. */
export function safeDestination(wanted) {
  if (typeof wanted !== "string" || !/^\/[A-Za-z0-9\-_/?=&%.]*$/.test(wanted)) return "/sessions";
  if (wanted.startsWith("//") || wanted.startsWith("/connexion")) return "/sessions";
  return wanted;
}

export async function render(context) {
  if (context.name === "login") destination = safeDestination(context.params.get("suite"));
  if (context.name === "forgot") return forgot();
  if (context.name === "newPassword") return newPassword();
  return login();
}

function page(title, subtitle, ...content) {
  return authPage(title, subtitle, takeFlash(), content);
}

async function afterTokens(tokens) {
  auth.storeTokens(tokens);
  state.me = null;
  const target = destination;
  destination = "/sessions";
  if (target !== "/sessions") {
    navigate(target);
    return;
  }
  // No screen asked for: Pix staff land in « Espace Pix ».
  try {
    await ensureMe();
  } catch {
    // The router reads /me again and says what went wrong.
  }
  navigate(homePath());
}

function login() {
  setTitle("Connexion");
  const email = field({ name: "email", label: "Adresse e-mail", type: "email", attrs: { autocomplete: "username", required: true } });
  const password = field({ name: "password", label: "Mot de passe", type: "password", attrs: { autocomplete: "current-password", required: true } });
  const error = formError();
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Connexion" },
    error,
    email.wrapper,
    password.wrapper,
    h("button", { type: "submit", class: "button button--block" }, "Je me connecte"),
    h("p", { class: "auth-card__link" }, h("a", { href: "#/mot-de-passe-oublie" }, "Mot de passe oublié ?")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    submitting(form, true);
    const address = email.control.value.trim();
    try {
      const tokens = await api.post(paths.login(), { email: address, password: password.control.value }, { authenticated: false });
      await afterTokens(tokens);
    } catch (failure) {
      if (failure.code === "NEW_PASSWORD_REQUIRED") {
        challenge = { email: address, session: failure.body.session };
        navigate("/nouveau-mot-de-passe");
        return;
      }
      showErrors(form, failure);
      password.control.value = "";
    } finally {
      submitting(form, false);
    }
  });
  return page(
    "Connectez-vous",
    "L'accès à Pix Certif est limité aux centres de certification Pix",
    form,
    h(
      "div",
      { class: "auth-card__others" },
      h("p", {}, "Vous surveillez une session\u00a0? ", h("a", { href: "#/surveillant" }, "Espace surveillant")),
      h("p", {}, "Tu es élève\u00a0? ", h("a", { href: "#/candidat" }, "Rejoindre une session de certification")),
    ),
  );
}

function newPassword() {
  setTitle("Nouveau mot de passe");
  if (!challenge) {
    flash("info", "Connectez-vous avec le mot de passe provisoire reçu pour choisir votre mot de passe.");
    navigate("/connexion", { replace: true });
    return null;
  }
  const password = field({
    name: "newPassword",
    label: "Nouveau mot de passe",
    type: "password",
    hint: PASSWORD_RULES,
    attrs: { autocomplete: "new-password", required: true },
  });
  const confirmation = field({ name: "confirmation", label: "Confirmez le mot de passe", type: "password", attrs: { autocomplete: "new-password", required: true } });
  const error = formError();
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Choix du mot de passe" },
    error,
    password.wrapper,
    confirmation.wrapper,
    h("button", { type: "submit", class: "button button--block" }, "Enregistrer et me connecter"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (password.control.value !== confirmation.control.value) {
      passwordsDiffer(form);
      return;
    }
    submitting(form, true);
    try {
      const tokens = await api.post(
        paths.newPassword(),
        { email: challenge.email, session: challenge.session, newPassword: password.control.value },
        { authenticated: false },
      );
      challenge = null;
      await afterTokens(tokens);
    } catch (failure) {
      showErrors(form, failure);
    } finally {
      submitting(form, false);
    }
  });
  return page("Choisissez votre mot de passe", `Première connexion de ${challenge.email} : remplacez le mot de passe provisoire.`, form);
}

function forgot() {
  setTitle("Mot de passe oublié");
  const container = h("div", {});
  const email = field({ name: "email", label: "Adresse e-mail", type: "email", attrs: { autocomplete: "username", required: true } });
  const askForm = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Recevoir un code" },
    formError(),
    email.wrapper,
    h("button", { type: "submit", class: "button button--block" }, "Recevoir un code"),
  );
  askForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(askForm);
    submitting(askForm, true);
    try {
      await api.post(paths.forgotPassword(), { email: email.control.value.trim() }, { authenticated: false });
      container.replaceChildren(resetForm(email.control.value.trim()));
      container.querySelector("input")?.focus();
    } catch (failure) {
      showErrors(askForm, failure);
    } finally {
      submitting(askForm, false);
    }
  });
  container.append(askForm);
  return page(
    "Mot de passe oublié",
    "Indiquez votre adresse e-mail : si elle correspond à un compte, vous recevrez un code pour choisir un nouveau mot de passe.",
    container,
    h("p", { class: "auth-card__link" }, h("a", { href: "#/connexion" }, "Retour à la connexion")),
  );
}

function resetForm(address) {
  const code = field({ name: "code", label: "Code reçu par e-mail", attrs: { autocomplete: "one-time-code", inputmode: "numeric", required: true } });
  const password = field({
    name: "newPassword",
    label: "Nouveau mot de passe",
    type: "password",
    hint: PASSWORD_RULES,
    attrs: { autocomplete: "new-password", required: true },
  });
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Choix du mot de passe" },
    h("p", { class: "banner banner--info", role: "status" }, `Si un compte correspond à ${address}, un code vient de lui être envoyé.`),
    formError(),
    code.wrapper,
    password.wrapper,
    h("button", { type: "submit", class: "button button--block" }, "Changer mon mot de passe"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    submitting(form, true);
    try {
      await api.post(
        paths.resetPassword(),
        { email: address, code: code.control.value.trim(), newPassword: password.control.value },
        { authenticated: false },
      );
      flash("success", "Votre mot de passe a été modifié : vous pouvez vous connecter.");
      navigate("/connexion");
    } catch (failure) {
      showErrors(form, failure);
    } finally {
      submitting(form, false);
    }
  });
  return form;
}
