// The categories of issue reports (signalements), as on the PV d'incident: code, wording and
// what each category requires (the contract's table; shared/domain/issue_reports.py server-side).

export const CATEGORIES = [
  {
    category: "CANDIDATE_INFORMATIONS_CHANGES",
    code: "C1-C2",
    label: "Modification infos candidat",
    subcategories: [
      { value: "NAME_OR_BIRTHDATE", code: "C1", label: "Modification des prénom/nom/date de naissance" },
      { value: "EXTRA_TIME_PERCENTAGE", code: "C2", label: "Ajout/modification du temps majoré" },
    ],
    description: "required",
    descriptionLabel: "Détaillez les informations qu'il faut modifier",
  },
  {
    category: "LATE_OR_LEAVING",
    code: "C3-C4",
    label: "Retard, absence ou départ",
    subcategories: [
      { value: "LEFT_EXAM_ROOM", code: "C3", label: "Écran de fin de test non vu" },
      { value: "SIGNATURE_ISSUE", code: "C4", label: "Candidat présent mais qui a oublié de signer, ou qui a signé sur la mauvaise ligne" },
    ],
    description: "required",
    descriptionLabel: "Précisez (et indiquez l'heure de sortie)",
  },
  {
    category: "CONNECTION_OR_END_SCREEN",
    code: "C5",
    label: "Connexion et fin de test : le candidat n'a pas pu terminer, faute de temps",
    subcategories: [],
    description: "none",
  },
  {
    category: "FRAUD",
    code: "C6",
    label: "Suspicion de fraude",
    subcategories: [],
    description: "optional",
    descriptionLabel: "Précisions (joignez le PV de fraude à l'étape 2)",
  },
  {
    category: "IN_CHALLENGE",
    code: "E1-E7",
    label: "Problème sur une question",
    subcategories: [
      { value: "IMAGE_NOT_DISPLAYING", code: "E1", label: "L'image ne s'affiche pas" },
      { value: "EMBED_NOT_WORKING", code: "E2", label: "Le simulateur/l'application ne s'affiche pas" },
      { value: "FILE_NOT_OPENING", code: "E3", label: "Le fichier à télécharger ne s'ouvre pas" },
      { value: "WEBSITE_UNAVAILABLE", code: "E4", label: "Le site à visiter est indisponible/en maintenance/inaccessible" },
      { value: "WEBSITE_BLOCKED", code: "E5", label: "Le site est bloqué par les restrictions réseau de l'établissement" },
      { value: "LINK_NOT_WORKING", code: "E6", label: "Le lien ne fonctionne pas" },
      { value: "OTHER", code: "E7", label: "Autre incident lié à une question" },
    ],
    questionNumber: true,
    description: "optional",
    descriptionRequiredFor: ["OTHER"],
    descriptionLabel: "Précisez l'incident",
  },
  {
    category: "TECHNICAL_PROBLEM",
    code: "A1",
    label: "Problème technique",
    subcategories: [],
    description: "required",
    descriptionLabel: "Décrivez l'incident (ex : l'ordinateur s'est éteint, lenteur du réseau…)",
  },
  {
    category: "OTHER",
    code: "A2",
    label: "Autre incident",
    subcategories: [],
    description: "required",
    descriptionLabel: "Décrivez l'incident",
  },
];

export function categoryOf(name) {
  return CATEGORIES.find((c) => c.category === name);
}

/** "E1 — L'image ne s'affiche pas (question 12)" for a stored report. */
export function describeReport(report) {
  const category = categoryOf(report.category);
  const sub = category?.subcategories.find((s) => s.value === report.subcategory);
  const code = report.code || sub?.code || category?.code || report.category;
  const label = sub ? sub.label : category ? category.label : report.category;
  const question = report.questionNumber ? ` (question ${report.questionNumber})` : "";
  return `${code} — ${label}${question}`;
}
