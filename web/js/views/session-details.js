// « Session N » : the Détails tab and the Candidats tab.

import * as api from "../api.js";
import * as auth from "../auth.js";
import { announce, h, icon, uid } from "../dom.js";
import { downloadCsv, downloadPdf } from "../download.js";
import { birthPlace, CANDIDATE_STATUS, fullName, isFinalized, longDate, sessionStatusLabel, shortDate, statusClass } from "../format.js";
import * as paths from "../paths.js";
import { deadlineBanner, sessionChanged } from "../session-banners.js";
import { center, flash, navigate, selectCenter, setTitle, state, takeFlash } from "../state.js";
import { cardsOnPhones, clearErrors, confirmDialog, copyButton, showErrors, visuallyHidden } from "../ui.js";

const JOINED_EXPLANATION = "Ce candidat a déjà rejoint la session. Vous ne pouvez pas le supprimer.";

export async function render(context) {
  const id = context.args[0];
  const session = await api.get(paths.session(id));
  if (state.me && state.me.memberships.some((m) => m.centerId === session.centerId) && auth.currentCenterId() !== session.centerId) {
    selectCenter(session.centerId);
  }
  const place = await center(session.centerId);
  const candidates = context.name === "details" ? null : (await api.get(paths.sessionCandidates(id))).items;
  setTitle({ candidates: `Candidats de la session ${id}`, results: `Résultats de la session ${id}` }[context.name] || `Session ${id}`);
  return h(
    "div",
    { class: "page" },
    sessionHeader(session),
    takeFlash(),
    deadlineBanner(session, place),
    tabs(session, context.name),
    { candidates: () => candidatesTab(session, candidates), results: () => resultsTab(session, candidates) }[context.name]?.() || detailsTab(session),
  );
}

function sessionHeader(session) {
  return h(
    "div",
    { class: "session-header" },
    h(
      "div",
      { class: "session-header__title" },
      h("a", { href: "#/sessions", class: "back-arrow", "aria-label": "Retour aux sessions de certification" }, "←"),
      h("h1", {}, `Session ${session.id}`),
      h("span", { class: `status status--${statusClass(session)}` }, sessionStatusLabel(session)),
    ),
    h(
      "dl",
      { class: "session-header__when" },
      h("div", {}, h("dt", {}, "Date"), h("dd", {}, longDate(session.date))),
      h("div", {}, h("dt", {}, "Heure de début (heure locale)"), h("dd", {}, session.time)),
    ),
    h(
      "button",
      {
        type: "button",
        class: "button",
        onclick: (event) =>
          downloadPdf(event.currentTarget, (options) => api.get(paths.attendanceSheet(session.id), options), `feuille-emargement-session-${session.id}.pdf`),
      },
      icon("download"),
      "Télécharger le PV",
    ),
  );
}

function tabs(session, current) {
  const tab = (href, label, name) =>
    h("a", { href: `#${href}`, class: "tabs__tab", "aria-current": current === name ? "page" : null }, label);
  return h(
    "nav",
    { class: "tabs", "aria-label": "Onglets de la session" },
    tab(`/sessions/${session.id}`, "Détails", "details"),
    tab(`/sessions/${session.id}/candidats`, `Candidats (${session.candidatesCount})`, "candidates"),
    session.status === "PROCESSED" ? tab(`/sessions/${session.id}/resultats`, "Résultats", "results") : null,
  );
}

function detailsTab(session) {
  const item = (label, ...value) => h("div", { class: "details__item" }, h("dt", {}, label), h("dd", {}, value));
  const actions = [];
  if (session.status === "CREATED" && session.startedCount === 0) {
    actions.push(h("a", { href: `#/sessions/${session.id}/modifier`, class: "button button--secondary" }, "Modifier"));
  }
  if (session.status === "CREATED" && session.startedCount > 0) {
    actions.push(h("a", { href: `#/sessions/${session.id}/finalisation`, class: "button" }, "Finaliser la session"));
  }
  if (session.status === "CREATED" && session.startedCount > 0) {
    // Pupils joined: only the observations may still change, until finalization.
    actions.push(h("a", { href: `#/sessions/${session.id}/modifier`, class: "button button--secondary" }, "Compléter les observations"));
  }
  if (session.status === "PROCESSED") {
    actions.push(h("a", { href: `#/sessions/${session.id}/resultats`, class: "button" }, "Voir les résultats"));
  }
  if (isFinalized(session)) {
    actions.push(h("a", { href: `#/sessions/${session.id}/finalisation`, class: "button button--secondary" }, "Voir la finalisation"));
  }
  if (session.status === "CREATED" && session.startedCount === 0) {
    actions.push(
      h("button", { type: "button", class: "button button--danger-ghost", onclick: () => deleteSession(session) }, "Supprimer la session"),
    );
  }
  return h(
    "section",
    { class: "card", "aria-labelledby": "titre-details" },
    h("h2", { id: "titre-details", class: "visually-hidden" }, "Détails de la session"),
    h(
      "dl",
      { class: "details" },
      // The session's number once, under the seed's label (the pupils and the invigilator
      // type it: « ID session » is the number they are given).
      item(
        "ID session",
        h("span", { class: "code", "data-testid": "numero-session" }, String(session.id)),
        copyButton(String(session.id), "le numéro de session"),
      ),
      item("Nom du site", session.address),
      item("Salle", session.room),
      item("Surveillant(s)", session.examiner),
      item(
        "Code d'accès",
        h("span", { class: "code code--strong", "data-testid": "code-acces" }, session.accessCode),
        copyButton(session.accessCode, "le code d'accès"),
      ),
    ),
    h(
      "p",
      { class: "muted" },
      "Transmettez au surveillant l'ID session (pour rejoindre la session) et le code d'accès (pour démarrer le test).",
    ),
    session.status === "CREATED" ? examDay(session) : null,
    h("h3", { class: "details__subtitle" }, "Observations"),
    h("p", { class: "details__observations" }, session.description || "Aucune observation."),
    actions.length ? h("div", { class: "actions actions--start" }, actions) : null,
  );
}

/** The invigilator's side: the supervisor password (hidden until « Afficher »), the kit, the portal. */
function examDay(session) {
  const masked = () => [h("span", { "aria-hidden": "true" }, "••••••••"), visuallyHidden("Mot de passe masqué")];
  const value = h("span", { class: "code code--strong", "data-testid": "mot-de-passe-surveillant" }, masked());
  const toggle = h(
    "button",
    {
      type: "button",
      class: "button button--secondary button--small",
      "aria-pressed": "false",
      onclick: () => {
        const shown = toggle.getAttribute("aria-pressed") !== "true";
        toggle.setAttribute("aria-pressed", String(shown));
        toggle.firstChild.textContent = shown ? "Masquer" : "Afficher";
        value.replaceChildren(...(shown ? [session.supervisorPassword] : masked()));
      },
    },
    h("span", {}, "Afficher"),
    visuallyHidden(" le mot de passe surveillant"),
  );
  return h(
    "section",
    { class: "exam-day", "aria-labelledby": "titre-jour-j" },
    h("h3", { id: "titre-jour-j", class: "details__subtitle" }, "Le jour de la session : le surveillant"),
    h(
      "p",
      { class: "exam-day__password" },
      h("span", { class: "exam-day__label" }, "Mot de passe surveillant"),
      value,
      toggle,
      copyButton(session.supervisorPassword, "le mot de passe surveillant", { label: "Copier", copied: "Mot de passe copié" }),
    ),
    h(
      "p",
      { class: "muted" },
      "Avec le numéro de session et ce mot de passe, le surveillant ouvre l'espace surveillant : il confirme la présence de chaque élève, autorise une reprise, met fin à un test et fait les signalements. Le kit surveillant réunit tout cela sur une page à imprimer.",
    ),
    h(
      "div",
      { class: "actions actions--start exam-day__actions" },
      h(
        "button",
        {
          type: "button",
          class: "button button--secondary",
          onclick: (event) =>
            downloadPdf(event.currentTarget, (options) => api.get(paths.invigilatorKit(session.id), options), `kit-surveillant-session-${session.id}.pdf`),
        },
        icon("download"),
        "Télécharger le kit surveillant",
      ),
      h("a", { href: `#/surveillant?session=${session.id}`, class: "button button--secondary" }, "Ouvrir l'espace surveillant"),
    ),
  );
}

async function deleteSession(session) {
  const confirmed = await confirmDialog({
    title: `Supprimer la session ${session.id} ?`,
    message: "La session et ses candidats inscrits seront supprimés. Cette action est définitive.",
    confirmLabel: "Supprimer la session",
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.del(paths.session(session.id));
    flash("success", `La session ${session.id} a été supprimée.`);
    navigate("/sessions");
  } catch (failure) {
    flash("error", failure.message);
    navigate(`/sessions/${session.id}`);
  }
}

/** « Résultats » (a processed session): per class of its candidates, the class's published
results (CSV) and attestations (PDF), downloaded with the account's token. */
function resultsTab(session, candidates) {
  const section = (...content) => h("section", { class: "card", "aria-labelledby": "titre-resultats" }, h("h2", { id: "titre-resultats" }, "Résultats"), content);
  if (session.status !== "PROCESSED") {
    return section(h("p", { class: "muted" }, "Les résultats de cette session n'ont pas encore été transmis par Pix."));
  }
  const divisions = [...new Set(candidates.filter((c) => c.status !== "ENROLLED").map((c) => c.division || ""))].filter(Boolean).sort();
  const download = (division, kind) => {
    const csv = kind === "csv";
    const what = csv ? "les résultats" : "les attestations";
    return h(
      "button",
      {
        type: "button",
        class: csv ? "button button--secondary" : "button",
        onclick: (event) =>
          csv
            ? downloadCsv(event.currentTarget, (options) => api.get(paths.centerResults(session.centerId, division), options), `resultats-${division}.csv`)
            : downloadPdf(event.currentTarget, (options) => api.get(paths.centerAttestations(session.centerId, division), options), `attestations-${division}.pdf`),
      },
      icon("download"),
      csv ? "Résultats (CSV)" : "Attestations (PDF)",
      visuallyHidden(` : télécharger ${what} de la classe ${division}`),
    );
  };
  return section(
    h("p", {}, "Pour chaque classe des candidats de cette session : les résultats publiés de la classe (un fichier CSV qu'un tableur ouvre directement) et les attestations de ses élèves certifiés (un PDF, une page par élève, avec son code de vérification)."),
    divisions.length
      ? h(
          "ul",
          { class: "results-divisions" },
          divisions.map((division) =>
            h("li", { class: "results-divisions__item", dataset: { division } }, h("h3", { class: "results-divisions__name" }, `Classe ${division}`), h("div", { class: "actions actions--start" }, download(division, "csv"), download(division, "pdf"))),
          ),
        )
      : h("p", { class: "muted" }, "Aucun candidat de cette session n'a de classe."),
    h("p", { class: "muted" }, "Chacun peut vérifier une attestation avec son code sur la page ", h("a", { href: "#/verifier" }, "Vérifier une certification Pix"), "."),
  );
}

function candidatesTab(session, candidates) {
  const open = session.status === "CREATED";
  const addButton = open
    ? h("a", { href: `#/sessions/${session.id}/candidats/ajouter`, class: "button" }, "Ajouter des candidats")
    : null;
  const heading = h(
    "div",
    { class: "section-heading" },
    h("h2", {}, `Liste des candidats (${candidates.length})`),
    addButton,
  );
  if (!candidates.length) {
    return h(
      "section",
      { class: "card" },
      heading,
      h("div", { class: "empty" }, h("p", { class: "empty__title" }, "Ajouter une liste d'élèves et c'est parti !")),
    );
  }
  const table = h(
    "table",
    { class: "table" },
    h("caption", {}, `Candidats inscrits à la session ${session.id}`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Nom de naissance", "Prénom", "Date de naissance", "Classe", "Lieu de naissance", "Temps majoré", "Statut", "N° de certification"].map(
          (label) => h("th", { scope: "col" }, label),
        ),
        open ? h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")) : null,
      ),
    ),
    h("tbody", {}, candidates.map((candidate) => candidateRow(session, candidate, open))),
  );
  return h("section", { class: "card" }, heading, h("div", { class: "table-wrapper" }, cardsOnPhones(table)));
}

function candidateRow(session, candidate, open) {
  const name = fullName(candidate);
  const joined = candidate.status !== "ENROLLED";
  const extraCell = h("td", {}, extraTimeView(session, candidate, open));
  let actions = null;
  if (open) {
    const explanationId = uid("explication");
    const trash = h(
      "button",
      {
        type: "button",
        class: "button button--icon button--danger-ghost",
        "aria-label": `Supprimer ${name} de la session`,
        "aria-disabled": joined ? "true" : null,
        "aria-describedby": joined ? explanationId : null,
        title: joined ? JOINED_EXPLANATION : `Supprimer ${name}`,
        onclick: () => (joined ? announce(JOINED_EXPLANATION) : removeCandidate(session, candidate)),
      },
      icon("trash"),
    );
    actions = h(
      "td",
      { class: "cell--actions" },
      trash,
      joined ? h("span", { id: explanationId, class: "visually-hidden" }, JOINED_EXPLANATION) : null,
    );
  }
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, candidate.lastName),
    h("td", {}, candidate.firstName),
    h("td", {}, shortDate(candidate.birthdate)),
    h("td", {}, candidate.division || ""),
    h("td", {}, birthPlace(candidate)),
    extraCell,
    h("td", {}, h("span", { class: `status status--candidate-${candidate.status.toLowerCase()}` }, CANDIDATE_STATUS[candidate.status] || candidate.status)),
    h("td", {}, candidate.certificationNumber ? String(candidate.certificationNumber) : "—"),
    actions,
  );
}

function extraTimeView(session, candidate, open) {
  const text = candidate.extraTimePercentage ? `${candidate.extraTimePercentage}\u00a0%` : "—";
  const container = h("div", { class: "extra-time" }, h("span", {}, text));
  if (open) {
    container.append(
      h(
        "button",
        {
          type: "button",
          class: "button button--link",
          "aria-label": `Modifier le temps majoré de ${fullName(candidate)}`,
          onclick: () => container.replaceWith(extraTimeForm(session, candidate)),
        },
        "Modifier",
      ),
    );
  }
  return container;
}

function extraTimeForm(session, candidate) {
  const inputId = uid("temps-majore");
  const input = h("input", {
    id: inputId,
    type: "number",
    min: "0",
    max: "99",
    step: "1",
    inputmode: "numeric",
    class: "input--short",
    value: String(candidate.extraTimePercentage || 0),
    "aria-describedby": `${inputId}-erreur`,
  });
  const form = h(
    "form",
    { class: "extra-time extra-time--editing", novalidate: true },
    h("label", { for: inputId, class: "visually-hidden" }, `Temps majoré de ${fullName(candidate)} (en %)`),
    input,
    h("span", { "aria-hidden": "true" }, "%"),
    h("button", { type: "submit", class: "button button--small" }, "Enregistrer"),
    h(
      "button",
      { type: "button", class: "button button--small button--secondary", onclick: () => form.replaceWith(extraTimeView(session, candidate, true)) },
      "Annuler",
    ),
    h("p", { class: "field__error", id: `${inputId}-erreur`, dataset: { errorFor: "extraTimePercentage" } }),
    h("p", { class: "form-error visually-hidden", tabindex: "-1", hidden: true }),
  );
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    const view = extraTimeView(session, candidate, true);
    form.replaceWith(view);
    view.querySelector("button")?.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const raw = input.value.trim();
    const value = raw === "" ? 0 : Number(raw);
    try {
      const updated = await api.patch(paths.sessionCandidate(session.id, candidate.id), {
        extraTimePercentage: Number.isInteger(value) ? value : raw,
      });
      Object.assign(candidate, updated);
      // The deadline stretches with the largest extra time: the banner says so at once.
      sessionChanged(session.id);
      const view = extraTimeView(session, candidate, true);
      form.replaceWith(view);
      view.querySelector("button")?.focus();
      announce(`Temps majoré de ${fullName(candidate)} enregistré : ${candidate.extraTimePercentage}\u00a0%.`);
    } catch (failure) {
      showErrors(form, failure);
    }
  });
  window.setTimeout(() => input.focus(), 0);
  return form;
}

async function removeCandidate(session, candidate) {
  const confirmed = await confirmDialog({
    title: "Supprimer ce candidat ?",
    message: `L'inscription de ${fullName(candidate)} à la session ${session.id} sera supprimée.`,
    confirmLabel: "Supprimer",
    danger: true,
  });
  if (!confirmed) return;
  try {
    await api.del(paths.sessionCandidate(session.id, candidate.id));
    flash("success", `L'inscription de ${fullName(candidate)} à la session a été supprimée.`);
  } catch (failure) {
    flash("error", failure.message);
  }
  navigate(`/sessions/${session.id}/candidats`);
}
