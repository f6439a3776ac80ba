// « Signalement du candidat » : the category first, then the fields it needs. The contract's
// rules (issue-reports.js) are checked before sending: each error beside its field, the focus
// on the first one in the dialog's order, each error gone once its field is corrected. One
// dialog is one action: « Valider » again after a lost answer sends the same Idempotency-Key,
// and the candidate gets one report. Shared by the finalization (school staff) and the
// invigilator's portal (its own token, passed in `requestOptions`).

import * as api from "./api.js";
import { ApiError } from "./api.js";
import { h, replaceChildren, uid } from "./dom.js";
import { fullName } from "./format.js";
import { userAction } from "./idempotency.js";
import { CATEGORIES } from "./issue-reports.js";
import * as paths from "./paths.js";
import { clearErrors, formError, openDialog, showErrors } from "./ui.js";

/**
 * added(report) runs with the API's report once it is created; requestOptions are given to
 * the API client (e.g. {bearer: invigilatorToken}); failed(error) sees every failure first
 * (e.g. a 401 of the invigilator's token); idempotent: false sends no Idempotency-Key.
 */
export function reportDialog(id, candidate, added, { requestOptions = {}, failed = () => {}, idempotent = true } = {}) {
  openDialog({
    title: "Signalement du candidat",
    className: "dialog--report",
    build: (close) => reportForm({ id, candidate, close, added, requestOptions, failed, idempotent }),
  });
}

function reportForm({ id, candidate, close, added, requestOptions, failed, idempotent }) {
  const form = h("form", { class: "form dialog__body", novalidate: true });
  const dependent = h("div", { class: "report__fields" });
  const chosen = { category: null };
  const categoryErrorId = uid("erreur-categorie");
  const radios = CATEGORIES.map((category) => {
    const radioId = uid("categorie");
    return h(
      "div",
      { class: "radio" },
      h("input", {
        type: "radio",
        id: radioId,
        name: "category",
        value: category.category,
        onchange: () => {
          chosen.category = category;
          replaceChildren(dependent, categoryFields(category));
        },
        "aria-describedby": categoryErrorId,
      }),
      h("label", { for: radioId }, h("span", { class: "code-badge" }, category.code), " ", category.label),
    );
  });
  const submit = h("button", { type: "submit", class: "button" }, "Valider");
  form.append(
    h("p", { class: "report__candidate" }, fullName(candidate)),
    formError(),
    h(
      "fieldset",
      { class: "radios" },
      h("legend", {}, "Type de signalement"),
      radios,
      h("p", { class: "field__error", id: categoryErrorId, dataset: { errorFor: "category" } }),
    ),
    dependent,
    h("p", { class: "muted" }, "Si plusieurs signalements concernent ce candidat, ajoutez-les un par un."),
    h("div", { class: "actions" }, h("button", { type: "button", class: "button button--secondary", onclick: close }, "Annuler"), submit),
  );
  const report = userAction();
  const corrected = () => clearCorrected(form, problems(form, chosen.category));
  form.addEventListener("input", corrected);
  form.addEventListener("change", corrected);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const found = problems(form, chosen.category);
    if (found.length) {
      showInOrder(form, new ApiError(422, { code: "VALIDATION_ERROR", message: "Certaines informations sont manquantes ou invalides.", details: found }));
      return;
    }
    const body = reportBody(form, chosen.category);
    submit.disabled = true;
    try {
      const created = await api.post(paths.candidateIssueReports(id, candidate.candidateId), body, {
        ...requestOptions,
        idempotencyKey: idempotent ? report.keyFor(body) : undefined,
      });
      report.done();
      close();
      added(created);
    } catch (failure) {
      failed(failure);
      // A 401 leads to a login screen: the dialog goes with the page it was opened from.
      if (failure.status === 401) close();
      else showInOrder(form, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** An error shown in the dialog, the focus on its first faulty field in the dialog's order. */
function showInOrder(form, error) {
  showErrors(form, error);
  form.querySelector("[aria-invalid=true]")?.focus();
}

/** After a change, the errors of the fields now right go; the others stay. */
function clearCorrected(form, found) {
  const still = new Set(found.map((p) => p.field));
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    if (!slot.textContent || still.has(slot.dataset.errorFor)) continue;
    slot.textContent = "";
    const control = slot.dataset.errorFor === "category" ? form.querySelectorAll("[name=category]") : [slot.closest(".field")?.querySelector("[aria-invalid]")];
    for (const element of control) element?.removeAttribute("aria-invalid");
  }
  const general = form.querySelector(".form-error");
  if (general && !general.hidden && ![...form.querySelectorAll("[data-error-for]")].some((slot) => slot.textContent)) {
    general.textContent = "";
    general.hidden = true;
  }
}

/** Whether `category` (and `subcategory`) need a description: E7 does, E1–E6 do not. */
function descriptionRequired(category, subcategory) {
  return category.description === "required" || Boolean(subcategory && (category.descriptionRequiredFor || []).includes(subcategory));
}

/** The contract's rules for the report being written, in the dialog's order: [{field, message}]. */
function problems(form, category) {
  if (!category) return [{ field: "category", message: "Veuillez choisir une catégorie de signalement." }];
  const found = [];
  const sub = form.querySelector("[name=subcategory]")?.value || "";
  const question = (form.querySelector("[name=questionNumber]")?.value || "").trim();
  const description = (form.querySelector("[name=description]")?.value || "").trim();
  if (category.subcategories.length && !sub) found.push({ field: "subcategory", message: "Veuillez préciser le type de signalement." });
  if (category.questionNumber && !question) found.push({ field: "questionNumber", message: "Veuillez indiquer le numéro de la question." });
  else if (category.questionNumber && !/^\d+$/.test(question)) found.push({ field: "questionNumber", message: "Le numéro de question doit être compris entre 1 et 500." });
  else if (category.questionNumber && (Number(question) < 1 || Number(question) > 500)) found.push({ field: "questionNumber", message: "Le numéro de question doit être compris entre 1 et 500." });
  if (!description && descriptionRequired(category, sub)) found.push({ field: "description", message: "Veuillez décrire le signalement." });
  return found;
}

/** The body of POST …/issue-reports: only what was filled in (the API says what is missing). */
function reportBody(form, category) {
  const body = {};
  if (category) body.category = category.category;
  const sub = form.querySelector("[name=subcategory]");
  const question = form.querySelector("[name=questionNumber]");
  const description = form.querySelector("[name=description]");
  if (sub && sub.value) body.subcategory = sub.value;
  if (question && question.value.trim()) body.questionNumber = Number(question.value);
  if (description && description.value.trim()) body.description = description.value.trim();
  return body;
}

/**
 * The fields a category needs: subcategory, question number, description. « (facultatif) »
 * only on a description that is: E1–E6's, not E7's (it follows the chosen subcategory).
 */
function categoryFields(category) {
  const parts = [];
  const descriptionId = uid("description");
  const optional = h("span", { class: "report__optional" });
  const textarea = h("textarea", { id: descriptionId, name: "description", maxlength: "500", rows: "3", "aria-describedby": `${descriptionId}-erreur` });
  const followSubcategory = (sub) => {
    const required = descriptionRequired(category, sub);
    optional.textContent = required ? "" : " (facultatif)";
    textarea.setAttribute("aria-required", String(required));
  };
  if (category.subcategories.length) {
    const subId = uid("sous-categorie");
    parts.push(
      h(
        "div",
        { class: "field" },
        h("label", { for: subId }, category.category === "IN_CHALLENGE" ? "Type de problème" : "Précisez le signalement"),
        h(
          "select",
          { id: subId, name: "subcategory", "aria-required": "true", "aria-describedby": `${subId}-erreur`, onchange: (event) => followSubcategory(event.target.value) },
          h("option", { value: "" }, "Choisir…"),
          category.subcategories.map((sub) => h("option", { value: sub.value }, `${sub.code} — ${sub.label}`)),
        ),
        h("p", { class: "field__error", id: `${subId}-erreur`, dataset: { errorFor: "subcategory" } }),
      ),
    );
  }
  if (category.questionNumber) {
    const questionId = uid("question");
    parts.push(
      h(
        "div",
        { class: "field" },
        h("label", { for: questionId }, "Numéro de la question"),
        h("input", { id: questionId, name: "questionNumber", type: "number", min: "1", max: "500", inputmode: "numeric", class: "input--short", "aria-required": "true", "aria-describedby": `${questionId}-erreur` }),
        h("p", { class: "field__error", id: `${questionId}-erreur`, dataset: { errorFor: "questionNumber" } }),
      ),
    );
  }
  if (category.description !== "none") {
    followSubcategory("");
    parts.push(
      h(
        "div",
        { class: "field" },
        h("label", { for: descriptionId }, category.descriptionLabel, optional),
        textarea,
        h("p", { class: "field__error", id: `${descriptionId}-erreur`, dataset: { errorFor: "description" } }),
      ),
    );
  }
  return parts;
}
