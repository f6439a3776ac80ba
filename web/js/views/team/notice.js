// What the team screen says after an action: a banner in the section where it was done (an
// alert for a refusal, a status otherwise), and the way back when the API says the user is no
// longer an ADMIN.

import { announce, h, replaceChildren } from "../../dom.js";
import { flash, navigate } from "../../state.js";
import { banner } from "../../ui.js";

export function noticeArea() {
  return h("div", { class: "team__notice" });
}

export function tell(area, kind, message) {
  replaceChildren(area, banner(kind, message));
  if (kind !== "error") announce(message);
}

/**
 * A refusal shown in `area`. 403 ADMIN_ROLE_REQUIRED: another admin made this user a MEMBER
 * since the screen was drawn — the screen is drawn again, as a MEMBER sees it.
 */
export function refusal(area, failure, explanation = "") {
  if (failure.code === "ADMIN_ROLE_REQUIRED") {
    flash("error", failure.message);
    navigate("/equipe");
    return;
  }
  tell(area, "error", explanation ? `${failure.message} ${explanation}` : failure.message);
}

/** A focusable element of `root` marked data-focus="key" gets the focus, else `fallback`. */
export function focusOn(root, key, fallback) {
  const target = key ? root.querySelector(`[data-focus="${CSS.escape(key)}"]`) : null;
  (target || fallback).focus();
}
