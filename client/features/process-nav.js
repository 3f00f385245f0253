// The navigation bar at the top of every screen of a process: its title, phase, your role,
// and the screens the server says you may use.
import { h, userText } from "../lib/dom.js";
import { phaseLabel, roleLabel } from "../lib/labels.js";
import { state } from "../lib/state.js";
import { t } from "../lib/i18n.js";
import { processLinks } from "./process-links.js";
import { searchHref } from "./search-results.js";
import { yourPart } from "./people-list.js";
import { clustersLink } from "./clusters-summaries.js";
import { renumberLink } from "./renumber-preview.js";
import { parallelLink } from "./parallel-view.js";

/** The search box of every process screen: it opens the search screen (#/p/N/search?q=...). */
function searchBox(p) {
  const box = h("input#nav-search", { type: "search", name: "q", maxlength: "200", dir: "auto", required: true,
    placeholder: t("common.searchPlaceholder"), "aria-label": t("common.searchProcess") });
  return h("form.nav-search", {
    role: "search",
    on: { submit: (e) => { e.preventDefault(); if (box.value.trim()) location.hash = searchHref(p.id, { q: box.value.trim() }); } },
  }, box, h("button", { type: "submit" }, t("common.search")));
}

export function processNav(current) {
  const p = state.process;
  return h("nav.process-nav", { "aria-label": t("common.nav.process") },
    h("p.process-title", userText("span", p.title), " ",
      h("span.badge.phase", phaseLabel(p.phase)), " ",
      h("span.badge.role", yourPart(p, roleLabel), p.your_delegation ? ` · ${p.your_delegation}` : "")),
    h("ul", processLinks(p, state.documents, state.latest).map(([key, href, label]) =>
      h("li", h("a", { href, "aria-current": key === current ? "page" : null }, label))),
      (p.actions ?? []).includes("participants.view") ? h("li", h("a", { href: `#/p/${p.id}/people`, "aria-current": current === "people" ? "page" : null }, t("common.nav.people"))) : null,
      [clustersLink(p), renumberLink(p, state.documents), parallelLink(p, state.documents)].filter(Boolean).map(([key, href, label]) =>
        h("li", h("a", { href, "aria-current": key === current ? "page" : null }, label)))),
    current === "search" ? null : searchBox(p)); // the search screen has its own box
}

/** A screen just drawn from the server's answers shows every change: the "new changes arrived
 * while you were typing" notice (lib/refresh.js), if it was up, is moot. */
export function freshlyDrawn() {
  const stale = document.getElementById("stale");
  if (stale) stale.hidden = true;
}
