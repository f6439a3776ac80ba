// « Rechercher un élève » (« Élèves », « Ajouter des candidats ») : a name search over the
// school's roster. The API lists pupils by class, page by page, with no search by name: with a
// search, every page of the checked classes is read (100 pupils a request) and the names are
// matched here — accents, case, hyphens and the order of the words do not matter.

import { h, uid } from "./dom.js";

const SEARCH_PAGE_SIZE = 100;
const DELAY_MS = 250;

/** "Zoé MARTIN-LEROY" → ["zoe", "martin", "leroy"] */
function words(text) {
  return String(text || "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Does every word typed start a word of the pupil's names (birth name, first name)? */
export function nameMatches(student, query) {
  const typed = words(query);
  const own = words(`${student.lastName} ${student.firstName}`);
  return typed.every((word) => own.some((name) => name.startsWith(word)));
}

/** A page of pupils as the API gives it ({items, total, page, pageSize}): the API's page when
nothing is typed, else the page `view.page` of the pupils whose names match. `fetchPage(query)`
makes the API call (its path built by the screen, in paths.js). */
export async function studentsPage(fetchPage, view) {
  if (!words(view.query).length) {
    return fetchPage({ division: view.divisions, page: view.page, pageSize: view.pageSize });
  }
  const all = [];
  for (let page = 1; ; page += 1) {
    const answer = await fetchPage({ division: view.divisions, page, pageSize: SEARCH_PAGE_SIZE });
    all.push(...answer.items);
    if (!answer.items.length || page * SEARCH_PAGE_SIZE >= answer.total) break;
  }
  const matching = all.filter((student) => nameMatches(student, view.query));
  const start = (view.page - 1) * view.pageSize;
  return { items: matching.slice(start, start + view.pageSize), total: matching.length, page: view.page, pageSize: view.pageSize, query: view.query };
}

/** The search field; onSearch(text) runs a moment after typing stops, or at once on Enter
(which never submits the form around it). */
export function searchField(onSearch) {
  const inputId = uid("recherche-eleve");
  let timer = null;
  const run = (text) => {
    clearTimeout(timer);
    onSearch(text);
  };
  const input = h("input", {
    type: "search",
    id: inputId,
    class: "search__input",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": `${inputId}-aide`,
    oninput: () => {
      clearTimeout(timer);
      timer = setTimeout(() => run(input.value), DELAY_MS);
    },
    onkeydown: (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      run(input.value);
    },
  });
  return h(
    "div",
    { class: "field search", role: "search" },
    h("label", { for: inputId }, "Rechercher un élève"),
    h("p", { class: "field__hint", id: `${inputId}-aide` }, "Nom de naissance ou prénom, dans les classes cochées (toutes si aucune)."),
    input,
  );
}
