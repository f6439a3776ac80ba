// Étape 2 : documents for Pix (PV de fraude, photos…), sent straight to S3; read-only once
// the session is finalized.

import { h, icon, uid } from "../../dom.js";

/** `documents`: attachments.js's attachmentsList (the list, send(files)). */
export function stepDocuments(documents, readOnly) {
  const { list, send } = documents;
  if (readOnly) {
    return h(
      "section",
      { class: "card step", "aria-labelledby": "etape-2" },
      h("h2", { id: "etape-2" }, h("span", { class: "step__number" }, "Étape 2"), " Documents transmis"),
      list,
    );
  }
  return h(
    "section",
    { class: "card step", "aria-labelledby": "etape-2" },
    h("h2", { id: "etape-2" }, h("span", { class: "step__number" }, "Étape 2"), " Transmettre des documents (facultatif)"),
    h("p", { class: "muted" }, "Transmettez à Pix les documents utiles : PV de fraude, photo d'un écran illustrant un problème technique, etc."),
    dropzone(send),
    list,
  );
}

/** The native file input (keyboard, screen readers) in a zone that also takes dropped files. */
function dropzone(send) {
  const inputId = uid("fichiers");
  const input = h("input", {
    type: "file",
    id: inputId,
    multiple: true,
    accept: ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg",
    class: "file-input",
    "aria-describedby": `${inputId}-aide`,
    onchange: (event) => {
      send([...event.target.files]);
      event.target.value = "";
    },
  });
  const zone = h(
    "div",
    { class: "dropzone" },
    icon("upload"),
    input,
    h("label", { for: inputId, class: "button button--secondary dropzone__button" }, "Choisir des fichiers"),
    h("p", { class: "dropzone__text" }, "ou faites-les glisser ici"),
    h("p", { id: `${inputId}-aide`, class: "field__hint" }, "PDF, JPEG ou PNG, 10 Mo au plus par fichier, 20 documents au plus."),
  );
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dropzone--over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropzone--over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dropzone--over");
    send([...(event.dataTransfer?.files || [])]);
  });
  return zone;
}
