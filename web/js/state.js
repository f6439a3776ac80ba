// What the screens share, so that none of them imports the router (app.js) or another screen:
// the user (/me) and the centers, the navigation, one-shot messages and the page title.
// app.js connects its router here (connectRouter) when it starts.

import * as api from "./api.js";
import * as auth from "./auth.js";
import * as paths from "./paths.js";
import { banner } from "./ui.js";

export const state = {
  me: null,
  centers: new Map(),
  flash: null,
};

// Filled in by app.js: draw the current hash's screen again, draw the header again.
const router = {
  render: () => {},
  drawHeader: () => {},
};

/** app.js hands over its router (render, drawHeader). */
export function connectRouter({ render, drawHeader }) {
  router.render = render;
  router.drawHeader = drawHeader;
}

// The e-mail's link to accept an invitation is a real address, /rejoindre?invitation=…&code=…
// (not a hash route: some mail clients cut or rewrite fragments); the server answers it with
// index.html, and the router draws the "/rejoindre" screen for it.
const JOIN_ADDRESS = /\/rejoindre\/?$/;

function atJoinAddress() {
  return JOIN_ADDRESS.test(window.location.pathname);
}

/** The href of a screen: "#/connexion"; from the invitation's address, "/#/connexion" (the
link and its code left behind). */
export function screenHref(path) {
  return atJoinAddress() ? `${window.location.pathname.replace(JOIN_ADDRESS, "/")}#${path}` : `#${path}`;
}

export function navigate(path, { replace = false } = {}) {
  const target = `#${path}`;
  if (atJoinAddress() && !window.location.hash) {
    // Leaving the invitation page: back to the site's root, the link (and its code) out of
    // the address bar and of this history entry. Staying: the same link, drawn again.
    if (path !== "/rejoindre") window.history.replaceState(null, "", screenHref(path));
    router.render();
  } else if (window.location.hash === target) {
    router.render();
  } else if (replace) {
    window.location.replace(target);
  } else {
    window.location.hash = target;
  }
}

/** A message shown once, on the next screen (e.g. « candidats ajoutés »). */
export function flash(kind, message) {
  state.flash = { kind, message };
}

export function takeFlash() {
  const message = state.flash;
  state.flash = null;
  return message ? banner(message.kind, message.message) : null;
}

export function currentPath() {
  if (!window.location.hash && atJoinAddress()) {
    return { path: "/rejoindre", params: new URLSearchParams(window.location.search) };
  }
  const hash = window.location.hash.replace(/^#/, "") || "/sessions";
  const [path, search = ""] = hash.split("?");
  return { path, params: new URLSearchParams(search) };
}

/** The user's memberships; the current one first chosen, else the first. */
export function currentMembership() {
  const memberships = state.me ? state.me.memberships : [];
  const chosen = auth.currentCenterId();
  return memberships.find((m) => m.centerId === chosen) || memberships[0] || null;
}

/** The user's role in the current center: "ADMIN", "MEMBER", or null without a center. */
export function currentRole() {
  const membership = currentMembership();
  return membership ? membership.role : null;
}

/** Only an ADMIN manages the team and imports the roster (the API says 403 to a MEMBER). */
export function isAdmin() {
  return currentRole() === "ADMIN";
}

/** A member of Pix staff (the `pix-admin` group): « Espace Pix », the processing screens. */
export function isPixAdmin() {
  return Boolean(state.me && state.me.isPixAdmin);
}

/** Where a signed-in user starts: Pix staff in « Espace Pix » (their school's screens, if they
belong to one, stay in the menu), everyone else in their center's sessions. */
export function homePath() {
  return isPixAdmin() ? "/pix" : "/sessions";
}

export function selectCenter(centerId) {
  auth.setCurrentCenterId(centerId);
  router.drawHeader();
}

/** GET /centers/{id} once per center (name, timezone). */
export async function center(centerId) {
  if (!state.centers.has(centerId)) {
    state.centers.set(centerId, await api.get(paths.center(centerId)));
  }
  return state.centers.get(centerId);
}

/** GET /me once after the login; the current center is kept in sessionStorage. */
export async function ensureMe() {
  if (!state.me) {
    state.me = await api.get(paths.me());
    const membership = currentMembership();
    if (membership) auth.setCurrentCenterId(membership.centerId);
  }
  return state.me;
}

/** GET /me again (a role changed, a center joined or left), and the header with it. */
export async function reloadMe() {
  state.me = null;
  await ensureMe();
  router.drawHeader();
  return state.me;
}

export function logout(message, { to = "/connexion" } = {}) {
  auth.clearSession();
  state.me = null;
  state.centers.clear();
  router.drawHeader();
  if (message) flash("info", message);
  navigate(to);
}

export function setTitle(title) {
  document.title = `${title} | Pix Certif`;
}
