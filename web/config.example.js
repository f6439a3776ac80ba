// Modèle de web/config.js : `make run` l'écrit pour la pile locale, le déploiement pour un
// stage (voir docs/deployment.md). apiUrl : l'adresse de l'API, sans barre oblique finale.
export default Object.freeze({ apiUrl: "https://api.certif-sco.example.fr/api" });
