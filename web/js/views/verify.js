// « Vérifier une certification Pix » (#/verifier, #/verifier/P-XXXXXXXX), public: anyone
// holding an attestation — a school, an employer — types its verification code and reads
// what Pix certified (GET /certificates/{code}), or that no published certification has it.

import * as api from "../api.js";
import { h } from "../dom.js";
import { dayOf, shortDate } from "../format.js";
import * as paths from "../paths.js";
import { navigate, setTitle } from "../state.js";
import { authPage, banner, field, tableBox } from "../ui.js";

const TITLE = "Vérifier une certification Pix";

export async function render(context) {
  setTitle(TITLE);
  const code = normalized(decoded(context.args[0] || ""));
  const answer = code ? await lookUp(code) : null;
  return h(
    "div",
    { class: "verify" },
    authPage(
      TITLE,
      "Le code de vérification figure sur l'attestation de certification : « P- » suivi de 8 lettres ou chiffres.",
      codeForm(code),
      answer,
    ),
  );
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What people type: spaces dropped, capitals (the codes have no look-alike characters). */
function normalized(text) {
  return text.replace(/\s+/g, "").toUpperCase();
}

function codeForm(code) {
  const input = field({ name: "code", label: "Code de vérification", value: code, attrs: { autocomplete: "off", spellcheck: "false", autocapitalize: "characters" } });
  const form = h("form", { class: "form", novalidate: true }, input.wrapper, h("div", { class: "actions actions--start" }, h("button", { type: "submit", class: "button" }, "Vérifier")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const wanted = normalized(input.control.value);
    if (wanted) navigate(`/verifier/${encodeURIComponent(wanted)}`);
  });
  return form;
}

async function lookUp(code) {
  try {
    const certificate = await api.get(paths.certificate(code), { authenticated: false });
    return certified(code, certificate);
  } catch (failure) {
    if (failure.status === 404) {
      return h(
        "section",
        { class: "verify__answer", "aria-labelledby": "titre-verification" },
        h("h2", { id: "titre-verification" }, "Certification introuvable"),
        banner("error", `Aucune certification Pix publiée ne correspond au code ${code}. Vérifiez le code saisi : il est imprimé sur l'attestation, sous la forme P-XXXXXXXX.`),
      );
    }
    return banner("error", failure.message);
  }
}

function certified(code, certificate) {
  const item = (label, value) => h("div", { class: "details__item" }, h("dt", {}, label), h("dd", {}, value));
  const table = h(
    "table",
    { class: "table table--compact" },
    h("caption", {}, "Niveau atteint dans chaque compétence (de 0 à 8)"),
    h("thead", {}, h("tr", {}, ["Compétence", "Niveau"].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      certificate.competences.map((c) => h("tr", {}, h("th", { scope: "row" }, `${c.code} ${c.name}`), h("td", {}, String(c.level)))),
    ),
  );
  return h(
    "section",
    { class: "verify__answer", "aria-labelledby": "titre-verification" },
    h("h2", { id: "titre-verification" }, "Certification Pix authentique"),
    banner("success", `Le code ${code} correspond à une certification Pix validée.`),
    h(
      "dl",
      { class: "details" },
      item("Nom", certificate.lastName),
      item("Prénom", certificate.firstName),
      item("Date de naissance", shortDate(certificate.birthdate)),
      item("Score Pix", `${certificate.pixScore} pix`),
      item("Date de certification", dayOf(certificate.certifiedAt)),
    ),
    tableBox(table, { readOnly: true }),
  );
}
