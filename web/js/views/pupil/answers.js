// What each answer of POST /sessions/{id}/join means for a pupil, in their words (« tu »). The
// API's messages are written for adults (« vous »): the pupils' screens say the same thing
// their way, per code; an answer not listed here keeps the API's message.

const MINUTE = 60;

/** « 15 minutes », « 1 minute » from the seconds of retryAfterSeconds. */
function minutes(seconds) {
  const count = Math.max(1, Math.ceil(Number(seconds || 0) / MINUTE));
  return `${count} minute${count > 1 ? "s" : ""}`;
}

/** The date in SESSION_NOT_OPEN_YET's message (« elle a lieu le 01/12/2026 »), if any. */
function dateIn(message) {
  const found = /(\d{2}\/\d{2}\/\d{4})/.exec(message || "");
  return found ? found[1] : null;
}

/**
 * kind: "waiting" (the invigilator must act, then « Réessayer »), "info" or "error";
 * retry: a « Réessayer » button that sends the same form again.
 */
const ANSWERS = {
  CANDIDATE_NOT_AUTHORIZED_TO_START: () => ({
    kind: "waiting",
    title: "Attends que ton surveillant confirme ta présence",
    text: "Ton surveillant doit d'abord confirmer que tu es bien dans la salle. Lève la main pour le prévenir. Quand il a confirmé, appuie sur « Réessayer ».",
    retry: true,
  }),
  CANDIDATE_NOT_AUTHORIZED_TO_RESUME: () => ({
    kind: "waiting",
    title: "Demande à ton surveillant d'autoriser la reprise",
    text: "Tu as déjà commencé ton test. Pour y revenir, demande à ton surveillant d'autoriser la reprise, puis appuie sur « Réessayer ».",
    retry: true,
  }),
  SESSION_NOT_OPEN_YET: (failure) => ({
    kind: "info",
    title: "Cette session n'a pas encore commencé",
    text: dateIn(failure.message)
      ? `Elle a lieu le ${dateIn(failure.message)} : tu ne peux pas encore y entrer. Vérifie le numéro de session avec ton surveillant.`
      : "Tu ne peux pas encore y entrer. Vérifie le numéro de session avec ton surveillant.",
  }),
  SESSION_ENTRY_CLOSED: () => ({
    kind: "error",
    title: "Tu ne peux plus entrer dans cette session",
    text: "Elle a commencé il y a plus de 24 heures : l'entrée est fermée. Parles-en à ton surveillant.",
  }),
  SESSION_NOT_ACCESSIBLE: () => ({
    kind: "error",
    title: "Cette session est terminée",
    text: "Tu ne peux plus la rejoindre. Parles-en à ton surveillant.",
  }),
  CANDIDATE_TEST_ENDED: () => ({
    kind: "info",
    title: "Ton test est déjà terminé",
    text: "Tu ne peux plus y revenir. Si tu penses que c'est une erreur, parles-en à ton surveillant.",
  }),
  TOO_MANY_ATTEMPTS: (failure) => ({
    kind: "error",
    title: "Trop d'essais pour cette session",
    text: `Attends ${minutes(failure.body && failure.body.retryAfterSeconds)} avant de réessayer, et vérifie tes informations avec ton surveillant.`,
  }),
  SESSION_NOT_FOUND: () => ({
    kind: "error",
    title: "Le numéro de session ou le code d'accès n'est pas bon",
    text: "Vérifie-les tous les deux avec ton surveillant, puis essaie de nouveau.",
  }),
  CANDIDATE_NOT_FOUND: () => ({
    kind: "error",
    title: "Nous ne te trouvons pas dans la liste de cette session",
    text: "Vérifie ton nom de naissance, ton prénom et ta date de naissance. Si tout est juste, demande à ton surveillant.",
  }),
  NETWORK_ERROR: () => ({
    kind: "error",
    title: "Le serveur ne répond pas",
    text: "Vérifie que l'ordinateur est bien connecté à Internet, puis appuie sur « Réessayer ».",
    retry: true,
  }),
};

/** The pupil's words for an answer of the API, or null when the form shows it (fields). */
export function answerOf(failure) {
  const known = ANSWERS[failure.code];
  if (known) return known(failure);
  if (failure.details && failure.details.length) return null;
  return { kind: "error", title: "Ça n'a pas marché", text: failure.message };
}

const FIELD_MESSAGES = {
  sessionId: { REQUIRED: "Indique le numéro de session." },
  accessCode: { REQUIRED: "Indique le code d'accès de la session." },
  lastName: { REQUIRED: "Indique ton nom de naissance." },
  firstName: { REQUIRED: "Indique ton prénom." },
  birthdate: { REQUIRED: "Indique ta date de naissance.", INVALID: "Indique une date de naissance valide." },
};

/** The same error with its field messages in the pupil's words (the API's when unknown). */
export function inPupilWords(failure) {
  const details = (failure.details || []).map((detail) => ({
    ...detail,
    message: FIELD_MESSAGES[detail.field]?.[detail.code] || detail.message,
  }));
  return { code: failure.code, details, message: "Il manque des informations, ou certaines ne sont pas justes." };
}
