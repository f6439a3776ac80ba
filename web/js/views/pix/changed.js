// « Something of the session changed here » (a report resolved, results saved), said by the
// section where it happened to the session's page, which forgets what is out of date.

export const SESSION_CHANGED = "pix-session-changed";

export function sessionChanged(from) {
  from.dispatchEvent(new CustomEvent(SESSION_CHANGED, { bubbles: true }));
}
