// The list of the room's pupils: one card per pupil (pupil-card.js), kept across refreshes.
// A refresh updates the cards in place, adds a pupil enrolled meanwhile, removes one who left
// the session, and moves a card only when the order changed — giving the focus back if the
// card being moved held it.

import { h } from "../../dom.js";
import { pupilCard } from "./pupil-card.js";

export function pupilList(actions) {
  const element = h("ul", { class: "pupils", "aria-label": "Élèves de la session" });
  const cards = new Map();
  const update = (candidates) => {
    if (candidates.length) element.querySelector(".pupils__empty")?.remove();
    const seen = new Set();
    candidates.forEach((candidate, index) => {
      seen.add(candidate.candidateId);
      let card = cards.get(candidate.candidateId);
      if (card) card.update(candidate);
      else {
        card = pupilCard(candidate, actions);
        cards.set(candidate.candidateId, card);
      }
      const here = element.children[index];
      if (here !== card.element) {
        const focused = card.element.contains(document.activeElement) ? document.activeElement : null;
        element.insertBefore(card.element, here || null);
        if (focused) focused.focus({ preventScroll: true });
      }
    });
    for (const [id, card] of cards) {
      if (seen.has(id)) continue;
      if (card.element.contains(document.activeElement)) element.closest(".page")?.querySelector("h1")?.focus();
      card.element.remove();
      cards.delete(id);
    }
    if (!candidates.length && !element.children.length) element.append(h("li", { class: "pupils__empty" }, "Aucun élève n'est inscrit à cette session."));
  };
  return {
    element,
    update,
    candidates: () => [...cards.values()].map((card) => card.candidate),
    tick: (now) => {
      for (const card of cards.values()) card.tick(now);
    },
  };
}
