// « Quitter le centre » : any member may leave (DELETE of their own membership); the last
// ADMIN may not (409 LAST_ADMIN), and is told what to do first.

import * as api from "../../api.js";
import { h } from "../../dom.js";
import * as paths from "../../paths.js";
import { flash, navigate, reloadMe } from "../../state.js";
import { confirmDialog } from "../../ui.js";
import { noticeArea, refusal } from "./notice.js";
import { LAST_ADMIN_HINT } from "./role-dialog.js";

export function leaveSection(team) {
  const centerName = team.membership.centerName;
  const notice = noticeArea();
  return h(
    "section",
    { class: "card team__leave", "aria-labelledby": "titre-quitter" },
    h("h2", { id: "titre-quitter" }, "Quitter le centre"),
    h(
      "p",
      {},
      `Vous n'aurez plus accès aux sessions de ${centerName}. Pour revenir, il faudra qu'un administrateur du centre vous invite de nouveau.`,
    ),
    team.admin ? h("p", { class: "muted" }, "Le centre doit garder au moins un administrateur : si vous êtes le seul, nommez-en d'abord un autre.") : null,
    notice,
    h(
      "div",
      { class: "actions actions--start" },
      h("button", { type: "button", class: "button button--danger-ghost", onclick: () => leave(team, notice) }, "Quitter le centre"),
    ),
  );
}

async function leave(team, notice) {
  const centerName = team.membership.centerName;
  const confirmed = await confirmDialog({
    title: `Quitter ${centerName} ?`,
    message: `Vous n'aurez plus accès aux sessions de ${centerName}, dès maintenant.`,
    confirmLabel: "Quitter le centre",
    cancelLabel: "Rester",
    danger: true,
    cancelFirst: true,
  });
  if (!confirmed) return;
  try {
    await api.del(paths.centerMember(team.membership.centerId, team.me.id));
  } catch (failure) {
    refusal(notice, failure, failure.code === "LAST_ADMIN" ? LAST_ADMIN_HINT : "");
    return;
  }
  await reloadMe();
  flash("success", `Vous avez quitté ${centerName}.`);
  navigate("/sessions");
}
