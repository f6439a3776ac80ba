// Étape 3 : how the session went, the global comment (with its counter; required once an
// incident is chosen) and the joining issue.

import { h, uid } from "../../dom.js";
import { COMMENT_LIMIT } from "./model.js";

export function stepComment(model, readOnly) {
  const comment = commentField(model, readOnly);
  const radio = (value, label) => {
    const radioId = uid("deroulement");
    return h(
      "div",
      { class: "radio" },
      h("input", {
        type: "radio",
        id: radioId,
        name: "hasIncident",
        value: String(value),
        checked: model.hasIncident === value,
        disabled: readOnly,
        onchange: () => {
          model.hasIncident = value;
          comment.wrapper.hidden = !value;
          if (value) comment.textarea.focus();
        },
      }),
      h("label", { for: radioId }, label),
    );
  };
  return h(
    "section",
    { class: "card step", "aria-labelledby": "etape-3" },
    h("h2", { id: "etape-3" }, h("span", { class: "step__number" }, "Étape 3"), " Commenter la session"),
    h(
      "fieldset",
      { class: "radios" },
      h("legend", {}, "Déroulement de la session"),
      radio(false, "Aucun problème particulier à signaler, dans l'ensemble tout s'est bien déroulé"),
      radio(true, "Je souhaite signaler un ou plusieurs incidents ayant impacté la session dans son ensemble"),
    ),
    comment.wrapper,
    joiningIssue(model, readOnly),
  );
}

/** The comment (shown when there was an incident) and its « 12 / 500 » counter. */
function commentField(model, readOnly) {
  const commentId = uid("commentaire");
  const counter = h("p", { class: "counter", id: `${commentId}-compteur`, "aria-live": "polite" });
  const updateCounter = () => {
    counter.textContent = `${textarea.value.length} / ${COMMENT_LIMIT}`;
  };
  const textarea = h("textarea", {
    id: commentId,
    name: "examinerGlobalComment",
    rows: "4",
    maxlength: String(COMMENT_LIMIT),
    disabled: readOnly,
    "aria-describedby": `${commentId}-aide ${commentId}-compteur ${commentId}-erreur`,
    oninput: (event) => {
      model.examinerGlobalComment = event.target.value;
      updateCounter();
    },
  });
  textarea.value = model.examinerGlobalComment;
  updateCounter();
  const wrapper = h(
    "div",
    { class: "field", hidden: !model.hasIncident },
    h("label", { for: commentId }, "Commentaire global sur la session"),
    h("p", { class: "field__hint", id: `${commentId}-aide` }, "Obligatoire pour finaliser\u00a0: décrivez le ou les incidents et leur effet sur la session."),
    textarea,
    counter,
    h("p", { class: "field__error", id: `${commentId}-erreur`, dataset: { errorFor: "examinerGlobalComment" } }),
  );
  return { wrapper, textarea };
}

function joiningIssue(model, readOnly) {
  const joiningId = uid("probleme-connexion");
  return h(
    "div",
    { class: "checkbox" },
    h("input", {
      type: "checkbox",
      id: joiningId,
      checked: model.hasJoiningIssue,
      disabled: readOnly,
      onchange: (event) => {
        model.hasJoiningIssue = event.target.checked;
      },
    }),
    h("label", { for: joiningId }, "Un ou plusieurs candidats étaient présents mais n'ont pas pu rejoindre la session"),
  );
}
