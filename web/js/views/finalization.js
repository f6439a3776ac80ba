// « Finaliser la session » : 1. candidates (issue reports, end screen, abort reasons),
// 2. documents (straight to S3 with a presigned POST), 3. comment; then Sauvegarder / Valider.

import * as api from "../api.js";
import { center, flash, navigate, setTitle, takeFlash } from "../app.js";
import { announce, append, h, icon, replaceChildren, safeUrl, uid } from "../dom.js";
import { fileSize, fullName, instant } from "../format.js";
import { CATEGORIES, categoryOf, describeReport } from "../issue-reports.js";
import { banner, clearErrors, confirmDialog, formError, openDialog, showErrors, visuallyHidden } from "../ui.js";
import { deadlineBanner } from "./session-details.js";

const COMMENT_LIMIT = 500;
const ABORT_REASONS = [
  { value: "", label: "Choisir une raison…" },
  { value: "CANDIDATE", label: "Abandon : manque de temps ou départ prématuré" },
  { value: "TECHNICAL", label: "Problème technique" },
];
const ACCEPTED_TYPES = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
};
const ATTACHMENT_STATUS = {
  PENDING: "Vérification en cours…",
  AVAILABLE: "Disponible",
  REJECTED: "Refusé",
};
const POLL_INTERVAL_MS = 1000;
const POLL_ATTEMPTS = 90;

export async function render(context) {
  const id = context.args[0];
  const [session, draft] = await Promise.all([api.get(`/sessions/${id}`), api.get(`/sessions/${id}/finalization`)]);
  const place = await center(session.centerId);
  const readOnly = session.status !== "CREATED";
  setTitle(readOnly ? `Finalisation de la session ${id}` : `Finaliser la session ${id}`);

  if (!readOnly && session.startedCount === 0) {
    return h(
      "div",
      { class: "page" },
      h("p", { class: "back" }, h("a", { href: `#/sessions/${id}` }, `← Retour à la session ${id}`)),
      h("h1", {}, `Finaliser la session ${id}`),
      banner("info", "Aucun candidat n'a encore rejoint cette session : elle ne peut pas être finalisée."),
    );
  }

  const page = h("div", { class: "page finalization" });
  const model = {
    examinerGlobalComment: draft.examinerGlobalComment || "",
    hasIncident: Boolean(draft.hasIncident),
    hasJoiningIssue: Boolean(draft.hasJoiningIssue),
    candidates: draft.candidates.map((c) => ({ ...c, issueReports: [...(c.issueReports || [])] })),
  };
  const attachments = { items: draft.attachments || [], uploads: [] };

  const payload = () => ({
    examinerGlobalComment: model.hasIncident ? model.examinerGlobalComment.trim() : "",
    hasIncident: model.hasIncident,
    hasJoiningIssue: model.hasJoiningIssue,
    candidates: model.candidates.map((c) => ({
      candidateId: c.candidateId,
      hasSeenEndTestScreen: Boolean(c.hasSeenEndTestScreen),
      abortReason: c.status === "STARTED" ? c.abortReason || null : null,
    })),
  });

  const saveStatus = h("p", { class: "save-status", role: "status" });
  const actions = readOnly
    ? null
    : h(
        "div",
        { class: "actions finalization__actions" },
        saveStatus,
        h(
          "button",
          {
            type: "button",
            class: "button button--secondary",
            onclick: async (event) => {
              const button = event.currentTarget;
              clearErrors(page);
              button.disabled = true;
              try {
                await api.put(`/sessions/${id}/finalization`, payload());
                saveStatus.textContent = "Vos informations ont été sauvegardées.";
              } catch (failure) {
                saveStatus.textContent = "";
                showErrors(page, failure, { fieldByCode: { COMMENT_TOO_LONG: "examinerGlobalComment" } });
              } finally {
                button.disabled = false;
              }
            },
          },
          "Sauvegarder",
        ),
        h("button", { type: "button", class: "button", onclick: () => validate(id, page, payload) }, "Valider"),
      );

  append(page, [
    h(
      "div",
      { class: "session-header" },
      h(
        "div",
        { class: "session-header__title" },
        h("a", { href: `#/sessions/${id}`, class: "back-arrow", "aria-label": `Retour à la session ${id}` }, "←"),
        h("h1", {}, readOnly ? `Finalisation de la session ${id}` : `Finaliser la session ${id}`),
      ),
    ),
    takeFlash(),
    readOnly
      ? banner(
          "success",
          h("strong", {}, `Session finalisée${session.finalizedAt ? ` le ${instant(session.finalizedAt, place.timezone)}` : ""}.`),
          " Les informations ci-dessous ont été transmises à Pix et ne peuvent plus être modifiées.",
        )
      : deadlineBanner(session, place),
    readOnly ? null : h("p", { class: "lead" }, "Pour finaliser la session, complétez les trois étapes puis validez."),
    formError(),
    stepCandidates(id, model, readOnly),
    stepDocuments(id, attachments, readOnly, context),
    stepComment(model, readOnly),
    actions,
  ]);
  return page;
}

async function validate(id, page, payload) {
  clearErrors(page);
  const confirmed = await confirmDialog({
    title: `Finaliser la session ${id} ?`,
    message: [
      "Vous êtes sur le point de finaliser cette session.",
      "Une fois finalisée, elle ne pourra plus être modifiée : les signalements, les documents et votre commentaire seront transmis à Pix.",
    ],
    confirmLabel: "Confirmer la finalisation",
  });
  if (!confirmed) return;
  try {
    await api.post(`/sessions/${id}/finalize`, payload(), { idempotent: true });
    flash("success", "La session a été finalisée. Merci !");
    navigate(`/sessions/${id}/finalisation`);
  } catch (failure) {
    showErrors(page, failure, { fieldByCode: { COMMENT_TOO_LONG: "examinerGlobalComment" } });
  }
}

// Étape 1 ---------------------------------------------------------------------------------

function stepCandidates(id, model, readOnly) {
  const allId = uid("ecran-fin-tous");
  const boxes = [];
  const all = h("input", {
    type: "checkbox",
    id: allId,
    disabled: readOnly,
    onchange: (event) => {
      for (const [candidate, box] of boxes) {
        candidate.hasSeenEndTestScreen = event.target.checked;
        box.checked = event.target.checked;
      }
      announce(event.target.checked ? "Écran de fin du test vu coché pour tous les candidats." : "Écran de fin du test vu décoché pour tous les candidats.");
    },
  });
  const syncAll = () => {
    const seen = model.candidates.filter((c) => c.hasSeenEndTestScreen).length;
    all.checked = seen > 0 && seen === model.candidates.length;
    all.indeterminate = seen > 0 && seen < model.candidates.length;
  };

  const rows = model.candidates.map((candidate) => {
    const name = fullName(candidate);
    const boxId = uid("ecran-fin");
    const box = h("input", {
      type: "checkbox",
      id: boxId,
      checked: Boolean(candidate.hasSeenEndTestScreen),
      disabled: readOnly,
      onchange: (event) => {
        candidate.hasSeenEndTestScreen = event.target.checked;
        syncAll();
      },
    });
    boxes.push([candidate, box]);

    let abort;
    if (candidate.status === "STARTED") {
      const selectId = uid("abandon");
      const errorName = `candidates.${candidate.candidateId}.abortReason`;
      abort = h(
        "div",
        { class: "field field--inline" },
        h("label", { for: selectId, class: "visually-hidden" }, `Raison de l'abandon de ${name}`),
        h(
          "select",
          {
            id: selectId,
            disabled: readOnly,
            "aria-describedby": `${selectId}-erreur`,
            onchange: (event) => {
              candidate.abortReason = event.target.value || null;
            },
          },
          ABORT_REASONS.map((reason) => h("option", { value: reason.value, selected: (candidate.abortReason || "") === reason.value }, reason.label)),
        ),
        h("p", { class: "field__error", id: `${selectId}-erreur`, dataset: { errorFor: errorName } }),
      );
    } else {
      abort = h("span", { class: "muted" }, "Test terminé");
    }

    const reportsCell = h("td", { class: "cell--reports" });
    const drawReports = () => {
      replaceChildren(
        reportsCell,
        candidate.issueReports.length
          ? h(
              "ul",
              { class: "reports" },
              candidate.issueReports.map((report) =>
                h(
                  "li",
                  { class: "reports__item" },
                  h("span", {}, describeReport(report)),
                  report.description ? h("span", { class: "reports__description" }, report.description) : null,
                  readOnly
                    ? null
                    : h(
                        "button",
                        {
                          type: "button",
                          class: "button button--icon button--danger-ghost",
                          "aria-label": `Supprimer le signalement ${describeReport(report)} de ${name}`,
                          onclick: async () => {
                            try {
                              await api.del(`/sessions/${id}/issue-reports/${report.id}`);
                              candidate.issueReports = candidate.issueReports.filter((r) => r.id !== report.id);
                              drawReports();
                              reportsCell.querySelector("button")?.focus();
                              announce("Signalement supprimé.");
                            } catch (failure) {
                              announce(failure.message);
                            }
                          },
                        },
                        icon("trash"),
                      ),
                ),
              ),
            )
          : readOnly
            ? h("span", { class: "muted" }, "Aucun")
            : null,
        readOnly
          ? null
          : h(
              "button",
              {
                type: "button",
                class: "button button--link",
                onclick: () =>
                  reportDialog(id, candidate, (report) => {
                    candidate.issueReports.push(report);
                    drawReports();
                    announce(`Signalement ajouté pour ${name}.`);
                  }),
              },
              "Ajouter",
              visuallyHidden(` un signalement pour ${name}`),
            ),
      );
    };
    drawReports();

    return h(
      "tr",
      {},
      h("th", { scope: "row" }, candidate.lastName),
      h("td", {}, candidate.firstName),
      h("td", {}, String(candidate.certificationNumber ?? "—")),
      h("td", {}, candidate.status === "COMPLETED" ? "Terminé" : "Non terminé"),
      reportsCell,
      h("td", {}, abort),
      h("td", { class: "cell--check" }, box, h("label", { for: boxId, class: "visually-hidden" }, `Écran de fin du test vu pour ${name}`)),
    );
  });
  syncAll();

  return h(
    "section",
    { class: "card step", "aria-labelledby": "etape-1" },
    h("h2", { id: "etape-1" }, h("span", { class: "step__number" }, "Étape 1"), " Renseigner les informations de vos candidats"),
    readOnly ? null : h("p", { class: "muted" }, "Ajoutez les signalements notés sur le PV d'incident, un par un, et cochez les écrans de fin de test vus par le surveillant. Pour un test non terminé, indiquez la raison de l'abandon."),
    h(
      "div",
      { class: "table-wrapper" },
      h(
        "table",
        { class: "table" },
        h("caption", {}, `Candidats ayant rejoint la session (${model.candidates.length})`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Nom", "Prénom", "N° de certification", "Test", "Signalements", "Raison de l'abandon"].map((label) => h("th", { scope: "col" }, label)),
            h(
              "th",
              { scope: "col", class: "cell--check" },
              all,
              h("label", { for: allId }, "Écran de fin du test vu", visuallyHidden(" (cocher ou décocher pour tous les candidats)")),
            ),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
  );
}

/** « Signalement du candidat » : category first, then the fields it needs. */
function reportDialog(id, candidate, added) {
  openDialog({
    title: "Signalement du candidat",
    className: "dialog--report",
    build: (close) => {
      const form = h("form", { class: "form dialog__body", novalidate: true });
      const dependent = h("div", { class: "report__fields" });
      const state = { category: null };

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
              state.category = category;
              drawFields();
            },
          }),
          h("label", { for: radioId }, h("span", { class: "code-badge" }, category.code), " ", category.label),
        );
      });

      function drawFields() {
        const category = state.category;
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
        replaceChildren(dependent, parts);
      }

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
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        clearErrors(form);
        const body = { category: state.category ? state.category.category : null };
        const sub = form.querySelector("[name=subcategory]");
        const question = form.querySelector("[name=questionNumber]");
        const description = form.querySelector("[name=description]");
        if (sub && sub.value) body.subcategory = sub.value;
        if (question && question.value.trim()) body.questionNumber = Number(question.value);
        if (description && description.value.trim()) body.description = description.value.trim();
        if (!body.category) delete body.category;
        submit.disabled = true;
        try {
          const report = await api.post(`/sessions/${id}/candidates/${candidate.candidateId}/issue-reports`, body, { idempotent: true });
          close();
          added(report);
        } catch (failure) {
          showErrors(form, failure);
        } finally {
          submit.disabled = false;
        }
      });
      return form;
    },
  });
}

// Étape 2 ---------------------------------------------------------------------------------

function contentTypeOf(file) {
  const extension = (file.name.split(".").pop() || "").toLowerCase();
  return ACCEPTED_TYPES[extension] || file.type || "application/octet-stream";
}

function stepDocuments(id, attachments, readOnly, context) {
  const list = h("div", { class: "attachments" });
  let polling = false;

  const draw = () => {
    const rows = [
      ...attachments.uploads.map((upload) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, upload.name),
          h("td", {}, fileSize(upload.size)),
          h(
            "td",
            {},
            upload.error
              ? h("span", { class: "status status--rejected" }, upload.error)
              : h(
                  "span",
                  { class: "upload-progress" },
                  h("progress", { max: "100", value: String(Math.round(upload.progress * 100)), "aria-label": `Envoi de ${upload.name}` }),
                  ` ${Math.round(upload.progress * 100)} %`,
                ),
          ),
          h("td", {}),
        ),
      ),
      ...attachments.items.map((item) => {
        const url = item.status === "AVAILABLE" && item.downloadUrl ? safeUrl(item.downloadUrl) : null;
        return h(
          "tr",
          {},
          h("th", { scope: "row" }, item.fileName),
          h("td", {}, fileSize(item.size)),
          h(
            "td",
            {},
            h("span", { class: `status status--attachment-${item.status.toLowerCase()}` }, ATTACHMENT_STATUS[item.status] || item.status),
            item.status === "REJECTED" && item.rejectionMessage ? h("span", { class: "muted" }, ` ${item.rejectionMessage}`) : null,
          ),
          h(
            "td",
            { class: "cell--actions" },
            url ? h("a", { href: url, class: "button button--link", target: "_blank", rel: "noopener noreferrer" }, "Télécharger", visuallyHidden(` ${item.fileName}`)) : null,
            readOnly
              ? null
              : h(
                  "button",
                  {
                    type: "button",
                    class: "button button--icon button--danger-ghost",
                    "aria-label": `Supprimer le document ${item.fileName}`,
                    onclick: async () => {
                      try {
                        await api.del(`/sessions/${id}/attachments/${item.attachmentId}`);
                        attachments.items = attachments.items.filter((a) => a.attachmentId !== item.attachmentId);
                        draw();
                        announce(`Document ${item.fileName} supprimé.`);
                      } catch (failure) {
                        announce(failure.message);
                      }
                    },
                  },
                  icon("trash"),
                ),
          ),
        );
      }),
    ];
    replaceChildren(
      list,
      rows.length
        ? h(
            "table",
            { class: "table table--compact" },
            h("caption", {}, `Documents transmis (${attachments.items.length})`),
            h("thead", {}, h("tr", {}, ["Fichier", "Taille", "État", "Actions"].map((label) => h("th", { scope: "col" }, label)))),
            h("tbody", {}, rows),
          )
        : h("p", { class: "muted" }, readOnly ? "Aucun document transmis." : "Aucun document pour le moment."),
    );
  };

  const refresh = async () => {
    attachments.items = (await api.get(`/sessions/${id}/attachments`)).items;
    draw();
  };

  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      for (let attempt = 0; attempt < POLL_ATTEMPTS && context.isCurrent(); attempt += 1) {
        await new Promise((resolve) => window.setTimeout(resolve, POLL_INTERVAL_MS));
        if (!context.isCurrent()) return;
        const before = attachments.items.filter((a) => a.status === "PENDING").map((a) => a.attachmentId);
        await refresh();
        for (const item of attachments.items) {
          if (before.includes(item.attachmentId) && item.status !== "PENDING") {
            announce(`${item.fileName} : ${ATTACHMENT_STATUS[item.status]}.`);
          }
        }
        if (!attachments.items.some((a) => a.status === "PENDING") && !attachments.uploads.some((u) => !u.error)) return;
      }
    } finally {
      polling = false;
    }
  };

  const send = async (file) => {
    const upload = { name: file.name, size: file.size, progress: 0, error: null };
    attachments.uploads.push(upload);
    draw();
    try {
      const created = await api.post(
        `/sessions/${id}/attachments`,
        { fileName: file.name, contentType: contentTypeOf(file), size: file.size },
        { idempotent: true },
      );
      await api.uploadToStorage(created.upload, file, (share) => {
        upload.progress = share;
        draw();
      });
      attachments.uploads = attachments.uploads.filter((u) => u !== upload);
      await refresh();
      announce(`${file.name} envoyé : vérification en cours.`);
      poll();
    } catch (failure) {
      upload.error = failure.message;
      draw();
      announce(`${file.name} : ${failure.message}`);
    }
  };

  const sendAll = (files) => {
    for (const file of files) send(file);
  };

  draw();
  if (attachments.items.some((a) => a.status === "PENDING")) poll();

  if (readOnly) {
    return h(
      "section",
      { class: "card step", "aria-labelledby": "etape-2" },
      h("h2", { id: "etape-2" }, h("span", { class: "step__number" }, "Étape 2"), " Documents transmis"),
      list,
    );
  }

  const inputId = uid("fichiers");
  const input = h("input", {
    type: "file",
    id: inputId,
    multiple: true,
    accept: ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg",
    class: "file-input",
    "aria-describedby": `${inputId}-aide`,
    onchange: (event) => {
      sendAll([...event.target.files]);
      event.target.value = "";
    },
  });
  const dropzone = h(
    "div",
    { class: "dropzone" },
    icon("upload"),
    input,
    h("label", { for: inputId, class: "button button--secondary dropzone__button" }, "Choisir des fichiers"),
    h("p", { class: "dropzone__text" }, "ou faites-les glisser ici"),
    h("p", { id: `${inputId}-aide`, class: "field__hint" }, "PDF, JPEG ou PNG, 10 Mo au plus par fichier, 20 documents au plus."),
  );
  dropzone.addEventListener("dragover", (event) => {
    event.preventDefault();
    dropzone.classList.add("dropzone--over");
  });
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("dropzone--over"));
  dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    dropzone.classList.remove("dropzone--over");
    sendAll([...(event.dataTransfer?.files || [])]);
  });

  return h(
    "section",
    { class: "card step", "aria-labelledby": "etape-2" },
    h("h2", { id: "etape-2" }, h("span", { class: "step__number" }, "Étape 2"), " Transmettre des documents (facultatif)"),
    h("p", { class: "muted" }, "Transmettez à Pix les documents utiles : PV de fraude, photo d'un écran illustrant un problème technique, etc."),
    dropzone,
    list,
  );
}

// Étape 3 ---------------------------------------------------------------------------------

function stepComment(model, readOnly) {
  const commentId = uid("commentaire");
  const counter = h("p", { class: "counter", id: `${commentId}-compteur`, "aria-live": "polite" });
  const textarea = h("textarea", {
    id: commentId,
    name: "examinerGlobalComment",
    rows: "4",
    maxlength: String(COMMENT_LIMIT),
    disabled: readOnly,
    "aria-describedby": `${commentId}-compteur ${commentId}-erreur`,
    oninput: (event) => {
      model.examinerGlobalComment = event.target.value;
      updateCounter();
    },
  });
  textarea.value = model.examinerGlobalComment;
  function updateCounter() {
    counter.textContent = `${textarea.value.length} / ${COMMENT_LIMIT}`;
  }
  updateCounter();
  const commentField = h(
    "div",
    { class: "field", hidden: !model.hasIncident },
    h("label", { for: commentId }, "Commentaire global sur la session"),
    textarea,
    counter,
    h("p", { class: "field__error", id: `${commentId}-erreur`, dataset: { errorFor: "examinerGlobalComment" } }),
  );

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
          commentField.hidden = !value;
          if (value) textarea.focus();
        },
      }),
      h("label", { for: radioId }, label),
    );
  };
  const joiningId = uid("probleme-connexion");

  return h(
    "section",
    { class: "card step", "aria-labelledby": "etape-3" },
    h("h2", { id: "etape-3" }, h("span", { class: "step__number" }, "Étape 3"), " Commenter la session (facultatif)"),
    h(
      "fieldset",
      { class: "radios" },
      h("legend", {}, "Déroulement de la session"),
      radio(false, "Aucun problème particulier à signaler, dans l'ensemble tout s'est bien déroulé"),
      radio(true, "Je souhaite signaler un ou plusieurs incident(s) ayant impacté la session dans son ensemble"),
    ),
    commentField,
    h(
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
    ),
  );
}
