// « Finaliser la session » : 1. candidates (issue reports, end screen, abort reasons),
// 2. documents (straight to S3 with a presigned POST), 3. comment; then Sauvegarder / Valider.
// Once finalized, the same screen, read-only.

import * as api from "../../api.js";
import { append, h } from "../../dom.js";
import { instant } from "../../format.js";
import * as paths from "../../paths.js";
import { deadlineBanner } from "../../session-banners.js";
import { center, setTitle, takeFlash } from "../../state.js";
import { banner, formError } from "../../ui.js";
import { draftModel } from "./model.js";
import { stepCandidates } from "./step-candidates.js";
import { stepComment } from "./step-comment.js";
import { stepDocuments } from "./step-documents.js";
import { submitActions } from "./submit.js";

export async function render(context) {
  const id = context.args[0];
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
      banner("info", "Aucun candidat n'a encore rejoint cette session : elle ne peut pas être finalisée."),
    );
  }

  const page = h("div", { class: "page finalization" });
  const model = draftModel(draft);
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
    readOnly ? null : h("p", { class: "lead" }, "Pour finaliser la session, complétez les trois étapes puis validez."),
    formError(),
    stepCandidates(id, model, readOnly),
    stepDocuments(id, draft.attachments || [], readOnly, context),
    stepComment(model, readOnly),
    readOnly ? null : submitActions(id, page, model),
  ]);
  return page;
}

function finalizedBanner(session, place) {
  return banner(
    "success",
    h("strong", {}, `Session finalisée${session.finalizedAt ? ` le ${instant(session.finalizedAt, place.timezone)}` : ""}.`),
    " Les informations ci-dessous ont été transmises à Pix et ne peuvent plus être modifiées.",
  );
}
