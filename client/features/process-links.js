// Which screens of a process the navigation offers: from what the server says the person may
// do (the process's actions; the latest revision's actions for the compilation). Pure: no DOM.
import { latestRevision } from "../lib/revisions.js";
import { t } from "../lib/i18n.js";

/**
 * The actions of which any one opens the screen "Phases, silence and presence" (its presence
 * box is about the participants, hence "participants.manage").
 * TODO(server): who sees presence (core.policy.may_see_presence) has no action code in
 * ProcessOut.actions; the socket refuses others, and the box shows that refusal.
 */
const MANAGING = ["phase.change", "silence.start", "participants.manage"];

/**
 * [[key, href, label], ...] for the process navigation. `latest` is the server's latest
 * revision of the first document (with its `actions`), null before one is published.
 * processLinks({id: 1, actions: ["amendment.view", "input.view"], your_delegation: null}, [], null) ->
 *   [["home", "#/p/1", "Home"], ["amendments", "#/p/1/amendments", "Amendments"], ["timeline", ...], ...]
 */
export function processLinks(process, documents, latest) {
  const p = process;
  const may = (action) => (p.actions ?? []).includes(action);
  const doc = documents?.[0];
  const published = doc ? latestRevision(doc) : null;
  const links = [["home", `#/p/${p.id}`, t("common.nav.home")]];
  if (published) links.push(["text", `#/p/${p.id}/text/${doc.id}/${published.sequence}`, t("common.nav.text")]);
  if (may("amendment.view")) links.push(["amendments", `#/p/${p.id}/amendments`, p.your_delegation ? t("common.nav.ourAmendments") : t("common.nav.amendments")]);
  if (doc && latest?.actions?.includes("view_compilation")) links.push(["compilation", `#/p/${p.id}/compilation/${doc.id}`, t("common.nav.compilation")]);
  if (doc && may("working_copy.view")) links.push(["working", `#/p/${p.id}/working/${doc.id}`, t("common.nav.working")]);
  if (published) links.push(["compare", `#/p/${p.id}/compare/${doc.id}`, t("common.nav.compare")]);
  links.push(["timeline", `#/p/${p.id}/timeline`, t("common.nav.timeline")]);
  if (may("input.view")) links.push(["consultation", `#/p/${p.id}/consultation`, t("common.nav.consultation")]);
  links.push(["dashboard", `#/p/${p.id}/dashboard`, t("common.nav.dashboard")]);
  if (may("participants.view")) links.push(["delegations", `#/p/${p.id}/delegations`, t("common.nav.delegations")]);
  if (MANAGING.some(may)) links.push(["manage", `#/p/${p.id}/manage`, t("common.nav.manage")]);
  return links;
}
