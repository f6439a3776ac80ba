// « Membres » : the list (name, e-mail, role, since); an ADMIN changes a role and removes a
// member. The section draws itself again after each action, the focus kept on the same row.

import * as api from "../../api.js";
import { h, replaceChildren } from "../../dom.js";
import { dayOf, fullName, roleLabel } from "../../format.js";
import * as paths from "../../paths.js";
import { confirmDialog, tableBox, visuallyHidden } from "../../ui.js";
import { focusOn, noticeArea, refusal, tell } from "./notice.js";
import { changeRole } from "./role-dialog.js";

/** The members' section, its first list drawn. */
export async function membersSection(team) {
  const section = h("section", { class: "card", "aria-labelledby": "titre-membres" });
  const notice = noticeArea();
  const draw = (members) => {
    replaceChildren(
      section,
      h("h2", { id: "titre-membres", tabindex: "-1" }, `Membres (${members.length})`),
      notice,
      tableBox(membersTable(team, members, actions), { readOnly: !team.admin }),
    );
  };
  const reload = async (focusKey) => {
    draw(await listMembers(team));
    focusOn(section, focusKey, section.querySelector("h2"));
  };
  const actions = {
    changeRole: (member) => changeRole(team, member, { notice, reload }),
    remove: (member) => removeMember(team, member, { notice, reload }),
  };
  draw(await listMembers(team));
  return section;
}

async function listMembers(team) {
  const answer = await api.get(paths.centerMembers(team.membership.centerId));
  return answer.items;
}

function membersTable(team, members, actions) {
  const headers = ["Nom", "Prénom", "Adresse e-mail", "Rôle", "Membre depuis"];
  return h(
    "table",
    { class: "table team__members" },
    h("caption", {}, `Membres de ${team.membership.centerName}`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        headers.map((label) => h("th", { scope: "col" }, label)),
        team.admin ? h("th", { scope: "col" }, visuallyHidden("Actions")) : null,
      ),
    ),
    h("tbody", {}, members.map((member) => memberRow(team, member, actions))),
  );
}

function memberRow(team, member, actions) {
  const name = fullName(member);
  const self = member.userId === team.me.id;
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, member.lastName, self ? h("span", { class: "team__you" }, " (vous)") : null),
    h("td", {}, member.firstName),
    h("td", { class: "cell--email" }, member.email),
    h("td", {}, h("span", { class: `status status--role-${member.role.toLowerCase()}` }, roleLabel(member.role))),
    h("td", {}, dayOf(member.since, team.timeZone) || "—"),
    team.admin
      ? h(
          "td",
          { class: "cell--actions" },
          h(
            "button",
            { type: "button", class: "button button--secondary button--small", dataset: { focus: `role-${member.userId}` }, onclick: () => actions.changeRole(member) },
            "Changer le rôle",
            visuallyHidden(` de ${name}`),
          ),
          // Oneself: « Quitter le centre », below the list.
          self
            ? null
            : h(
                "button",
                { type: "button", class: "button button--danger-ghost button--small", dataset: { focus: `remove-${member.userId}` }, onclick: () => actions.remove(member) },
                "Retirer",
                visuallyHidden(` ${name} de l'équipe`),
              ),
        )
      : null,
  );
}

async function removeMember(team, member, { notice, reload }) {
  const name = fullName(member);
  const confirmed = await confirmDialog({
    title: `Retirer ${name} de l'équipe ?`,
    message: [
      `${name} (${member.email}) n'aura plus accès à ${team.membership.centerName} dans Pix Certif, dès maintenant.`,
      "Vous pourrez l'inviter de nouveau plus tard.",
    ],
    confirmLabel: "Retirer de l'équipe",
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.del(paths.centerMember(team.membership.centerId, member.userId));
    await reload(null);
    tell(notice, "success", `${name} ne fait plus partie de l'équipe.`);
  } catch (failure) {
    refusal(notice, failure);
  }
}
