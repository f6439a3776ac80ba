// Saving a file the API makes — a PDF (attendance sheet, invigilator's kit, attestations), a
// class's results (CSV), a pupil's data (JSON) — under its name: GET with the file's Accept, then a link to the Blob, named after
// Content-Disposition.

import { h } from "./dom.js";

/** The browser saves `blob` as `name` (a link clicked, then let go). */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Save the file that `fetchFile(options)` gets — the caller's API call, e.g.
 * `(options) => api.get(paths.invigilatorKit(id), options)` — when `button` is pressed; its
 * status (« Préparation du PDF… », « Téléchargé : kit.pdf », or the API's message) is said in a
 * status line at the end of the button's box. failed(error) sees a failure first.
 */
export async function downloadFile(button, fetchFile, fallbackName, { accept, preparing, failed = () => {} }) {
  const box = button.parentElement;
  let status = box.querySelector(".download-status");
  if (!status) {
    status = h("p", { class: "download-status", role: "status" });
    box.append(status);
  }
  button.disabled = true;
  status.textContent = preparing;
  try {
    const { blob, headers } = await fetchFile({ accept, blob: true });
    const disposition = headers.get("Content-Disposition") || "";
    const match = disposition.match(/filename="?([^";]+)"?/);
    const name = match ? match[1] : fallbackName;
    saveBlob(blob, name);
    status.textContent = `Téléchargé : ${name}`;
  } catch (failure) {
    failed(failure);
    status.textContent = failure.message;
  } finally {
    button.disabled = false;
  }
}

/** A PDF of the API (attendance sheet, invigilator's kit): see downloadFile. */
export function downloadPdf(button, fetchPdf, fallbackName, { failed } = {}) {
  return downloadFile(button, fetchPdf, fallbackName, { accept: "application/pdf", preparing: "Préparation du PDF…", failed });
}

/** A CSV file of the API (a class's results): see downloadFile. */
export function downloadCsv(button, fetchCsv, fallbackName, { failed } = {}) {
  return downloadFile(button, fetchCsv, fallbackName, { accept: "text/csv", preparing: "Préparation du fichier…", failed });
}

/** A JSON document of the API (everything stored about a pupil): see downloadFile. */
export function downloadJson(button, fetchJson, fallbackName, { failed } = {}) {
  return downloadFile(button, fetchJson, fallbackName, { accept: "application/json", preparing: "Préparation du fichier…", failed });
}
