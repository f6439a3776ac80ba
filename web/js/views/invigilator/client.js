// The invigilator's calls to the API, with the invigilator's own token (never the school
// account's: a 401 here does not go through /auth/refresh nor to the school login). A 401 —
// the token expired, or the session was finalized (INVIGILATION_CLOSED) — drops the token and
// goes back to the portal's login with a message in French.

import * as api from "../../api.js";
import * as auth from "../../auth.js";
import * as paths from "../../paths.js";
import { flash, navigate } from "../../state.js";

const EXPIRED = "Votre accès à l'espace surveillant a expiré : reconnectez-vous avec le numéro de session et le mot de passe surveillant.";

/** Drop the invigilator's token and go back to the portal's login, with `message`. */
export function leave(kind, message) {
  auth.clearInvigilatorGrant();
  if (message) flash(kind, message);
  navigate("/surveillant");
}

export function invigilatorClient(grant) {
  const id = grant.sessionId;
  const options = { bearer: grant.token };
  let gone = false;
  /** Every failure passes here first: a 401 ends the visit (once). */
  const check = (failure) => {
    if (failure && failure.status === 401 && !gone) {
      gone = true;
      leave("error", failure.code === "INVIGILATION_CLOSED" ? failure.message : EXPIRED);
    }
  };
  const guard = async (call) => {
    try {
      return await call();
    } catch (failure) {
      check(failure);
      throw failure;
    }
  };
  return {
    sessionId: id,
    options,
    check,
    supervising: () => guard(() => api.get(paths.supervising(id), options)),
    authorizeToStart: (candidateId, authorized) => guard(() => api.post(paths.authorizeToStart(id, candidateId), { authorized }, options)),
    authorizeToResume: (candidateId) => guard(() => api.post(paths.authorizeToResume(id, candidateId), {}, options)),
    endTest: (candidateId, reason) => guard(() => api.post(paths.endBySupervisor(id, candidateId), { reason }, options)),
    kit: (requestOptions) => guard(() => api.get(paths.invigilatorKit(id), { ...options, ...requestOptions })),
  };
}
