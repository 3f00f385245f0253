// Which screens of a process the navigation offers, by role. Pure: no DOM.
// A rule copy: the server refuses what a role may not do; this only hides the links.
import { latestRevision } from "../lib/revisions.js";

const STAFF = ["co_facilitator", "secretariat"];

/**
 * [[key, href, label], ...] for the process navigation.
 * processLinks({id: 1, your_role: "observer"}, []) ->
 *   [["home", "#/p/1", "Home"], ["amendments", "#/p/1/amendments", "Amendments"], ["timeline", ...], ...]
 */
export function processLinks(process, documents) {
  const p = process;
  const staff = STAFF.includes(p.your_role);
  const delegate = p.your_role === "delegate";
  const doc = documents?.[0];
  const latest = doc ? latestRevision(doc) : null;
  const links = [["home", `#/p/${p.id}`, "Home"]];
  if (latest) links.push(["text", `#/p/${p.id}/text/${doc.id}/${latest.sequence}`, "Text"]);
  links.push(["amendments", `#/p/${p.id}/amendments`, delegate ? "Our amendments" : "Amendments"]);
  if (doc && (staff || delegate)) links.push(["compilation", `#/p/${p.id}/compilation/${doc.id}`, "Compilation"]);
  if (doc && staff) links.push(["working", `#/p/${p.id}/working/${doc.id}`, "Working copy"]);
  if (doc && latest) links.push(["compare", `#/p/${p.id}/compare/${doc.id}`, "Compare"]);
  links.push(["timeline", `#/p/${p.id}/timeline`, "Timeline"]);
  links.push(["consultation", `#/p/${p.id}/consultation`, "Consultation"]);
  links.push(["dashboard", `#/p/${p.id}/dashboard`, "Dashboard"]);
  if (staff) links.push(["manage", `#/p/${p.id}/manage`, "Phases & silence"]);
  return links;
}
