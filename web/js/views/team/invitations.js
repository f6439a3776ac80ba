// The invitations (ADMIN): « Inviter des personnes » (up to 100 addresses at once, one role),
// then the pending ones with « Renvoyer » and « Annuler l'invitation ».

import * as api from "../../api.js";
import { h, replaceChildren } from "../../dom.js";
import { dayOf, roleLabel } from "../../format.js";
import { userAction } from "../../idempotency.js";
import * as paths from "../../paths.js";
import { banner, clearErrors, confirmDialog, field, formError, showErrors, tableBox, visuallyHidden } from "../../ui.js";
import { focusOn, noticeArea, refusal, tell } from "./notice.js";
import { roleChoice } from "./role-dialog.js";

/** "a@x.fr, b@y.fr; c@z.fr" or one per line → the addresses, each once (case aside). */
export function splitAddresses(text) {
  const seen = new Set();
  const addresses = [];
  for (const address of text.split(/[\s,;]+/)) {
    const key = address.toLowerCase();
    if (address && !seen.has(key)) {
      seen.add(key);
      addresses.push(address);
    }
  }
  return addresses;
}

/** The form, then the pending list; sending reloads the list. */
export async function invitationsSections(team) {
  const pending = await pendingSection(team);
  return [inviteSection(team, pending.reload), pending.section];
}

function inviteSection(team, reloadPending) {
  const emails = field({
    name: "emails",
    label: "Adresses e-mail",
    kind: "textarea",
    hint: "Une adresse par ligne, ou séparées par des virgules ou des points-virgules : 100 au plus à la fois.",
    attrs: { rows: "4", autocomplete: "off", spellcheck: "false" },
  });
  const result = h("div", { class: "team__result" });
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-labelledby": "titre-inviter" },
    formError(),
    emails.wrapper,
    roleChoice("invitation-role", "MEMBER", "Rôle des personnes invitées"),
    h("div", { class: "actions actions--start" }, h("button", { type: "submit", class: "button" }, "Envoyer les invitations")),
  );
  // One sending, one key: « Envoyer » again after a lost answer sends no second e-mail.
  const sending = userAction();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const role = form.querySelector("input[name=invitation-role]:checked").value;
    invite({ team, form, result, sending, reloadPending, body: { emails: splitAddresses(emails.control.value), role } });
  });
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-inviter" },
    h("h2", { id: "titre-inviter" }, "Inviter des personnes"),
    h(
      "p",
      { class: "muted" },
      "Chaque personne reçoit un e-mail avec un lien, valable 7 jours, pour rejoindre le centre : elle crée son compte, ou se connecte si elle en a déjà un. Une adresse déjà invitée reçoit un nouvel e-mail (le lien du précédent ne fonctionne plus).",
    ),
    form,
    result,
  );
}

async function invite({ team, form, result, sending, reloadPending, body }) {
  clearErrors(form);
  replaceChildren(result);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const answer = await api.post(paths.centerInvitations(team.membership.centerId), body, { idempotencyKey: sending.keyFor(body) });
    sending.done();
    form.querySelector("textarea").value = "";
    replaceChildren(result, sentReport(answer));
    await reloadPending();
  } catch (failure) {
    if (failure.code === "ADMIN_ROLE_REQUIRED") refusal(result, failure);
    // "emails", "emails.3": the textarea's error.
    else showErrors(form, failure, { fieldOf: (detail) => (String(detail.field || "").startsWith("emails") ? "emails" : detail.field) });
  } finally {
    button.disabled = false;
  }
}

function sentReport(answer) {
  // emailSent false: the invitation is made, its e-mail did not leave (to be resent).
  const sent = answer.items.filter((invitation) => invitation.emailSent !== false).map((invitation) => invitation.email);
  const unsent = answer.items.filter((invitation) => invitation.emailSent === false).map((invitation) => invitation.email);
  const skipped = answer.skipped;
  return [
    unsent.length
      ? banner(
          "warning",
          h("p", {}, "L'e-mail d'invitation n'a pas pu partir pour :"),
          h("p", { class: "team__addresses" }, unsent.join(", ")),
          h("p", {}, "L'invitation est enregistrée : « Renvoyer », dans la liste ci-dessous, l'envoie de nouveau."),
        )
      : null,
    sent.length
      ? banner("success", h("p", {}, sent.length === 1 ? "1 invitation envoyée :" : `${sent.length} invitations envoyées :`), h("p", { class: "team__addresses" }, sent.join(", ")))
      : null,
    skipped.length
      ? banner(
          "info",
          h("p", {}, skipped.length === 1 ? "1 adresse ignorée, déjà membre du centre (aucun e-mail envoyé) :" : `${skipped.length} adresses ignorées, déjà membres du centre (aucun e-mail envoyé) :`),
          h("p", { class: "team__addresses" }, skipped.join(", ")),
        )
      : null,
  ];
}

/** « Invitations en attente » and its reload(focusKey). */
async function pendingSection(team) {
  const section = h("section", { class: "card", "aria-labelledby": "titre-invitations" });
  const notice = noticeArea();
  const draw = (invitations) =>
    replaceChildren(
      section,
      h("h2", { id: "titre-invitations", tabindex: "-1" }, `Invitations en attente (${invitations.length})`),
      notice,
      invitations.length
        ? tableBox(pendingTable(team, invitations, { notice, reload }))
        : h("p", { class: "muted" }, "Aucune invitation en attente."),
    );
  // The API lists the pending invitations only.
  const load = async () => (await api.get(paths.centerInvitations(team.membership.centerId))).items;
  const reload = async (focusKey) => {
    draw(await load());
    if (focusKey !== undefined) focusOn(section, focusKey, section.querySelector("h2"));
  };
  draw(await load());
  return { section, reload: () => reload() };
}

function pendingTable(team, invitations, actions) {
  return h(
    "table",
    { class: "table" },
    h("caption", {}, "Invitations envoyées, pas encore acceptées"),
    h(
      "thead",
      {},
      h("tr", {}, ["Adresse e-mail", "Rôle", "Envoyée le", "Valable jusqu'au"].map((label) => h("th", { scope: "col" }, label)), h("th", { scope: "col" }, visuallyHidden("Actions"))),
    ),
    h(
      "tbody",
      {},
      invitations.map((invitation) =>
        h(
          "tr",
          {},
          h("th", { scope: "row", class: "cell--email" }, invitation.email),
          h("td", {}, roleLabel(invitation.role)),
          h("td", {}, dayOf(invitation.createdAt, team.timeZone)),
          h(
            "td",
            {},
            invitation.expired ? h("span", { class: "status status--expired" }, "Expirée") : null,
            invitation.expired ? " " : null,
            dayOf(invitation.expiresAt, team.timeZone),
          ),
          h(
            "td",
            { class: "cell--actions" },
            h(
              "button",
              { type: "button", class: "button button--secondary button--small", dataset: { focus: `resend-${invitation.id}` }, onclick: () => resend(team, invitation, actions) },
              "Renvoyer",
              visuallyHidden(` l'invitation à ${invitation.email}`),
            ),
            h(
              "button",
              { type: "button", class: "button button--danger-ghost button--small", onclick: () => cancel(team, invitation, actions) },
              "Annuler l'invitation",
              visuallyHidden(` à ${invitation.email}`),
            ),
          ),
        ),
      ),
    ),
  );
}

async function resend(team, invitation, { notice, reload }) {
  try {
    const renewed = await api.post(paths.resendInvitation(team.membership.centerId, invitation.id), undefined);
    await reload(`resend-${invitation.id}`);
    if (renewed.emailSent === false) {
      tell(notice, "error", `L'e-mail n'a pas pu partir pour ${invitation.email} : réessayez « Renvoyer » dans quelques instants.`);
    } else {
      tell(notice, "success", `Invitation renvoyée à ${invitation.email}, valable jusqu'au ${dayOf(renewed.expiresAt, team.timeZone)}. Le lien du précédent e-mail ne fonctionne plus.`);
    }
  } catch (failure) {
    refusal(notice, failure);
  }
}

async function cancel(team, invitation, { notice, reload }) {
  const confirmed = await confirmDialog({
    title: `Annuler l'invitation de ${invitation.email} ?`,
    message: `Le lien envoyé à ${invitation.email} ne fonctionnera plus. Vous pourrez l'inviter de nouveau.`,
    confirmLabel: "Annuler l'invitation",
    cancelLabel: "Garder l'invitation",
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.del(paths.centerInvitation(team.membership.centerId, invitation.id));
    await reload(null);
    tell(notice, "success", `L'invitation de ${invitation.email} est annulée.`);
  } catch (failure) {
    refusal(notice, failure);
  }
}
