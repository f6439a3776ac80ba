// « Filtrer par classe » : one checkbox per class of the school (« Ajouter des candidats »,
// « Élèves »).

import { h, uid } from "./dom.js";

/** onChange(divisions) gets the checked classes, in the order they were checked. */
export function classFilter(classes, onChange) {
  let divisions = [];
  return h(
    "fieldset",
    { class: "filter" },
    h("legend", {}, "Filtrer par classe"),
    h(
      "div",
      { class: "filter__options" },
      classes.map((division) => {
        const boxId = uid("classe");
        return h(
          "span",
          { class: "chip" },
          h("input", {
            type: "checkbox",
            id: boxId,
            value: division,
            onchange: (event) => {
              if (event.target.checked) divisions.push(division);
              else divisions = divisions.filter((d) => d !== division);
              onChange([...divisions]);
            },
          }),
          h("label", { for: boxId }, division),
        );
      }),
    ),
    classes.length ? null : h("p", { class: "muted" }, "Aucune classe : ", h("a", { href: "#/eleves/import" }, "importez d'abord la liste des élèves"), "."),
  );
}
