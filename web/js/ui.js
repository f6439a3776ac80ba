// Small components shared by the screens: form fields with their error beside them,
// banners, pagination, a modal dialog, copy buttons.

import { ApiError } from "./api.js";
import { announce, append, h, icon, uid } from "./dom.js";

/**
 * A labelled control with its hint and its error slot, linked by aria-describedby.
 * kind: "input" (default), "textarea" or "select" (options: [{value, label}]).
 */
export function field({ name, label, kind = "input", type = "text", value = "", hint, options = [], attrs = {} }) {
  const id = uid(`champ-${name}`);
  const errorId = `${id}-erreur`;
  const hintId = hint ? `${id}-aide` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  let control;
  if (kind === "textarea") {
    control = h("textarea", { id, name, "aria-describedby": describedBy, ...attrs });
    control.value = value ?? "";
  } else if (kind === "select") {
    control = h(
      "select",
      { id, name, "aria-describedby": describedBy, ...attrs },
      options.map((option) => h("option", { value: option.value, selected: option.value === value }, option.label)),
    );
  } else {
    control = h("input", { id, name, type, value: value ?? "", "aria-describedby": describedBy, ...attrs });
  }
  const wrapper = h(
    "div",
    { class: "field", dataset: { field: name } },
    h("label", { for: id }, label),
    hint ? h("p", { class: "field__hint", id: hintId }, hint) : null,
    control,
    h("p", { class: "field__error", id: errorId, dataset: { errorFor: name } }),
  );
  return { wrapper, control };
}

/** Clear the errors shown in `container` (field errors and the form's own message). */
export function clearErrors(container) {
  for (const slot of container.querySelectorAll("[data-error-for]")) slot.textContent = "";
  for (const control of container.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  const general = container.querySelector(".form-error");
  if (general) {
    general.textContent = "";
    general.hidden = true;
  }
}

/**
 * Show an ApiError in `container`: each `details` entry beside its field (data-error-for),
 * the rest — and the general message — in the form's alert. `fieldOf(detail)` may map a
 * detail's field to a slot name. Focus goes to the first faulty control.
 */
export function showErrors(container, error, { fieldOf = (detail) => detail.field, fieldByCode = {} } = {}) {
  clearErrors(container);
  let first = null;
  const leftover = [];
  const details = error.details && error.details.length ? error.details : [];
  if (!details.length && fieldByCode[error.code]) {
    details.push({ field: fieldByCode[error.code], message: error.message });
  }
  for (const detail of details) {
    const name = fieldOf(detail);
    const slot = name ? container.querySelector(`[data-error-for="${CSS.escape(name)}"]`) : null;
    if (!slot) {
      leftover.push(detail.message);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent} ${detail.message}` : detail.message;
    const control = slot.closest(".field, td, tr, fieldset")?.querySelector("input, select, textarea");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      first = first || control;
    }
  }
  const general = container.querySelector(".form-error");
  const summary = details.length && !leftover.length ? error.message : [error.message, ...leftover].join(" ");
  if (general) {
    general.textContent = summary;
    general.hidden = false;
  }
  if (first) first.focus();
  else if (general) general.focus();
  announce(summary);
}

/** The form's general error: an alert, focusable so that keyboard users land on it. */
export function formError() {
  return h("p", { class: "form-error", role: "alert", tabindex: "-1", hidden: true });
}

/** The form's submit button disabled (and said busy) while its request runs. */
export function submitting(form, busy) {
  const button = form.querySelector("button[type=submit]");
  if (button) {
    button.disabled = busy;
    button.setAttribute("aria-busy", busy ? "true" : "false");
  }
}

export function banner(kind, ...content) {
  const role = kind === "error" ? "alert" : "status";
  return h("div", { class: `banner banner--${kind}`, role }, icon(kind), h("div", { class: "banner__text" }, content));
}

/** « Page 2 / 5 » with previous/next buttons and a page-size chooser. */
export function pagination({ page, pageSize, total, onChange, label = "Pagination", sizes = [10, 25, 50, 100] }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const sizeId = uid("taille-page");
  return h(
    "nav",
    { class: "pagination", "aria-label": label },
    h(
      "div",
      { class: "pagination__size" },
      h("label", { for: sizeId }, "Voir"),
      h(
        "select",
        {
          id: sizeId,
          onchange: (event) => onChange({ page: 1, pageSize: Number(event.target.value) }),
        },
        sizes.map((size) => h("option", { value: String(size), selected: size === pageSize }, `${size} par page`)),
      ),
    ),
    h(
      "div",
      { class: "pagination__pages" },
      h(
        "button",
        {
          type: "button",
          class: "button button--ghost",
          disabled: page <= 1,
          "aria-label": "Page précédente",
          onclick: () => onChange({ page: page - 1, pageSize }),
        },
        "←",
      ),
      h("span", { class: "pagination__current" }, `Page ${Math.min(page, pages)} / ${pages}`),
      h(
        "button",
        {
          type: "button",
          class: "button button--ghost",
          disabled: page >= pages,
          "aria-label": "Page suivante",
          onclick: () => onChange({ page: page + 1, pageSize }),
        },
        "→",
      ),
    ),
  );
}

const FOCUSABLE = "button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])";

/** Tab from the last control goes back to the first, Shift+Tab from the first to the last. */
function keepFocusInside(dialog, event) {
  if (event.key !== "Tab") return;
  const controls = [...dialog.querySelectorAll(FOCUSABLE)].filter((el) => !el.disabled && isShown(el));
  if (!controls.length) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
    event.preventDefault();
    first.focus();
  }
}

/** An element in the page and drawn (not inside a hidden ancestor). */
function isShown(element) {
  return Boolean(element && document.contains(element) && element.getClientRects().length > 0);
}

/**
 * A modal <dialog> (focus kept inside, Escape closes it, focus given back on close: to the
 * button that opened it, or — when that one is gone or hidden meanwhile — to fallbackFocus()).
 * build(close) returns the dialog's content; returns {dialog, close}.
 */
export function openDialog({ title, build, className = "", fallbackFocus = null }) {
  const titleId = uid("dialogue-titre");
  const opener = document.activeElement;
  const dialog = h("dialog", { class: `dialog ${className}`, "aria-labelledby": titleId });
  const close = () => {
    if (dialog.open) dialog.close();
  };
  dialog.addEventListener("close", () => {
    dialog.remove();
    const target = !isShown(opener) && fallbackFocus ? fallbackFocus() : opener;
    if (target && document.contains(target)) target.focus();
  });
  append(dialog, [
    h(
      "div",
      { class: "dialog__header" },
      h("h2", { id: titleId, class: "dialog__title" }, title),
      h("button", { type: "button", class: "button button--icon", "aria-label": "Fermer", onclick: close }, "×"),
    ),
    build(close),
  ]);
  dialog.addEventListener("keydown", (event) => keepFocusInside(dialog, event));
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector("[autofocus], input:not([type=hidden]), select, textarea, .dialog__body button");
  if (first) first.focus();
  return { dialog, close };
}

/** The user pool's password policy, as every screen that sets a password states it. */
export const PASSWORD_RULES = "12 caractères au moins, avec une majuscule, une minuscule, un chiffre et un caractère spécial.";

/** The password and its confirmation differ: said beside the form's « confirmation » field. */
export function passwordsDiffer(form) {
  showErrors(form, new ApiError(422, {
    code: "PASSWORDS_DIFFER",
    message: "Certaines informations sont manquantes ou invalides.",
    details: [{ field: "confirmation", message: "Les deux mots de passe ne sont pas identiques." }],
  }));
}

/**
 * Ask for a confirmation; resolves true if confirmed. The focus starts on the confirming
 * button, or on « Annuler » with `cancelFirst` (an action that cannot be undone: Entrée alone
 * must not do it).
 */
export function confirmDialog({ title, message, confirmLabel, cancelLabel = "Annuler", danger = false, cancelFirst = false }) {
  return new Promise((resolve) => {
    let answered = false;
    const { dialog } = openDialog({
      title,
      build: (close) =>
        h(
          "div",
          { class: "dialog__body" },
          Array.isArray(message) ? message.map((line) => h("p", {}, line)) : h("p", {}, message),
          h(
            "div",
            { class: "actions" },
            h("button", { type: "button", class: "button button--secondary", autofocus: cancelFirst, onclick: close }, cancelLabel),
            h(
              "button",
              {
                type: "button",
                class: danger ? "button button--danger" : "button",
                autofocus: !cancelFirst,
                onclick: () => {
                  answered = true;
                  close();
                },
              },
              confirmLabel,
            ),
          ),
        ),
    });
    dialog.addEventListener("close", () => resolve(answered));
  });
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { class: "visually-hidden", readonly: true, "aria-hidden": "true", tabindex: "-1" });
    area.value = text;
    document.body.append(area);
    area.select();
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch {
      done = false;
    }
    area.remove();
    return done;
  }
}

/**
 * A button that copies `text`, then says so beside it (and to screen readers): « Copié ! », or
 * `copied`. An icon named « Copier {what} », or with `label` a button with that visible text.
 * `text` may be a function (the value at the time of the click).
 */
export function copyButton(text, what, { label, copied = "Copié !" } = {}) {
  const feedback = h("span", { class: "copy__feedback", role: "status" });
  const button = h(
    "button",
    {
      type: "button",
      class: label ? "button button--secondary button--small copy__button" : "button button--icon copy__button",
      "aria-label": label ? null : `Copier ${what}`,
      title: `Copier ${what}`,
      onclick: async () => {
        const done = await copyText(typeof text === "function" ? text() : text);
        feedback.textContent = done ? copied : "Copie impossible : sélectionnez le texte.";
        window.setTimeout(() => {
          feedback.textContent = "";
        }, 3000);
      },
    },
    icon("copy"),
    label ? h("span", {}, label, visuallyHidden(` ${what}`)) : null,
  );
  return h("span", { class: "copy" }, button, feedback);
}

/** The card of the pages seen without a school account (login, espace surveillant, pupils). */
export function authPage(title, subtitle, ...content) {
  return h(
    "div",
    { class: "auth-page" },
    h(
      "div",
      { class: "auth-card" },
      h("p", { class: "brand brand--dark" }, h("span", { class: "brand__pix" }, "Pix"), " Certif"),
      h("h1", {}, title),
      subtitle ? h("p", { class: "auth-card__subtitle" }, subtitle) : null,
      content,
    ),
  );
}

export function loading(label = "Chargement…") {
  return h("p", { class: "loading", role: "status" }, label);
}

/**
 * A wide table's box, scrolling sideways on a phone. Without a control inside (a list to read
 * only), the box itself takes the focus, so that the keyboard can scroll it too.
 */
export function tableBox(table, { readOnly = false } = {}) {
  const caption = table.querySelector("caption");
  return h(
    "div",
    readOnly ? { class: "table-wrapper", tabindex: "0", role: "region", "aria-label": caption ? caption.textContent : "Tableau" } : { class: "table-wrapper" },
    table,
  );
}

export function visuallyHidden(text) {
  return h("span", { class: "visually-hidden" }, text);
}

/** On a phone, a table that cannot fit becomes one card per row: each cell is labelled with
its column's header (data-label, shown by the CSS of .table--cards under 720 px). A column
whose header is visually hidden (« Actions ») gets no label. Returns the table. */
export function cardsOnPhones(table) {
  table.classList.add("table--cards");
  const headers = [...table.querySelectorAll("thead th")].map((th) => (th.querySelector(".visually-hidden") ? "" : th.textContent.trim()));
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, index) => {
      if (headers[index] && !cell.hasAttribute("colspan")) cell.dataset.label = headers[index];
    });
  }
  return table;
}
