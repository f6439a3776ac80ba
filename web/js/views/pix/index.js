// « Espace Pix » : Pix staff (the `pix-admin` group) process the finalized sessions of every
// center — the queues (#/pix), the sessions overdue under the 48-hour rule (#/pix/retard), a
// session's full view (#/pix/sessions/N) — and a search by session number on each screen.

import { h } from "../../dom.js";
import { setTitle, takeFlash } from "../../state.js";
import { overdueSection } from "./overdue.js";
import { queuesSection } from "./queues.js";
import { searchForm } from "./search.js";
import { sessionPage } from "./session.js";

export async function render(context) {
  if (context.name === "pixSession") return sessionPage(context.args[0]);
  const overdue = context.name === "pixOverdue";
  setTitle(overdue ? "Sessions en retard — Espace Pix" : "Espace Pix");
  return h(
    "div",
    { class: "page" },
    h(
      "div",
      { class: "page-heading" },
      h("h1", {}, "Espace Pix"),
      searchForm(),
    ),
    takeFlash(),
    tabs(overdue),
    overdue ? await overdueSection(context) : await queuesSection(context),
  );
}

function tabs(overdue) {
  const tab = (href, label, current) => h("a", { href: `#${href}`, class: "tabs__tab", "aria-current": current ? "page" : null }, label);
  return h(
    "nav",
    { class: "tabs", "aria-label": "Écrans de l'Espace Pix" },
    tab("/pix", "Sessions à traiter", !overdue),
    tab("/pix/retard", "Finalisations en retard", overdue),
  );
}
