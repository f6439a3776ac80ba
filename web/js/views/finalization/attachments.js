// The documents of step 2: the table (uploads in progress, then the API's documents), the
// upload of a file (POST …/attachments, then the presigned POST to S3), « Réessayer » for a
// failed one, and the polling while a document is being checked.

import * as api from "../../api.js";
import { announce, h, icon, replaceChildren, safeUrl } from "../../dom.js";
import { fileSize } from "../../format.js";
import { userAction } from "../../idempotency.js";
import * as paths from "../../paths.js";
import { visuallyHidden } from "../../ui.js";

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

function contentTypeOf(file) {
  const extension = (file.name.split(".").pop() || "").toLowerCase();
  return ACCEPTED_TYPES[extension] || file.type || "application/octet-stream";
}

/**
 * The documents of session `id`: `list` is the element to show; send(files) uploads files;
 * summary() what the finalization will transmit. context.isCurrent() stops the polling once
 * the user has left the screen.
 */
export function attachmentsList(id, items, readOnly, context) {
  const list = h("div", { class: "attachments" });
  const documents = { id, items, uploads: [], readOnly, polling: false, context };
  documents.draw = () => drawList(list, documents);
  documents.draw();
  if (documents.items.some((a) => a.status === "PENDING")) poll(documents);
  return {
    list,
    send: (files) => {
      for (const file of files) send(documents, { file, action: userAction() });
    },
    summary: () => ({
      accepted: documents.items.filter((a) => a.status === "AVAILABLE").map((a) => a.fileName),
      pending: documents.items.filter((a) => a.status === "PENDING").length,
      refused: [
        ...documents.items.filter((a) => a.status === "REJECTED").map((a) => a.fileName),
        ...documents.uploads.filter((u) => u.refused).map((u) => u.file.name),
      ],
      uploading: documents.uploads.filter((u) => !u.refused).length,
    }),
  };
}

function drawList(list, documents) {
  const rows = [
    ...documents.uploads.map((upload) => uploadRow(documents, upload)),
    ...documents.items.map((item) => attachmentRow(documents, item)),
  ];
  replaceChildren(
    list,
    rows.length
      ? h(
          "div",
          { class: "table-wrapper" },
          h(
            "table",
            { class: "table table--compact table--documents" },
            h("caption", {}, caption(documents)),
            h("thead", {}, h("tr", {}, ["Fichier", "Taille", "État", "Actions"].map((label) => h("th", { scope: "col" }, label)))),
            h("tbody", {}, rows),
          ),
        )
      : h("p", { class: "muted" }, documents.readOnly ? "Aucun document transmis." : "Aucun document pour le moment."),
  );
}

/**
 * « Documents transmis (N) »: what Pix will get — the documents accepted and those being
 * checked; a refused file is not counted, it is listed (with its reason) until removed.
 */
function caption(documents) {
  const sent = documents.items.filter((a) => a.status !== "REJECTED").length;
  const refused = documents.items.filter((a) => a.status === "REJECTED").length + documents.uploads.filter((u) => u.refused).length;
  const text = `Documents transmis (${sent})`;
  if (!refused) return text;
  return `${text} · ${refused === 1 ? "1 document refusé" : `${refused} documents refusés`}`;
}

// The API refuses the file itself (type, size, number of documents): sending it again
// would be refused again.
const REFUSED_STATUSES = [400, 413, 422];

/**
 * A file on its way (its progress); refused by the API (« Refusé » and why, « Retirer »);
 * or whose upload failed (the reason, « Réessayer », « Retirer »).
 */
function uploadRow(documents, upload) {
  const { name, size } = upload.file;
  const percent = Math.round(upload.progress * 100);
  const retry = () => {
    announce(`Nouvel envoi de ${name}.`);
    send(documents, upload);
  };
  const drop = () => {
    documents.uploads = documents.uploads.filter((u) => u !== upload);
    documents.draw();
    announce(`${name} retiré de la liste.`);
  };
  let state;
  if (upload.refused) {
    state = [h("span", { class: "status status--attachment-rejected" }, "Refusé"), h("span", { class: "attachment__reason" }, upload.error)];
  } else if (upload.error) {
    state = h("span", { class: "status status--rejected" }, upload.error);
  } else {
    state = h(
      "span",
      { class: "upload-progress" },
      h("progress", { max: "100", value: String(percent), "aria-label": `Envoi de ${name}` }),
      ` ${percent}\u00a0%`,
    );
  }
  return h(
    "tr",
    {},
    h("th", { scope: "row", class: "cell--file" }, name),
    h("td", { dataset: { label: "Taille" } }, fileSize(size)),
    h("td", { dataset: { label: "État" } }, state),
    h(
      "td",
      { class: "cell--actions" },
      upload.error && !upload.refused ? h("button", { type: "button", class: "button button--link", onclick: retry }, "Réessayer", visuallyHidden(` l'envoi de ${name}`)) : null,
      upload.error ? h("button", { type: "button", class: "button button--link", onclick: drop }, "Retirer", visuallyHidden(` ${name} de la liste`)) : null,
    ),
  );
}

function attachmentRow(documents, item) {
  const url = item.status === "AVAILABLE" && item.downloadUrl ? safeUrl(item.downloadUrl) : null;
  return h(
    "tr",
    {},
    h("th", { scope: "row", class: "cell--file" }, item.fileName),
    h("td", { dataset: { label: "Taille" } }, fileSize(item.size)),
    h(
      "td",
      { dataset: { label: "État" } },
      h("span", { class: `status status--attachment-${item.status.toLowerCase()}` }, ATTACHMENT_STATUS[item.status] || item.status),
      item.status === "REJECTED" ? h("span", { class: "attachment__reason" }, item.rejectionMessage || "Ce fichier n'a pas été accepté.") : null,
    ),
    h(
      "td",
      { class: "cell--actions" },
      url ? h("a", { href: url, class: "button button--link", target: "_blank", rel: "noopener noreferrer" }, "Télécharger", visuallyHidden(` ${item.fileName}`)) : null,
      documents.readOnly ? null : removeButton(documents, item),
    ),
  );
}

function removeButton(documents, item) {
  return h(
    "button",
    {
      type: "button",
      class: "button button--icon button--danger-ghost",
      "aria-label": `Supprimer le document ${item.fileName}`,
      onclick: async () => {
        try {
          await api.del(paths.attachment(documents.id, item.attachmentId));
          documents.items = documents.items.filter((a) => a.attachmentId !== item.attachmentId);
          documents.draw();
          announce(`Document ${item.fileName} supprimé.`);
        } catch (failure) {
          announce(failure.message);
        }
      },
    },
    icon("trash"),
  );
}

async function refresh(documents) {
  documents.items = (await api.get(paths.attachments(documents.id))).items;
  documents.draw();
}

/** GET the documents every second while one is being checked, and say when it is done. */
async function poll(documents) {
  if (documents.polling) return;
  documents.polling = true;
  const { context } = documents;
  try {
    for (let attempt = 0; attempt < POLL_ATTEMPTS && context.isCurrent(); attempt += 1) {
      await new Promise((resolve) => window.setTimeout(resolve, POLL_INTERVAL_MS));
      if (!context.isCurrent()) return;
      const before = documents.items.filter((a) => a.status === "PENDING").map((a) => a.attachmentId);
      await refresh(documents);
      for (const item of documents.items) {
        if (before.includes(item.attachmentId) && item.status !== "PENDING") {
          const reason = item.status === "REJECTED" && item.rejectionMessage ? ` ${item.rejectionMessage}` : "";
          announce(`${item.fileName}\u00a0: ${ATTACHMENT_STATUS[item.status]}.${reason}`);
        }
      }
      if (!documents.items.some((a) => a.status === "PENDING") && !documents.uploads.some((u) => !u.error)) return;
    }
  } finally {
    documents.polling = false;
  }
}

/**
 * Upload one file: POST …/attachments (the upload's Idempotency-Key, the same when
 * « Réessayer » sends it again: one document), then the file to S3 with the presigned POST.
 */
async function send(documents, upload) {
  const { file, action } = upload;
  upload.progress = 0;
  upload.error = null;
  upload.refused = false;
  if (!documents.uploads.includes(upload)) documents.uploads.push(upload);
  documents.draw();
  const body = { fileName: file.name, contentType: contentTypeOf(file), size: file.size };
  try {
    const created = await api.post(paths.attachments(documents.id), body, { idempotencyKey: action.keyFor(body) });
    await api.uploadToStorage(created.upload, file, (share) => {
      upload.progress = share;
      documents.draw();
    });
    action.done();
    documents.uploads = documents.uploads.filter((u) => u !== upload);
    await refresh(documents);
    announce(`${file.name} envoyé : vérification en cours.`);
    poll(documents);
  } catch (failure) {
    upload.error = failure.message;
    upload.refused = REFUSED_STATUSES.includes(failure.status);
    documents.draw();
    announce(`${file.name} : ${failure.message}`);
  }
}
