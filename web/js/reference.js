// The API reference page (reference.html): the OpenAPI document the API serves at
// GET {apiUrl}/openapi.json (public), drawn by Swagger UI, vendored in web/vendor/swagger-ui.
// A reference only: no « Try it out ». The document comes through api.js, so that a missing
// or unreachable document is told in French like everywhere else.

import * as api from "./api.js";
import { announce, replaceChildren } from "./dom.js";
import * as paths from "./paths.js";
import { banner } from "./ui.js";

async function loadConfig() {
  try {
    return (await import("../config.js")).default;
  } catch {
    return null;
  }
}

function showProblem(message) {
  replaceChildren(document.getElementById("etat-reference"), banner("error", message));
}

/**
 * Swagger UI draws its own title (the document's, an h1) and its own <main> elements: our h1
 * and our role="main" go, so that the page keeps one h1 and no nested main landmark.
 */
function draw(document_, container) {
  window.SwaggerUIBundle({
    spec: document_,
    domNode: container,
    deepLinking: false,
    supportedSubmitMethods: [],
    validatorUrl: null,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
  });
  document.getElementById("titre-reference").remove();
  document.getElementById("contenu").removeAttribute("role");
  document.getElementById("etat-reference").replaceChildren();
}

async function start() {
  // As in the application: the skip link moves the focus to the content itself.
  document.getElementById("lien-evitement").addEventListener("click", (event) => {
    event.preventDefault();
    document.getElementById("contenu").focus();
  });
  const config = await loadConfig();
  if (!config || !config.apiUrl) {
    showProblem("Le fichier config.js (adresse de l'API) est introuvable : lancez « make run », ou écrivez-le lors du déploiement.");
    return;
  }
  if (typeof window.SwaggerUIBundle !== "function") {
    showProblem("L'outil d'affichage de la référence (vendor/swagger-ui) n'a pas pu être chargé.");
    return;
  }
  api.configure({ apiUrl: config.apiUrl });
  let document_;
  try {
    document_ = await api.get(paths.openapi(), { authenticated: false });
  } catch (failure) {
    const reason = failure.status ? `L'API a répondu ${failure.status}.` : failure.message;
    showProblem(`La référence de l'API est indisponible pour le moment. ${reason}`);
    return;
  }
  if (!document_ || typeof document_.openapi !== "string") {
    showProblem("La référence de l'API est indisponible pour le moment : le document reçu n'est pas un document OpenAPI.");
    return;
  }
  draw(document_, document.getElementById("reference-api"));
  announce("Référence de l'API chargée.");
}

start();
