// « Équipe » : the center's members and, for an ADMIN, its invitations; anyone may leave.
// The role comes from GET /me (read again when the screen opens: another admin may have
// changed it since the login); a MEMBER sees the list only.

import { h } from "../../dom.js";
import { center, currentMembership, isAdmin, reloadMe, setTitle, state, takeFlash } from "../../state.js";
import { banner } from "../../ui.js";
import { invitationsSections } from "./invitations.js";
import { journalSection } from "./journal.js";
import { leaveSection } from "./leave.js";
import { membersSection } from "./members.js";

export async function render() {
  setTitle("Équipe");
  await reloadMe();
  const membership = currentMembership();
  if (!membership) {
    return h("div", { class: "page" }, h("h1", {}, "Équipe"), banner("info", "Votre compte n'est rattaché à aucun centre de certification."));
  }
  const admin = isAdmin();
  const place = await center(membership.centerId);
  const team = { membership, admin, me: state.me.user, timeZone: place.timezone };
  // Three independent reads, at once; the page keeps its order.
  const [members, invitations, trail] = await Promise.all([
    membersSection(team),
    admin ? invitationsSections(team) : [],
    admin ? journalSection(team) : null,
  ]);
  return h(
    "div",
    { class: "page team" },
    h("h1", {}, "Équipe"),
    h(
      "p",
      { class: "lead" },
      admin
        ? `Les personnes qui ont accès à ${membership.centerName} dans Pix Certif. En tant qu'administrateur, vous invitez vos collègues, changez leur rôle et retirez leur accès.`
        : `Les personnes qui ont accès à ${membership.centerName} dans Pix Certif. Seul un administrateur du centre peut inviter, changer un rôle ou retirer un accès.`,
    ),
    takeFlash(),
    members,
    invitations,
    leaveSection(team),
    trail,
  );
}
