// One Idempotency-Key per user action. The API runs a POST that creates something (a session,
// an enrolment, an issue report, a document, the finalization) once per key: a retry of the
// same action — « Valider » again after « Le serveur ne répond pas », « Réessayer » on a
// document, or api.js's replay after a refreshed token — sends the same key and gets the first
// answer back instead of a second session, report, upload or enrolment. A new action gets a
// new key.

/** A random UUID (v4). */
export function newKey() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A user action that creates something. `action.keyFor(body)` draws a key at the first
 * submission and gives the same one back for every retry of the same request; `done()` after a
 * success ends the action. A request changed in between (another category, another selection)
 * is another action, with a new key: the API refuses a key already used for another body
 * (IDEMPOTENCY_KEY_REUSED), and what the user sends now is what they mean.
 */
export function userAction() {
  let key = null;
  let sent = null;
  return {
    keyFor(body) {
      const text = JSON.stringify(body ?? null);
      if (key === null || text !== sent) {
        key = newKey();
        sent = text;
      }
      return key;
    },
    done() {
      key = null;
      sent = null;
    },
  };
}
