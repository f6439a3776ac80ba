// The draft saved as the user goes: each change (end screens, abort reasons, the comment, the
// two boxes of step 3) is sent with PUT /sessions/{id}/finalization a moment after the last
// one; « Brouillon enregistré à HH:MM » says it is done, a failure says so and keeps the
// changes on the page (« Sauvegarder » tries again). Leaving by a link of the application
// saves at once; leaving the page (reload, closing the tab) with changes not yet saved asks
// the browser's confirmation. Reports and documents are saved by their own requests.

import * as api from "../../api.js";
import { h } from "../../dom.js";
import * as paths from "../../paths.js";
import { payload } from "./model.js";

const DELAY_MS = 800;

// Session id → the last save under way: coming back to the screen reads the draft after it,
// and takes back the changes the API did not get (model.js, restore).
const pending = new Map();

/** Resolves once the last save of session `id`'s draft is over: null, or the edited model
whose save failed. */
export function lastSave(id) {
  return pending.get(String(id)) || Promise.resolve(null);
}

function clock() {
  return new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit" }).format(new Date());
}

/**
 * The saver of session `id`'s draft (`model`): changed() after each change, saveNow(),
 * stop() once finalized; `status` is the element that tells where the draft is.
 * context.isCurrent() says whether the screen is still shown.
 */
export function draftSaver(id, model, context) {
  const status = h("p", { class: "save-status", role: "status" });
  const state = { timer: null, dirty: false, failed: false, running: null, stopped: false };
  const show = (kind, text) => {
    status.className = `save-status save-status--${kind}`;
    status.textContent = text;
  };

  const put = async () => {
    state.dirty = false;
    show("busy", "Enregistrement du brouillon…");
    try {
      await api.put(paths.finalization(id), payload(model));
      state.failed = false;
      show("saved", `Brouillon enregistré à ${clock()}`);
    } catch (failure) {
      state.dirty = true;
      state.failed = true;
      show("error", `Le brouillon n'a pas pu être enregistré\u00a0: ${failure.message} Vos modifications restent sur cette page\u00a0: cliquez sur «\u00a0Sauvegarder\u00a0» pour réessayer.`);
    }
  };

  /** Save now (one PUT at a time, the latest state last); resolves true once saved. */
  const saveNow = ({ force = false } = {}) => {
    window.clearTimeout(state.timer);
    state.timer = null;
    if (force) state.dirty = true;
    const done = (async () => {
      while (state.running) await state.running;
      if (state.stopped || !state.dirty) return !state.failed;
      state.running = put().finally(() => {
        state.running = null;
      });
      await state.running;
      return !state.failed;
    })();
    pending.set(String(id), done.then((saved) => (saved || state.stopped ? null : model)));
    return done;
  };

  const leaving = guardLeaving(state, saveNow, context);
  return {
    status,
    changed() {
      if (state.stopped) return;
      state.dirty = true;
      window.clearTimeout(state.timer);
      state.timer = window.setTimeout(() => saveNow(), DELAY_MS);
    },
    saveNow,
    /** Wait for a save under way, drop the one planned: the finalization sends everything. */
    async stop() {
      window.clearTimeout(state.timer);
      state.timer = null;
      while (state.running) await state.running;
    },
    finished() {
      state.stopped = true;
      leaving.detach();
    },
  };
}

/**
 * Leaving by a link of the application (hashchange) saves what is left; leaving the page
 * with changes not yet saved asks the browser's confirmation (and saves, if the user stays).
 */
function guardLeaving(state, saveNow, context) {
  const unsaved = () => !state.stopped && (state.dirty || Boolean(state.running));
  const onBeforeUnload = (event) => {
    if (!unsaved()) return;
    saveNow();
    event.preventDefault();
    event.returnValue = "";
  };
  const detach = () => {
    window.removeEventListener("hashchange", onHashChange);
    window.removeEventListener("beforeunload", onBeforeUnload);
  };
  const onHashChange = () => {
    // The router has already moved on (context.isCurrent() is false): save what is left,
    // still guarding the page until that save is over.
    const done = saveNow();
    if (!context.isCurrent()) done.then(detach);
  };
  window.addEventListener("hashchange", onHashChange);
  window.addEventListener("beforeunload", onBeforeUnload);
  return { detach };
}
