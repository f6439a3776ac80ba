// Entry point: loads the configuration, then a hash router draws one screen at a time in
// <main>. Each screen is a module of views/ exporting `render(context)`; the screens share
// state, navigation and messages through state.js, never through this module.

import * as api from "./api.js";
import * as auth from "./auth.js";
import { announce, h, replaceChildren } from "./dom.js";
import { connectRouter, currentMembership, currentPath, ensureMe, flash, homePath, isPixAdmin, logout, navigate, selectCenter, setTitle, state } from "./state.js";
import { banner, loading } from "./ui.js";

const routes = [
  { pattern: /^\/connexion$/, load: () => import("./views/login.js"), name: "login", public: true },
  { pattern: /^\/mot-de-passe-oublie$/, load: () => import("./views/login.js"), name: "forgot", public: true },
  { pattern: /^\/nouveau-mot-de-passe$/, load: () => import("./views/login.js"), name: "newPassword", public: true },
  { pattern: /^\/sessions$/, load: () => import("./views/sessions.js"), name: "list" },
  { pattern: /^\/sessions\/nouvelle$/, load: () => import("./views/session-form.js"), name: "create" },
  { pattern: /^\/sessions\/(\d+)$/, load: () => import("./views/session-details.js"), name: "details" },
  { pattern: /^\/sessions\/(\d+)\/modifier$/, load: () => import("./views/session-form.js"), name: "edit" },
  { pattern: /^\/sessions\/(\d+)\/candidats$/, load: () => import("./views/session-details.js"), name: "candidates" },
  { pattern: /^\/sessions\/(\d+)\/resultats$/, load: () => import("./views/session-details.js"), name: "results" },
  { pattern: /^\/sessions\/(\d+)\/candidats\/ajouter$/, load: () => import("./views/add-candidates/index.js"), name: "add" },
  { pattern: /^\/sessions\/(\d+)\/finalisation$/, load: () => import("./views/finalization/index.js"), name: "finalize" },
  { pattern: /^\/eleves$/, load: () => import("./views/students.js"), name: "students" },
  { pattern: /^\/eleves\/import$/, load: () => import("./views/roster-import.js"), name: "import" },
  { pattern: /^\/equipe$/, load: () => import("./views/team/index.js"), name: "team" },
  { pattern: /^\/aide$/, load: () => import("./views/guide.js"), name: "guide", public: true },
  // The link of an invitation's e-mail: /rejoindre?invitation=…&code=… (state.currentPath).
  { pattern: /^\/rejoindre$/, load: () => import("./views/join-center/index.js"), name: "join", public: true },
  // Exam day, without a school account: the invigilator (session number and supervisor
  // password) and the pupils (session number, access code, identity).
  { pattern: /^\/surveillant$/, load: () => import("./views/invigilator/index.js"), name: "invigilator", public: true },
  { pattern: /^\/candidat$/, load: () => import("./views/pupil/index.js"), name: "pupil", public: true },
  // Anyone holding an attestation (a school, an employer): its verification code, no account.
  { pattern: /^\/verifier(?:\/([^/?]+))?$/, load: () => import("./views/verify.js"), name: "verify", public: true },
  // « Espace Pix » : Pix staff process the finalized sessions (the `pix-admin` group).
  { pattern: /^\/pix$/, load: () => import("./views/pix/index.js"), name: "pixQueues", staff: true },
  { pattern: /^\/pix\/retard$/, load: () => import("./views/pix/index.js"), name: "pixOverdue", staff: true },
  { pattern: /^\/pix\/sessions\/(\d+)$/, load: () => import("./views/pix/index.js"), name: "pixSession", staff: true },
];

const main = () => document.getElementById("contenu");
const header = () => document.getElementById("entete");

let renderCount = 0;

/** The current center: a selector when the user belongs to several centers, else its name. */
function centerBlock(membership) {
  if (state.me.memberships.length <= 1) {
    return h(
      "p",
      { class: "center-name" },
      h("span", { class: "center-name__label" }, "Centre de certification"),
      h("span", { class: "center-name__value" }, membership ? membership.centerName : "Aucun centre"),
    );
  }
  return h(
    "div",
    { class: "center-switcher" },
    h("label", { for: "choix-centre" }, "Centre de certification"),
    h(
      "select",
      {
        id: "choix-centre",
        onchange: (event) => {
          selectCenter(event.target.value);
          announce(`Centre sélectionné : ${event.target.selectedOptions[0].textContent}`);
          navigate("/sessions");
        },
      },
      state.me.memberships.map((m) =>
        h("option", { value: m.centerId, selected: membership && m.centerId === membership.centerId }, m.centerName),
      ),
    ),
  );
}

function drawHeader() {
  const element = header();
  if (!state.me) {
    element.hidden = true;
    element.replaceChildren();
    return;
  }
  const { path } = currentPath();
  const link = (href, label, active) =>
    h("a", { href: `#${href}`, class: "nav__link", "aria-current": active ? "page" : null }, label);
  // Pix staff see « Espace Pix »; the school's screens only for the members of a center.
  const school = state.me.memberships.length > 0 || !isPixAdmin();
  // On a phone or a tablet the menu folds behind « Menu » (a disclosure button): the CSS
  // shows the panel at any width above 720 px, and below only while aria-expanded is true.
  const panel = h(
    "div",
    { class: "app-header__menu", id: "menu-principal" },
    h(
      "nav",
      { class: "nav", "aria-label": "Menu principal" },
      isPixAdmin() ? link("/pix", "Espace Pix", path.startsWith("/pix")) : null,
      school ? link("/sessions", "Sessions de certification", path.startsWith("/sessions")) : null,
      school ? link("/eleves", "Élèves", path.startsWith("/eleves")) : null,
      school ? link("/equipe", "Équipe", path.startsWith("/equipe")) : null,
    ),
    school ? centerBlock(currentMembership()) : null,
    h(
      "div",
      { class: "user" },
      h("span", { class: "user__name" }, `${state.me.user.firstName} ${state.me.user.lastName}`),
      h("button", { type: "button", class: "button button--ghost-light", onclick: () => logout("Vous avez bien été déconnecté de Pix Certif.") }, "Se déconnecter"),
    ),
  );
  const toggle = h(
    "button",
    {
      type: "button",
      class: "menu-toggle",
      "aria-expanded": "false",
      "aria-controls": "menu-principal",
      onclick: () => {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        element.classList.toggle("app-header--open", open);
      },
    },
    h("span", { class: "menu-toggle__bars", "aria-hidden": "true" }),
    "Menu",
  );
  element.classList.remove("app-header--open");
  replaceChildren(
    element,
    h(
      "div",
      { class: "app-header__inner" },
      h("a", { href: `#${homePath()}`, class: "brand" }, h("span", { class: "brand__pix" }, "Pix"), " Certif"),
      toggle,
      panel,
    ),
  );
  element.hidden = false;
}

/** The route of `path`, or the path to go to instead (login first, no login screen twice). */
function resolve(path, params) {
  const route = routes.find((r) => r.pattern.test(path));
  if (!route) return { redirect: auth.isLoggedIn() ? "/sessions" : "/connexion" };
  if (!route.public && !auth.isLoggedIn()) {
    // A link opened signed out (a 48-hour e-mail's, a bookmark): back there after signing in.
    const query = params.toString();
    const wanted = query ? `${path}?${query}` : path;
    return { redirect: `/connexion?suite=${encodeURIComponent(wanted)}` };
  }
  if (route.public && auth.isLoggedIn() && route.name === "login") return { redirect: "/sessions" };
  return { route };
}

function drawError(target, error) {
  setTitle("Erreur");
  replaceChildren(
    target,
    h("div", { class: "page" }, h("h1", {}, error.status === 404 ? "Introuvable" : "Une erreur est survenue"), banner("error", error.message || String(error)), h("p", {}, isPixAdmin() && !state.me.memberships.length ? h("a", { href: "#/pix" }, "Retour à l'Espace Pix") : h("a", { href: "#/sessions" }, "Retour aux sessions de certification"))),
  );
  focusScreen(target);
}

/** Draw the screen of the current hash. */
async function render() {
  renderCount += 1;
  const ticket = renderCount;
  const { path, params } = currentPath();
  const { route, redirect } = resolve(path, params);
  if (redirect) {
    navigate(redirect, { replace: true });
    return;
  }
  const target = main();
  replaceChildren(target, loading());
  try {
    if (!route.public) await ensureMe();
    // Pix staff without a center have no sessions of their own: « Espace Pix » instead.
    if (route.name === "list" && isPixAdmin() && !state.me.memberships.length) {
      navigate("/pix", { replace: true });
      return;
    }
    if (route.staff && !isPixAdmin()) {
      navigate("/sessions", { replace: true });
      return;
    }
    drawHeader();
    const view = await route.load();
    const context = {
      name: route.name,
      args: path.match(route.pattern).slice(1),
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
    drawError(target, error);
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

async function loadConfig() {
  try {
    return (await import("../config.js")).default;
  } catch {
    return null;
  }
}

async function start() {
  const config = await loadConfig();
  if (!config || !config.apiUrl) {
    replaceChildren(
      main(),
      h("div", { class: "page" }, h("h1", {}, "Configuration manquante"), banner("error", "Le fichier config.js (adresse de l'API) est introuvable : lancez « make run », ou écrivez-le lors du déploiement.")),
    );
    return;
  }
  connectRouter({ render, drawHeader });
  api.configure({
    apiUrl: config.apiUrl,
    unauthenticated: () => {
      state.me = null;
      drawHeader();
      flash("error", "Votre session a expiré : veuillez vous reconnecter.");
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
