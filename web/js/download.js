// Saving a PDF the API makes (attendance sheet, invigilator's kit): GET with
// Accept: application/pdf, then a link to the Blob, named after Content-Disposition.

import { h } from "./dom.js";

/**
 * Save the PDF that `fetchPdf(options)` gets — the caller's API call, e.g.
 * `(options) => api.get(paths.invigilatorKit(id), options)` — when `button` is pressed; its
 * status (« Préparation du PDF… », « Téléchargé : kit.pdf », or the API's message) is said in a
 * status line at the end of the button's box. failed(error) sees a failure first.
 */
export async function downloadPdf(button, fetchPdf, fallbackName, { failed = () => {} } = {}) {
  const box = button.parentElement;
  let status = box.querySelector(".download-status");
  if (!status) {
    status = h("p", { class: "download-status", role: "status" });
    box.append(status);
  }
  button.disabled = true;
  status.textContent = "Préparation du PDF…";
  try {
    const { blob, headers } = await fetchPdf({ accept: "application/pdf", blob: true });
    const disposition = headers.get("Content-Disposition") || "";
    const match = disposition.match(/filename="?([^";]+)"?/);
    const name = match ? match[1] : fallbackName;
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    status.textContent = `Téléchargé : ${name}`;
  } catch (failure) {
    failed(failure);
    status.textContent = failure.message;
  } finally {
    button.disabled = false;
  }
}
