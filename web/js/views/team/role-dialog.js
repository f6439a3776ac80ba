// « Changer le rôle » : a dialog with the two roles and what each may do. The API's refusal
// (409 LAST_ADMIN: the center keeps at least one ADMIN) is said in the dialog, which stays open.

import * as api from "../../api.js";
import { h, uid } from "../../dom.js";
import { fullName, ROLE_HINTS, roleLabel } from "../../format.js";
import * as paths from "../../paths.js";
import { flash, navigate } from "../../state.js";
import { clearErrors, formError, openDialog, showErrors } from "../../ui.js";
import { refusal, tell } from "./notice.js";

export const LAST_ADMIN_HINT = "Nommez d'abord un autre administrateur (« Changer le rôle »).";

/** The API's refusal, with what to do about it. */
export function withHint(failure, hint) {
  return new api.ApiError(failure.status, { ...failure.body, message: `${failure.message} ${hint}` });
}

/** The two roles as radio buttons, `current` checked; each with what it allows. */
export function roleChoice(name, current, legend) {
  return h(
    "fieldset",
    { class: "radios team__roles" },
    h("legend", {}, legend),
    ["MEMBER", "ADMIN"].map((role) => {
      const id = uid(`role-${role.toLowerCase()}`);
      return h(
        "div",
        { class: "radio" },
        h("input", { type: "radio", id, name, value: role, checked: role === current, "aria-describedby": `${id}-aide` }),
        h("div", {}, h("label", { for: id, class: "radio__label" }, roleLabel(role)), h("p", { class: "field__hint", id: `${id}-aide` }, ROLE_HINTS[role])),
      );
    }),
  );
}

export function changeRole(team, member, { notice, reload }) {
  const name = fullName(member);
  const self = member.userId === team.me.id;
  const { dialog } = openDialog({
    title: self ? "Changer mon rôle" : `Changer le rôle de ${name}`,
    build: (close) => {
      const form = h(
        "form",
        { class: "dialog__body form", novalidate: true },
        formError(),
        roleChoice("role", member.role, self ? `Mon rôle dans ${team.membership.centerName}` : `Rôle de ${name} dans ${team.membership.centerName}`),
        self ? h("p", { class: "muted" }, "Devenu membre, vous ne pourrez plus gérer l'équipe ni importer la liste des élèves.") : null,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "button button--secondary", onclick: close }, "Annuler"),
          h("button", { type: "submit", class: "button" }, "Enregistrer le rôle"),
        ),
      );
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const role = form.querySelector("input[name=role]:checked").value;
        save({ team, member, role, form, close, notice, reload });
      });
      return form;
    },
  });
  // In a group of radio buttons, the focus belongs on the checked one.
  dialog.querySelector("input[name=role]:checked")?.focus();
}

async function save({ team, member, role, form, close, notice, reload }) {
  clearErrors(form);
  if (role === member.role) {
    close();
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await api.patch(paths.centerMember(team.membership.centerId, member.userId), { role });
    close();
    if (member.userId === team.me.id) {
      // No longer an ADMIN: the screen as a MEMBER sees it (it reads GET /me again, and
      // draws the header's role with it).
      flash("success", `Votre rôle est maintenant : ${roleLabel(role)}.`);
      navigate("/equipe");
      return;
    }
    await reload(`role-${member.userId}`);
    tell(notice, "success", `${fullName(member)} est maintenant ${roleLabel(role).toLowerCase()}.`);
  } catch (failure) {
    if (failure.code === "ADMIN_ROLE_REQUIRED") {
      close();
      refusal(notice, failure);
      return;
    }
    showErrors(form, failure.code === "LAST_ADMIN" ? withHint(failure, LAST_ADMIN_HINT) : failure);
  } finally {
    button.disabled = false;
  }
}
