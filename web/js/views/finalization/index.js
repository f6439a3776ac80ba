// « Finaliser la session » : 1. candidates (issue reports, end screen, abort reasons),
// 2. documents (straight to S3 with a presigned POST), 3. comment; the draft saved as the
// user goes (autosave.js), then « Valider »: the rules, a summary, the finalization.
// Once finalized, the same screen, read-only.

import * as api from "../../api.js";
import { append, h } from "../../dom.js";
import { instant } from "../../format.js";
import * as paths from "../../paths.js";
import { deadlineBanner } from "../../session-banners.js";
import { center, setTitle, takeFlash } from "../../state.js";
import { banner, formError } from "../../ui.js";
import { attachmentsList } from "./attachments.js";
import { draftSaver, lastSave } from "./autosave.js";
import { draftModel, restore } from "./model.js";
import { stepCandidates } from "./step-candidates.js";
import { stepComment } from "./step-comment.js";
import { stepDocuments } from "./step-documents.js";
import { clearCorrected, submitActions } from "./submit.js";

export async function render(context) {
  const id = context.args[0];
  // A save still under way when the user left (or came back): read the draft after it.
  const unsaved = await lastSave(id);
  const [session, draft] = await Promise.all([api.get(paths.session(id)), api.get(paths.finalization(id))]);
  const place = await center(session.centerId);
  const readOnly = session.status !== "CREATED";
  const title = readOnly ? `Finalisation de la session ${id}` : `Finaliser la session ${id}`;
  setTitle(title);

  if (!readOnly && session.startedCount === 0) {
    return h(
      "div",
      { class: "page" },
      h("p", { class: "back" }, h("a", { href: `#/sessions/${id}` }, `← Retour à la session ${id}`)),
      h("h1", {}, title),
      banner("info", "Aucun candidat n'a encore rejoint cette session\u00a0: elle ne peut pas être finalisée."),
    );
  }

  const page = h("div", { class: "page finalization" });
  const model = draftModel(draft);
  if (unsaved && !readOnly) restore(model, unsaved);
  const documents = attachmentsList(id, draft.attachments || [], readOnly, context);
  const saver = readOnly ? null : draftSaver(id, model, context);
  append(page, [
    h(
      "div",
      { class: "session-header" },
      h(
        "div",
        { class: "session-header__title" },
        h("a", { href: `#/sessions/${id}`, class: "back-arrow", "aria-label": `Retour à la session ${id}` }, "←"),
        h("h1", {}, title),
      ),
    ),
    takeFlash(),
    readOnly ? finalizedBanner(session, place) : deadlineBanner(session, place),
    unsaved && !readOnly ? banner("warning", "Vos dernières modifications n'avaient pas pu être enregistrées\u00a0: elles sont reprises ci-dessous et vont l'être maintenant.") : null,
    readOnly ? null : h("p", { class: "lead" }, "Pour finaliser la session, complétez les trois étapes puis validez. Vos informations sont enregistrées au fur et à mesure."),
    formError(),
    stepCandidates(id, model, readOnly),
    stepDocuments(documents, readOnly),
    stepComment(model, readOnly),
    readOnly ? null : submitActions({ id, session, place, page, model, saver, documents }),
  ]);
  if (!readOnly) {
    const edited = (event) => {
      if (event.target.type === "file" || event.target.closest("dialog")) return;
      saver.changed();
      clearCorrected(page, model);
    };
    page.addEventListener("change", edited);
    page.addEventListener("input", edited);
    if (unsaved) saver.changed();
  }
  return page;
}

function finalizedBanner(session, place) {
  return banner(
    "success",
    h("strong", {}, `Session finalisée${session.finalizedAt ? ` le ${instant(session.finalizedAt, place.timezone)}` : ""}.`),
    " Les informations ci-dessous ont été transmises à Pix et ne peuvent plus être modifiées.",
  );
}
