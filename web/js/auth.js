// The tokens live in sessionStorage: they vanish with the tab, and never reach a cookie.
// Three kinds, kept apart: the school account's (Cognito), the invigilator's (one session),
// and a pupil's course token (one test). Logging out of one leaves the others alone.

const KEYS = {
  idToken: "certif.idToken",
  refreshToken: "certif.refreshToken",
  centerId: "certif.centerId",
};

export function idToken() {
  return sessionStorage.getItem(KEYS.idToken);
}

export function refreshToken() {
  return sessionStorage.getItem(KEYS.refreshToken);
}

export function isLoggedIn() {
  return Boolean(idToken());
}

/** Store the answer of /auth/login, /auth/new-password or /auth/refresh. */
export function storeTokens(tokens) {
  sessionStorage.setItem(KEYS.idToken, tokens.idToken);
  // Cognito does not send a new refresh token when refreshing: keep the one we have.
  if (tokens.refreshToken) sessionStorage.setItem(KEYS.refreshToken, tokens.refreshToken);
}

export function clearSession() {
  for (const key of Object.values(KEYS)) sessionStorage.removeItem(key);
}

export function currentCenterId() {
  return sessionStorage.getItem(KEYS.centerId);
}

export function setCurrentCenterId(centerId) {
  sessionStorage.setItem(KEYS.centerId, centerId);
}

const INVIGILATOR = "certif.invigilator";
const COURSE = "certif.course";

function readJson(key) {
  try {
    const value = JSON.parse(sessionStorage.getItem(key) || "null");
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

/** {token, sessionId, expiresAt} of POST /invigilator/login, or null (none, or expired). */
export function invigilatorGrant() {
  const grant = readJson(INVIGILATOR);
  if (!grant || !grant.token || (grant.expiresAt && grant.expiresAt <= Date.now())) return null;
  return grant;
}

export function storeInvigilatorGrant(answer) {
  const grant = {
    token: answer.invigilatorToken,
    sessionId: answer.session.id,
    expiresAt: Date.now() + Number(answer.expiresIn || 0) * 1000,
  };
  sessionStorage.setItem(INVIGILATOR, JSON.stringify(grant));
  return grant;
}

export function clearInvigilatorGrant() {
  sessionStorage.removeItem(INVIGILATOR);
}

/** A pupil's test: {sessionId, certificationNumber, courseToken}, or null. */
export function course() {
  const value = readJson(COURSE);
  return value && value.courseToken ? value : null;
}

export function storeCourse(value) {
  sessionStorage.setItem(COURSE, JSON.stringify(value));
}

export function clearCourse() {
  sessionStorage.removeItem(COURSE);
}
