// « Rejoindre le centre » : the page of an invitation's link, /rejoindre?invitation=…&code=…
// (public). It reads the invitation (GET /invitations/{id}?code=), shows the center, the address
// and the role, then: a new person creates their account; someone with an account signs in (or
// is signed in) and accepts. A wrong, cancelled, expired or used link is said in plain French.

import * as api from "../../api.js";
import * as auth from "../../auth.js";
import { h } from "../../dom.js";
import { dayOf, ROLE_HINTS, roleLabel } from "../../format.js";
import * as paths from "../../paths.js";
import { logout, navigate, screenHref, setTitle, takeFlash } from "../../state.js";
import { authPage, banner, formError } from "../../ui.js";
import { acceptWithToken, existingAccountForm, newAccountForm } from "./forms.js";

const ASK_AGAIN = "Demandez à l'administrateur de votre établissement de vous inviter de nouveau, depuis l'écran « Équipe » de Pix Certif.";

const NOT_FOUND = {
  title: "Lien d'invitation non valable",
  message: "Ce lien ne correspond à aucune invitation en cours.",
  advice: `Vérifiez que vous avez ouvert le lien entier du dernier e-mail d'invitation reçu : quand une invitation est renvoyée, seul le nouveau lien fonctionne. ${ASK_AGAIN}`,
};

/** What the page says for a refusal of the API (or a link without its parameters). */
function problemOf(failure) {
  switch (failure.code) {
    case "INVITATION_EXPIRED":
      return { title: "Invitation expirée", message: failure.message, advice: `Une invitation est valable 7 jours. ${ASK_AGAIN}` };
    case "INVITATION_ALREADY_USED":
      return {
        title: "Invitation déjà utilisée",
        message: failure.message,
        advice: "Une invitation ne sert qu'une fois. Si c'est vous qui l'avez acceptée, connectez-vous avec votre adresse e-mail et votre mot de passe.",
        login: true,
      };
    case "INVITATION_CANCELLED":
      return { title: "Invitation annulée", message: failure.message, advice: ASK_AGAIN };
    default:
      if (failure.status === 404) return NOT_FOUND;
      return { title: "Invitation indisponible", message: failure.message, advice: "Réessayez dans quelques instants.", retry: true };
  }
}

export async function render(context) {
  const id = context.params.get("invitation") || "";
  const code = context.params.get("code") || "";
  if (!id || !code) return problemPage(NOT_FOUND);
  let invitation;
  try {
    invitation = await api.get(paths.invitation(id, code), { authenticated: false });
  } catch (failure) {
    return problemPage(problemOf(failure));
  }
  const link = { id, code, invitation };
  const user = await signedInUser();
  setTitle("Rejoindre le centre");
  return authPage(
    "Rejoindre le centre",
    `Vous avez reçu une invitation à rejoindre ${invitation.centerName} dans Pix Certif.`,
    takeFlash(),
    summary(invitation),
    user ? signedInChoice(link, user) : accountForms(link),
  );
}

/** The API says whether the address has an account (`accountExists`): the one way in that
 * fits. */
function accountForms(link) {
  return link.invitation.accountExists ? existingAccountForm(link) : newAccountForm(link);
}

/** The signed-in user ({email, …}), or null. Asked with the token as a `bearer`: an expired
 * one comes back here (the person is then simply signed out) instead of leaving the page. */
async function signedInUser() {
  if (!auth.isLoggedIn()) return null;
  try {
    return (await api.get(paths.me(), { bearer: auth.idToken() })).user;
  } catch (failure) {
    if (failure.status === 401) auth.clearSession();
    return null;
  }
}

function summary(invitation) {
  const item = (label, ...value) => h("div", { class: "join-center__item" }, h("dt", {}, label), h("dd", {}, value));
  return h(
    "dl",
    { class: "join-center__summary" },
    item("Centre de certification", invitation.centerName),
    item("Adresse e-mail invitée", h("span", { class: "cell--email" }, invitation.email)),
    item("Rôle", h("strong", {}, roleLabel(invitation.role)), h("span", { class: "join-center__hint" }, ROLE_HINTS[invitation.role] || "")),
    item("Invitation valable jusqu'au", dayOf(invitation.expiresAt)),
  );
}

function sameAddress(a, b) {
  return String(a || "").trim().toLowerCase() === String(b || "").trim().toLowerCase();
}

/** Signed in: accept with the token, or — another address — sign out first. */
function signedInChoice(link, user) {
  if (!sameAddress(user.email, link.invitation.email)) {
    return h(
      "section",
      { class: "join-center__choice", "aria-labelledby": "titre-autre-compte" },
      h("h2", { id: "titre-autre-compte" }, "Vous utilisez un compte d'une autre adresse"),
      banner(
        "warning",
        h("p", {}, `Vous utilisez le compte ${user.email}, mais cette invitation est adressée à ${link.invitation.email}.`),
        h("p", {}, `Déconnectez-vous, puis créez votre compte ou connectez-vous avec ${link.invitation.email}.`),
      ),
      h(
        "button",
        { type: "button", class: "button button--block", onclick: () => logout("Votre compte est déconnecté : vous pouvez accepter l'invitation.", { to: "/rejoindre" }) },
        "Se déconnecter",
      ),
    );
  }
  const error = formError();
  const button = h("button", { type: "button", class: "button button--block" }, "Accepter l'invitation");
  const box = h(
    "section",
    { class: "join-center__choice", "aria-labelledby": "titre-accepter" },
    h("h2", { id: "titre-accepter" }, "Accepter l'invitation"),
    h("p", {}, `Vous utilisez le compte ${user.email}.`),
    error,
    button,
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await acceptWithToken(link, box);
    } finally {
      button.disabled = false;
    }
  });
  return box;
}

function problemPage(problem) {
  setTitle(problem.title);
  return authPage(
    problem.title,
    null,
    banner("error", problem.message),
    h("p", {}, problem.advice),
    problem.retry
      ? h("button", { type: "button", class: "button button--block", onclick: () => navigate("/rejoindre") }, "Réessayer")
      : null,
    h("p", { class: "auth-card__link" }, h("a", { href: screenHref("/connexion") }, problem.login ? "Se connecter" : "Aller à la page de connexion")),
  );
}
