// « Signalement du candidat » : the category first, then the fields it needs. One dialog is one
// action: « Valider » again after a lost answer sends the same Idempotency-Key, and the
// candidate gets one report. Shared by the finalization (school staff) and the invigilator's
// portal (its own token, passed in `requestOptions`).

import * as api from "./api.js";
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
      h("p", { class: "field__error", dataset: { errorFor: "category" } }),
    ),
    dependent,
    h("p", { class: "muted" }, "Si plusieurs signalements concernent ce candidat, ajoutez-les un par un."),
    h("div", { class: "actions" }, h("button", { type: "button", class: "button button--secondary", onclick: close }, "Annuler"), submit),
  );
  const report = userAction();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
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
      else showErrors(form, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
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

/** The fields a category needs: subcategory, question number, description. */
function categoryFields(category) {
  const parts = [];
  if (category.subcategories.length) {
    const subId = uid("sous-categorie");
    parts.push(
      h(
        "div",
        { class: "field" },
        h("label", { for: subId }, category.category === "IN_CHALLENGE" ? "Type de problème" : "Précisez le signalement"),
        h(
          "select",
          { id: subId, name: "subcategory", "aria-describedby": `${subId}-erreur` },
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
        h("input", { id: questionId, name: "questionNumber", type: "number", min: "1", max: "500", inputmode: "numeric", class: "input--short", "aria-describedby": `${questionId}-erreur` }),
        h("p", { class: "field__error", id: `${questionId}-erreur`, dataset: { errorFor: "questionNumber" } }),
      ),
    );
  }
  if (category.description !== "none") {
    const descriptionId = uid("description");
    const required = category.description === "required";
    parts.push(
      h(
        "div",
        { class: "field" },
        h("label", { for: descriptionId }, category.descriptionLabel, required ? "" : " (facultatif)"),
        h("textarea", { id: descriptionId, name: "description", maxlength: "500", rows: "3", "aria-describedby": `${descriptionId}-erreur` }),
        h("p", { class: "field__error", id: `${descriptionId}-erreur`, dataset: { errorFor: "description" } }),
      ),
    );
  }
  return parts;
}
