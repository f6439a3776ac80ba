// What the finalization screen edits (a copy of the draft) and what it sends back.

export const COMMENT_LIMIT = 500;

export const ABORT_REASONS = [
  { value: "", label: "Choisir une raison…" },
  { value: "CANDIDATE", label: "Abandon : manque de temps ou départ prématuré" },
  { value: "TECHNICAL", label: "Problème technique" },
];

export function abortReasonLabel(value) {
  return ABORT_REASONS.find((reason) => reason.value === value)?.label || "";
}

/** The draft of GET /sessions/{id}/finalization, as the screen edits it. */
export function draftModel(draft) {
  return {
    examinerGlobalComment: draft.examinerGlobalComment || "",
    hasIncident: Boolean(draft.hasIncident),
    hasJoiningIssue: Boolean(draft.hasJoiningIssue),
    candidates: draft.candidates.map((c) => ({ ...c, issueReports: [...(c.issueReports || [])] })),
  };
}

/**
 * The body of PUT /sessions/{id}/finalization (the draft) and, with `final`, of POST
 * /sessions/{id}/finalize. The draft keeps a comment written before « Aucun problème » was
 * chosen again (choosing the incident back finds it); the finalization sends it only with
 * the incident.
 */
export function payload(model, { final = false } = {}) {
  const comment = model.examinerGlobalComment.trim();
  return {
    examinerGlobalComment: final && !model.hasIncident ? "" : comment,
    hasIncident: model.hasIncident,
    hasJoiningIssue: model.hasJoiningIssue,
    candidates: model.candidates.map((c) => ({
      candidateId: c.candidateId,
      hasSeenEndTestScreen: Boolean(c.hasSeenEndTestScreen),
      abortReason: c.status === "STARTED" ? c.abortReason || null : null,
    })),
  };
}

/** The changes of an `unsaved` model (its save failed) put back into a fresh one. */
export function restore(model, unsaved) {
  model.examinerGlobalComment = unsaved.examinerGlobalComment;
  model.hasIncident = unsaved.hasIncident;
  model.hasJoiningIssue = unsaved.hasJoiningIssue;
  const before = new Map(unsaved.candidates.map((c) => [c.candidateId, c]));
  for (const candidate of model.candidates) {
    const edited = before.get(candidate.candidateId);
    if (!edited) continue;
    candidate.hasSeenEndTestScreen = edited.hasSeenEndTestScreen;
    candidate.abortReason = edited.abortReason;
  }
  return model;
}
