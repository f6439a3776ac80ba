// « Création / Modification d'une session de certification ».

import * as api from "../api.js";
import { h } from "../dom.js";
import { todayIn } from "../format.js";
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

  const controls = {};
  const fields = FIELDS.map((spec) => {
    let value = session ? session[spec.name] : "";
    if (!session && spec.name === "address") value = place.name;
    const made = field({ ...spec, value });
    controls[spec.name] = made.control;
    return made.wrapper;
  });
  if (!editing) controls.date.min = todayIn(place.timezone);

  // One action per form: a request lost on the way and sent again creates one session only.
  const creation = userAction();
  const submitLabel = editing ? "Modifier la session" : "Créer la session";
  const form = h(
    "form",
    { class: "form form--session", novalidate: true, "aria-labelledby": "titre-formulaire" },
    formError(),
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
    const body = Object.fromEntries(FIELDS.map((spec) => [spec.name, controls[spec.name].value.trim()]));
    submit(form, body, editing ? { session } : { centerId, creation });
  });

  return h(
    "div",
    { class: "page page--narrow" },
    h("p", { class: "back" }, h("a", { href: `#${back}` }, "← ", editing ? `Retour à la session ${session.id}` : "Retour aux sessions")),
    h("h1", { id: "titre-formulaire" }, title),
    editing && session.startedCount > 0
      ? banner("warning", "Des élèves ont déjà rejoint cette session : elle ne peut plus être modifiée.")
      : null,
    h("p", { class: "muted" }, `Centre de certification : ${place.name} — heure locale (${place.timezone}).`),
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
