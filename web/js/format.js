// Dates, statuses and sizes as French school staff read them.

/** "2020-12-14" → "14/12/2020" */
export function shortDate(isoDate) {
  if (!isoDate) return "";
  const [year, month, day] = String(isoDate).split("-");
  return day && month && year ? `${day}/${month}/${year}` : String(isoDate);
}

/** "2020-12-14" → "lundi 14 déc. 2020" (a calendar date: no timezone shift). */
export function longDate(isoDate) {
  if (!isoDate) return "";
  const parsed = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return String(isoDate);
  return new Intl.DateTimeFormat("fr-FR", {
    weekday: "long",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(parsed);
}

/** An instant in the center's timezone: "samedi 28 novembre 2026 à 09:45". */
export function instant(isoInstant, timeZone) {
  if (!isoInstant) return "";
  const parsed = new Date(isoInstant);
  if (Number.isNaN(parsed.getTime())) return String(isoInstant);
  const options = { dateStyle: "full", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat("fr-FR", { ...options, timeZone: timeZone || undefined }).format(parsed);
  } catch {
    return new Intl.DateTimeFormat("fr-FR", options).format(parsed);
  }
}

// The badge's colour, the same in the list and on the session's page.
export function statusClass(session) {
  if (session.status === "PROCESSED") return "processed";
  if (session.status === "FINALIZED" || session.status === "IN_PROCESS") return "finalized";
  return session.startedCount > 0 ? "to-finalize" : "created";
}

export function sessionStatusLabel(session) {
  if (session.status === "PROCESSED") return "Résultats transmis par Pix";
  // IN_PROCESS: Pix staff are processing the session; the school still reads « Finalisée ».
  if (session.status === "FINALIZED" || session.status === "IN_PROCESS") return "Finalisée";
  if (session.startedCount > 0) return "À finaliser";
  return "Créée";
}

/** The statuses as Pix staff read them in « Espace Pix » (the processing queues). */
export const STAFF_STATUS = {
  CREATED: "Créée",
  FINALIZED: "À traiter",
  IN_PROCESS: "En cours de traitement",
  PROCESSED: "Résultats transmis",
};

export function staffStatusLabel(session) {
  return STAFF_STATUS[session.status] || session.status;
}

export function isOverdue(session) {
  if (session.status !== "CREATED") return false;
  if (session.finalizationOverdue) return true;
  return session.startedCount > 0 && Date.parse(session.finalizationDeadline) < Date.now();
}

export function isFinalized(session) {
  return session.status !== "CREATED";
}

export const CANDIDATE_STATUS = {
  ENROLLED: "Inscrit",
  STARTED: "En cours",
  COMPLETED: "Terminé",
  ENDED_BY_SUPERVISOR: "Arrêté par le surveillant",
};

/** 6 299 000 ms → "104:59" (minutes:seconds, the minutes past 59 included); 0 or less → null. */
export function minutesSeconds(milliseconds) {
  if (!(milliseconds > 0)) return null;
  const total = Math.floor(milliseconds / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

/** An instant's time of day on this device: "14:05". */
export function timeOfDay(isoInstant) {
  const parsed = new Date(isoInstant);
  if (!isoInstant || Number.isNaN(parsed.getTime())) return "";
  return new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit" }).format(parsed);
}

export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(".", ",")} Ko`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} Mo`;
}

export function fullName(person) {
  return `${person.lastName} ${person.firstName}`;
}

/** The local date of today in `timeZone`, as "YYYY-MM-DD". */
export function todayIn(timeZone) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timeZone || undefined,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  return parts;
}

/** A member's or an invitation's role, as the team screen says it. */
export const ROLE = {
  ADMIN: "Administrateur",
  MEMBER: "Membre",
};

/** What each role may do, said wherever a role is chosen or offered. */
export const ROLE_HINTS = {
  ADMIN: "Gère les sessions, les candidats et la finalisation, et aussi l'équipe (invitations, rôles) et la liste des élèves (import).",
  MEMBER: "Gère les sessions, les candidats et la finalisation.",
};

export function roleLabel(role) {
  return ROLE[role] || role;
}

/** The day of an instant ("2026-03-02T08:15:00Z") or of a date ("2026-03-02"): "02/03/2026". */
export function dayOf(value, timeZone) {
  if (!value) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(String(value))) return shortDate(value);
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return String(value);
  const options = { day: "2-digit", month: "2-digit", year: "numeric" };
  try {
    return new Intl.DateTimeFormat("fr-FR", { ...options, timeZone: timeZone || undefined }).format(parsed);
  } catch {
    return new Intl.DateTimeFormat("fr-FR", options).format(parsed);
  }
}

/** Where a pupil was born, the same words as on the attendance sheet: the API's
birthPlaceLabel (« Lille, Nord (59) », « code INSEE 59350, Nord (59) »). */
export function birthPlace(person) {
  if (person.birthPlaceLabel) return person.birthPlaceLabel;
  const place = person.birthCity || (person.birthCityCode ? `code INSEE ${person.birthCityCode}` : "");
  return [place, person.birthCountry].filter(Boolean).join(", ") || "—";
}
