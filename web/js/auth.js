// The tokens live in sessionStorage: they vanish with the tab, and never reach a cookie.

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
