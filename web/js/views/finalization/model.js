// What the finalization screen edits (a copy of the draft) and what it sends back.

export const COMMENT_LIMIT = 500;

export const ABORT_REASONS = [
  { value: "", label: "Choisir une raison…" },
  { value: "CANDIDATE", label: "Abandon : manque de temps ou départ prématuré" },
  { value: "TECHNICAL", label: "Problème technique" },
];

/** The draft of GET /sessions/{id}/finalization, as the screen edits it. */
export function draftModel(draft) {
  return {
    examinerGlobalComment: draft.examinerGlobalComment || "",
    hasIncident: Boolean(draft.hasIncident),
    hasJoiningIssue: Boolean(draft.hasJoiningIssue),
    candidates: draft.candidates.map((c) => ({ ...c, issueReports: [...(c.issueReports || [])] })),
  };
}

/** The body of PUT /sessions/{id}/finalization and POST /sessions/{id}/finalize. */
export function payload(model) {
  return {
    examinerGlobalComment: model.hasIncident ? model.examinerGlobalComment.trim() : "",
    hasIncident: model.hasIncident,
    hasJoiningIssue: model.hasJoiningIssue,
    candidates: model.candidates.map((c) => ({
      candidateId: c.candidateId,
      hasSeenEndTestScreen: Boolean(c.hasSeenEndTestScreen),
      abortReason: c.status === "STARTED" ? c.abortReason || null : null,
    })),
  };
}
