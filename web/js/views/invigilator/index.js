// Espace surveillant (#/surveillant): the login with the session number and the supervisor
// password, then the live list of the room. No school account: the invigilator's token, kept
// in sessionStorage, opens this one session and nothing else.

import * as auth from "../../auth.js";
import { loginScreen } from "./login.js";
import { roomScreen } from "./room.js";

export async function render(context) {
  const wanted = context.params.get("session");
  const grant = auth.invigilatorGrant();
  if (grant && (!wanted || String(grant.sessionId) === wanted)) return roomScreen(grant, context);
  return loginScreen(wanted);
}
