// The 16 competences of the Pix framework (référentiel Pix, 5 domains), in order, with their
// French names — the ones printed on attestations (shared/domain/results.py server-side;
// tests/browser/test_web_sources.py checks that both lists are the same).

export const COMPETENCES = [
  { code: "1.1", name: "Mener une recherche et une veille d'information" },
  { code: "1.2", name: "Gérer des données" },
  { code: "1.3", name: "Traiter des données" },
  { code: "2.1", name: "Interagir" },
  { code: "2.2", name: "Partager et publier" },
  { code: "2.3", name: "Collaborer" },
  { code: "2.4", name: "S'insérer dans le monde numérique" },
  { code: "3.1", name: "Développer des documents textuels" },
  { code: "3.2", name: "Développer des documents multimédia" },
  { code: "3.3", name: "Adapter les documents à leur finalité" },
  { code: "3.4", name: "Programmer" },
  { code: "4.1", name: "Sécuriser l'environnement numérique" },
  { code: "4.2", name: "Protéger les données personnelles et la vie privée" },
  { code: "4.3", name: "Protéger la santé, le bien-être et l'environnement" },
  { code: "5.1", name: "Résoudre des problèmes techniques" },
  { code: "5.2", name: "Construire un environnement numérique" },
];

/** A result's status as staff and schools read it. */
export const RESULT_STATUS = {
  VALIDATED: "Validée",
  REJECTED: "Rejetée",
  CANCELLED: "Annulée",
};
