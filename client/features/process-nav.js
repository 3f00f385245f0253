// The navigation bar at the top of every screen of a process: its title, phase, your role,
// and the screens the server says you may use.
import { h, userText } from "../lib/dom.js";
import { phaseLabel, roleLabel } from "../lib/labels.js";
import { state } from "../lib/state.js";
import { processLinks } from "./process-links.js";

export function processNav(current) {
  const p = state.process;
  return h("nav.process-nav", { "aria-label": "Process" },
    h("p.process-title", userText("span", p.title), " ",
      h("span.badge.phase", phaseLabel(p.phase)), " ",
      h("span.badge.role", roleLabel(p.your_role), p.your_delegation ? ` · ${p.your_delegation}` : "")),
    h("ul", processLinks(p, state.documents, state.latest).map(([key, href, label]) =>
      h("li", h("a", { href, "aria-current": key === current ? "page" : null }, label)))));
}
