// Entry point: loads the configuration, then a hash router draws one screen at a time in
// <main>. Each screen is a module of views/ exporting `render(context)`.

import * as api from "./api.js";
import * as auth from "./auth.js";
import { announce, h, replaceChildren } from "./dom.js";
import { banner, loading } from "./ui.js";

const routes = [
  { pattern: /^\/connexion$/, module: "login", name: "login", public: true },
  { pattern: /^\/mot-de-passe-oublie$/, module: "login", name: "forgot", public: true },
  { pattern: /^\/nouveau-mot-de-passe$/, module: "login", name: "newPassword", public: true },
  { pattern: /^\/sessions$/, module: "sessions", name: "list" },
  { pattern: /^\/sessions\/nouvelle$/, module: "session-form", name: "create" },
  { pattern: /^\/sessions\/(\d+)$/, module: "session-details", name: "details" },
  { pattern: /^\/sessions\/(\d+)\/modifier$/, module: "session-form", name: "edit" },
  { pattern: /^\/sessions\/(\d+)\/candidats$/, module: "session-details", name: "candidates" },
  { pattern: /^\/sessions\/(\d+)\/candidats\/ajouter$/, module: "add-candidates", name: "add" },
  { pattern: /^\/sessions\/(\d+)\/finalisation$/, module: "finalization", name: "finalize" },
  { pattern: /^\/eleves\/import$/, module: "roster-import", name: "import" },
];

const main = () => document.getElementById("contenu");
const header = () => document.getElementById("entete");

// What the screens share: the user (/me), the current center, and one-shot messages.
export const state = {
  me: null,
  centers: new Map(),
  flash: null,
};

let renderCount = 0;

export function navigate(path, { replace = false } = {}) {
  const target = `#${path}`;
  if (window.location.hash === target) {
    render();
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

export function selectCenter(centerId) {
  auth.setCurrentCenterId(centerId);
  drawHeader();
}

export async function center(centerId) {
  if (!state.centers.has(centerId)) {
    state.centers.set(centerId, await api.get(`/centers/${encodeURIComponent(centerId)}`));
  }
  return state.centers.get(centerId);
}

export function logout(message) {
  auth.clearSession();
  state.me = null;
  state.centers.clear();
  if (message) flash("info", message);
  navigate("/connexion");
}

export function setTitle(title) {
  document.title = `${title} | Pix Certif`;
}

function drawHeader() {
  const element = header();
  if (!state.me) {
    element.hidden = true;
    element.replaceChildren();
    return;
  }
  const membership = currentMembership();
  const { path } = currentPath();
  const link = (href, label, active) =>
    h("a", { href: `#${href}`, class: "nav__link", "aria-current": active ? "page" : null }, label);
  let centerBlock;
  if (state.me.memberships.length > 1) {
    centerBlock = h(
      "div",
      { class: "center-switcher" },
      h("label", { for: "choix-centre" }, "Centre de certification"),
      h(
        "select",
        {
          id: "choix-centre",
          onchange: (event) => {
            selectCenter(event.target.value);
            announce(`Centre sélectionné : ${event.target.selectedOptions[0].textContent}`);
            navigate("/sessions");
          },
        },
        state.me.memberships.map((m) =>
          h("option", { value: m.centerId, selected: membership && m.centerId === membership.centerId }, m.centerName),
        ),
      ),
    );
  } else {
    centerBlock = h(
      "p",
      { class: "center-name" },
      h("span", { class: "center-name__label" }, "Centre de certification"),
      h("span", { class: "center-name__value" }, membership ? membership.centerName : "Aucun centre"),
    );
  }
  replaceChildren(
    element,
    h(
      "div",
      { class: "app-header__inner" },
      h("a", { href: "#/sessions", class: "brand" }, h("span", { class: "brand__pix" }, "Pix"), " Certif"),
      h(
        "nav",
        { class: "nav", "aria-label": "Menu principal" },
        link("/sessions", "Sessions de certification", path.startsWith("/sessions")),
        link("/eleves/import", "Élèves", path.startsWith("/eleves")),
      ),
      centerBlock,
      h(
        "div",
        { class: "user" },
        h("span", { class: "user__name" }, `${state.me.user.firstName} ${state.me.user.lastName}`),
        h("button", { type: "button", class: "button button--ghost-light", onclick: () => logout("Vous êtes déconnecté(e).") }, "Se déconnecter"),
      ),
    ),
  );
  element.hidden = false;
}

async function ensureMe() {
  if (!state.me) {
    state.me = await api.get("/me");
    const membership = currentMembership();
    if (membership) auth.setCurrentCenterId(membership.centerId);
  }
  return state.me;
}

/** Draw the screen of the current hash. */
export async function render() {
  renderCount += 1;
  const ticket = renderCount;
  const { path, params } = currentPath();
  const route = routes.find((r) => r.pattern.test(path));
  if (!route) {
    navigate(auth.isLoggedIn() ? "/sessions" : "/connexion", { replace: true });
    return;
  }
  if (!route.public && !auth.isLoggedIn()) {
    navigate("/connexion", { replace: true });
    return;
  }
  if (route.public && auth.isLoggedIn() && route.name === "login") {
    navigate("/sessions", { replace: true });
    return;
  }
  const target = main();
  replaceChildren(target, loading());
  try {
    if (!route.public) await ensureMe();
    drawHeader();
    const view = await import(`./views/${route.module}.js`);
    const args = path.match(route.pattern).slice(1);
    const context = {
      name: route.name,
      args,
      params,
      isCurrent: () => ticket === renderCount,
    };
    const content = await view.render(context);
    if (ticket !== renderCount || !content) return;
    replaceChildren(target, content);
    focusScreen(target);
  } catch (error) {
    if (ticket !== renderCount) return;
    if (error instanceof api.ApiError && error.status === 401) return;
    setTitle("Erreur");
    replaceChildren(
      target,
      h("div", { class: "page" }, h("h1", {}, error.status === 404 ? "Introuvable" : "Une erreur est survenue"), banner("error", error.message || String(error)), h("p", {}, h("a", { href: "#/sessions" }, "Retour aux sessions de certification"))),
    );
    focusScreen(target);
  }
}

/** After a navigation, the new screen's title gets the focus (screen readers announce it). */
function focusScreen(target) {
  const heading = target.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  } else {
    target.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

async function start() {
  let config;
  try {
    config = (await import("../config.js")).default;
  } catch {
    config = null;
  }
  if (!config || !config.apiUrl) {
    replaceChildren(
      main(),
      h("div", { class: "page" }, h("h1", {}, "Configuration manquante"), banner("error", "Le fichier config.js (adresse de l'API) est introuvable : lancez « make run », ou écrivez-le lors du déploiement.")),
    );
    return;
  }
  api.configure({
    apiUrl: config.apiUrl,
    unauthenticated: () => {
      state.me = null;
      drawHeader();
      flash("error", "Votre session a expiré : veuillez vous reconnecter.");
      navigate("/connexion");
    },
  });
  // The skip link moves the focus to <main> without touching the router's hash.
  document.getElementById("lien-evitement").addEventListener("click", (event) => {
    event.preventDefault();
    main().focus();
  });
  window.addEventListener("hashchange", render);
  await render();
}

start();
