// « Création / Modification d'une session de certification ».

import * as api from "../api.js";
import { h } from "../dom.js";
import { isFinalized, longDate, todayIn } from "../format.js";
import { timezoneLabel } from "../french.js";
import { userAction } from "../idempotency.js";
import * as paths from "../paths.js";
import { center, currentMembership, flash, navigate, setTitle } from "../state.js";
import { banner, clearErrors, field, formError, showErrors } from "../ui.js";

const FIELDS = [
  { name: "address", label: "Nom du site", attrs: { maxlength: "255", autocomplete: "off" } },
  { name: "room", label: "Nom de la salle", attrs: { maxlength: "255", autocomplete: "off" } },
  { name: "date", label: "Date de début", type: "date" },
  { name: "time", label: "Heure de début (heure locale)", type: "time" },
  {
    name: "examiner",
    label: "Surveillant(s)",
    hint: "Nom(s) et prénom(s) du ou des surveillants",
    attrs: { maxlength: "255", autocomplete: "off" },
  },
  {
    name: "description",
    label: "Observations (optionnel)",
    kind: "textarea",
    hint: "350 caractères au plus ; pourra être complété jusqu'à la finalisation.",
    attrs: { maxlength: "350", rows: "3" },
  },
];

export async function render(context) {
  const editing = context.name === "edit";
  let session = null;
  if (editing) {
    session = await api.get(paths.session(context.args[0]));
  }
  const membership = currentMembership();
  if (!editing && !membership) {
    navigate("/sessions", { replace: true });
    return null;
  }
  const centerId = editing ? session.centerId : membership.centerId;
  const place = await center(centerId);
  const title = editing ? `Modification de la session ${session.id}` : "Création d'une session de certification";
  setTitle(title);
  const back = editing ? `/sessions/${session.id}` : "/sessions";
  if (editing && isFinalized(session)) return readOnlyPage(session, place, title, back);
  // Once a pupil joined, only the observations may change (the API says 409 for the rest):
  // the other fields are shown as text, and the form says why.
  const locked = editing && session.startedCount > 0;
  const editable = locked ? FIELDS.filter((spec) => spec.name === "description") : FIELDS;

  const controls = {};
  const fields = editable.map((spec) => {
    let value = session ? session[spec.name] : "";
    if (!session && spec.name === "address") value = place.name;
    const made = field({ ...spec, value });
    controls[spec.name] = made.control;
    return made.wrapper;
  });
  if (!editing) controls.date.min = todayIn(place.timezone);

  // One action per form: a request lost on the way and sent again creates one session only.
  const creation = userAction();
  const submitLabel = editing ? (locked ? "Enregistrer les observations" : "Modifier la session") : "Créer la session";
  const form = h(
    "form",
    { class: "form form--session", novalidate: true, "aria-labelledby": "titre-formulaire" },
    formError(),
    locked ? lockedFields(session) : null,
    h("div", { class: "form__grid" }, fields),
    h(
      "div",
      { class: "actions" },
      h("a", { href: `#${back}`, class: "button button--secondary" }, "Annuler"),
      h("button", { type: "submit", class: "button" }, submitLabel),
    ),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = Object.fromEntries(editable.map((spec) => [spec.name, controls[spec.name].value.trim()]));
    submit(form, body, editing ? { session } : { centerId, creation });
  });

  return h(
    "div",
    { class: "page page--narrow" },
    h("p", { class: "back" }, h("a", { href: `#${back}` }, "← ", editing ? `Retour à la session ${session.id}` : "Retour aux sessions")),
    h("h1", { id: "titre-formulaire" }, title),
    locked
      ? banner("info", "Des élèves ont déjà rejoint cette session : le site, la salle, la date, l'heure et les surveillants ne peuvent plus changer. Les observations peuvent être complétées jusqu'à la finalisation.")
      : null,
    h("p", { class: "muted" }, `Centre de certification : ${place.name} — ${timezoneLabel(session && session.timezoneLabel ? session : place)}.`),
    form,
  );
}

/** PATCH the session (If-Match: its version), or POST a new one (its action's key). */
async function submit(form, body, { session, centerId, creation }) {
  clearErrors(form);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    if (session) {
      const updated = await api.patch(paths.session(session.id), body, { headers: { "If-Match": String(session.version) } });
      flash("success", "La session a été modifiée.");
      navigate(`/sessions/${updated.id}`);
    } else {
      const created = await api.post(paths.centerSessions(centerId), body, { idempotencyKey: creation.keyFor(body) });
      creation.done();
      flash("success", "La session a été créée. Notez le numéro de session et le code d'accès : les élèves en auront besoin.");
      navigate(`/sessions/${created.id}`);
    }
  } catch (failure) {
    showErrors(form, failure, { fieldByCode: { SESSION_IN_THE_PAST: "date" } });
  } finally {
    button.disabled = false;
  }
}

const shown = (session, name) => (name === "date" ? longDate(session.date) : session[name] || "—");

/** What can no longer change once pupils joined, as text above the observations. */
function lockedFields(session) {
  return h(
    "dl",
    { class: "details locked-fields" },
    FIELDS.filter((spec) => spec.name !== "description").map((spec) => h("div", { class: "details__item" }, h("dt", {}, spec.label), h("dd", {}, shown(session, spec.name)))),
  );
}

/** A finalized session can no longer change: its details as text, and the way back. */
function readOnlyPage(session, place, title, back) {
  return h(
    "div",
    { class: "page page--narrow" },
    h("p", { class: "back" }, h("a", { href: `#${back}` }, `← Retour à la session ${session.id}`)),
    h("h1", { id: "titre-formulaire" }, title),
    banner("info", "Cette session est finalisée : elle ne peut plus être modifiée."),
    h(
      "section",
      { class: "card", "aria-labelledby": "titre-formulaire" },
      h(
        "dl",
        { class: "details" },
        FIELDS.map((spec) => h("div", { class: "details__item" }, h("dt", {}, spec.name === "description" ? "Observations" : spec.label), h("dd", {}, spec.name === "description" ? session.description || "Aucune observation." : shown(session, spec.name)))),
      ),
      h("p", { class: "muted" }, `Centre de certification : ${place.name} — ${timezoneLabel(session.timezoneLabel ? session : place)}.`),
      h("div", { class: "actions actions--start" }, h("a", { href: `#${back}`, class: "button button--secondary" }, "Retour à la session")),
    ),
  );
}
