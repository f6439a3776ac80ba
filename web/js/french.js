// French as school staff expect to read it, the same conventions as the server's
// (shared/domain/french.py, docs/french.md): counts with real agreement, a school's name after
// « de » with its article, time zones in words. Strings in the source carry U+00A0 (the
// non-breaking space) before « : ; ! ? » and inside « » as they are: nothing rewrites them.

/** The non-breaking space, for text assembled piece by piece. */
export const NBSP = "\u00a0";

/** « 0 candidat ajouté », « 1 candidat ajouté », « 3 candidats ajoutés »: 0 and 1 are singular. */
export function plural(count, singular, pluralForm) {
  return `${count} ${Math.abs(count) < 2 ? singular : pluralForm}`;
}

// First words of a school's name that take « du », « de la » or « de l' » (compared without
// case or accents): the lists of the server's of_center.
const MASCULINE = new Set(["college", "lycee", "groupe", "centre", "campus", "complexe", "pole", "site", "clg", "lp", "lgt", "legt", "lpo", "lt", "cfa", "greta", "cned"]);
const FEMININE = new Set(["cite", "maison", "section", "division", "mfr"]);
const VOWEL_NOUNS = new Set(["ecole", "etablissement", "institut", "institution", "externat", "internat", "ensemble", "erea", "eple", "esat", "unite"]);
const ARTICLES = { le: "du", la: "de la", les: "des" };

const bare = (word) =>
  word
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** A school's name after « de »: « du Collège Anne Frank », « du Lycée … », « de la Cité
scolaire … », « de l'École … », « d'Anne Frank »; an unknown first word keeps « de ». */
export function ofCenter(name) {
  const text = String(name || "").trim().split(/\s+/).join(" ");
  if (!text) return "de l'établissement";
  const [first, ...others] = text.split(" ");
  const word = bare(first);
  if (ARTICLES[word] && others.length) return `${ARTICLES[word]} ${others.join(" ")}`;
  if (MASCULINE.has(word)) return `du ${text}`;
  if (FEMININE.has(word)) return `de la ${text}`;
  if (/^[aeiouy]/.test(word)) return VOWEL_NOUNS.has(word) ? `de l'${text}` : `d'${text}`;
  return `de ${text}`;
}

// The time zones of French schools in words, until the API's `timezoneLabel` is there (the
// names of the server's timezone_label).
const ZONE_NAMES = {
  "Europe/Paris": "heure de Paris",
  "Indian/Reunion": "heure de La Réunion",
  "Indian/Mayotte": "heure de Mayotte",
  "America/Guadeloupe": "heure de la Guadeloupe",
  "America/Martinique": "heure de la Martinique",
  "America/Cayenne": "heure de la Guyane",
  "America/St_Barthelemy": "heure de Saint-Barthélemy",
  "America/Marigot": "heure de Saint-Martin",
  "America/Miquelon": "heure de Saint-Pierre-et-Miquelon",
  "Pacific/Noumea": "heure de la Nouvelle-Calédonie",
  "Pacific/Tahiti": "heure de la Polynésie française",
  "Pacific/Marquesas": "heure des Marquises",
  "Pacific/Gambier": "heure des Gambier",
  "Pacific/Wallis": "heure de Wallis-et-Futuna",
  "Indian/Kerguelen": "heure des Kerguelen",
};

/** « UTC+1 », « UTC-3 », « UTC+5:30 » of `timeZone` now; null when the browser does not know it. */
function utcOffset(timeZone, at = new Date()) {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName");
    const found = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(part ? part.value : "");
    if (!found) return null;
    if (!found[1]) return "UTC";
    const hours = Number(found[2]);
    return `UTC${found[1]}${hours}${found[3] === "00" ? "" : `:${found[3]}`}`;
  } catch {
    return null;
  }
}

/** A session's or a center's time zone in words: the API's `timezoneLabel` when it gives one,
else « heure de La Réunion (UTC+4) » from the IANA name — never the IANA name itself. */
export function timezoneLabel(place) {
  if (!place) return "heure locale";
  if (place.timezoneLabel) return place.timezoneLabel;
  const zone = place.timezone || place.timeZone;
  if (zone === "UTC" || zone === "Etc/UTC") return "temps universel (UTC)";
  const offset = zone ? utcOffset(zone) : null;
  const words = ZONE_NAMES[zone] || "heure locale";
  return offset ? `${words} (${offset})` : words;
}
