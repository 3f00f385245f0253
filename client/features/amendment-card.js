// What the amendment screens show: the controls of a card (exactly the actions the server
// lists for the amendment), the stances, how the proposal form helps with each kind, the
// list's filters and grouping. Pure: no DOM.
import { t, locale, hasMessage } from "../lib/i18n.js";
import { nameOf } from "../lib/names.js";

/** The card's controls, in the order shown; an action without a control here is not shown. */
const CONTROLS = ["submit", "withdraw", "revise", "set_co_proponents", "accept_co_sponsorship",
  "decline_co_sponsorship", "withdraw_co_sponsorship", "take_stance", "apply", "decide"];

/**
 * The controls an amendment card shows: the server's `actions` for it, nothing more.
 * cardControls({actions: ["withdraw", "set_co_proponents"]}) -> ["withdraw", "set_co_proponents"]
 */
export function cardControls(amendment) {
  return CONTROLS.filter((c) => (amendment.actions ?? []).includes(c));
}

/**
 * Its paragraph's name in the reader's language, as a sentence puts it (`context`: see
 * lib/names.js), from the server's unit_name_parts, else its English unit_name.
 * paragraphName({unit_name: "the chapeau of Article 1", unit_name_parts: {form: "chapeau_of", of: {form: "article", number: "1"}}}, "to")
 *   -> "au chapeau de l’article 1" (fr)
 */
export function paragraphName(a, context) {
  return nameOf(a.unit_name_parts, a.unit_name, context);
}

/**
 * How an amendment is named on screen: by its delegation and paragraph, as the server names
 * them. amendmentName({delegation: "MEX", delegation_name: "Mexico", unit_name: "OP12"}) -> "Mexico on OP12"
 */
export function amendmentName(a) {
  return t("amending.card.name", { delegation: a.delegation_name ?? a.delegation, paragraph: paragraphName(a, "on") ?? t("amending.card.aParagraph") });
}

/**
 * What a person's own action on an amendment did, in one sentence (its notice):
 * actionNotice("submit", {delegation_name: "Mexico", unit_name: "OP12"}) -> "Mexico submitted an amendment to OP12."
 */
export function actionNotice(action, a, detail = "") {
  const name = amendmentName(a);
  switch (action) {
    case "draft": return t("amending.notice.draft", { paragraph: paragraphName(a, "to") });
    case "submit": return t("amending.notice.submit", { delegation: a.delegation_name, paragraph: paragraphName(a, "to") });
    case "withdraw": return t("amending.notice.withdraw", { delegation: a.delegation_name, paragraph: paragraphName(a, "to") });
    case "support": return t("amending.notice.support", { name });
    case "oppose": return t("amending.notice.oppose", { name });
    case "stance_taken_back": return t("amending.notice.stanceTakenBack", { name });
    case "decide": return t("amending.notice.decide", { name, decision: detail.toLocaleLowerCase(locale()) });
    case "co_proponents": return t("amending.notice.coProponents", { name });
    case "accept_co_sponsorship": return t("amending.notice.accept", { name });
    case "decline_co_sponsorship": return t("amending.notice.decline", { name });
    case "withdraw_co_sponsorship": return t("amending.notice.withdrawCoSponsorship", { name });
    case "apply": return t("amending.notice.apply", { name, detail });
    default: return t("amending.notice.changed", { name });
  }
}

/** The stance your delegation took on it: "support", "oppose" or null. */
export function yourStance(amendment, delegation) {
  if (!delegation) return null;
  if (amendment.supporters.includes(delegation)) return "support";
  if (amendment.opposers.includes(delegation)) return "oppose";
  return null;
}

/** Only a change of words is previewed as a diff against the paragraph (the others are new texts). */
export const kindShowsPreview = (kind) => kind === "change_words";

/**
 * The proposal's text after the kind changed: a new paragraph or an alternative starts
 * empty rather than as a copy of the paragraph; a change of words starts from the paragraph.
 * proposedText("alternative", "Same text", "Same text") -> ""
 * proposedText("change_words", "", "Same text") -> "Same text"
 */
export function proposedText(kind, current, unitText) {
  if (kind === "add_unit" || kind === "alternative") return current === unitText ? "" : current;
  if (kind === "change_words" && !current) return unitText;
  return current;
}

/** A card shows the server's word diff for a change of words, else the proposed text. */
export const showsDiff = (a) => !!a.diff && a.kind === "change_words";

/** "Supported by MEX, EU. Opposed by RUS." ("" when no delegation took a stance). */
export function stancesText(a) {
  return (a.supporters.length ? t("amending.stances.supported", { names: a.supporters.join(t("common.listSeparator")) }) : "")
    + (a.opposers.length ? t("amending.stances.opposed", { names: a.opposers.join(t("common.listSeparator")) }) : "");
}

/**
 * Why a carried amendment came out as it did: {text, lang}. In the person's language from the
 * server's reason_code (lang null: the page's own); words it has no code for come as the
 * server stored them, in English (lang "en").
 * carriedReasonText({reason: "…", reason_code: "rewritten", reason_facts: {percent: 40}})
 *   -> {text: "the paragraph was rewritten: 40% of its words remain", lang: null}
 */
export function carriedReasonText(c) {
  const key = `amending.carried.reason.${c.reason_code}`;
  if (c.reason_code && hasMessage(key)) return { text: t(key, c.reason_facts ?? {}), lang: null };
  return { text: c.reason ?? "", lang: "en" };
}

/** How each answer to an invitation to co-sponsor reads, in the order shown. */
const CO_SPONSOR_ORDER = ["accepted", "invited", "declined", "withdrawn"];

/**
 * Who the proposer named and where each stands, by name, as the server says:
 * coSponsorsText({co_sponsors: [{delegation_name: "China", status: "invited"},
 *   {delegation_name: "European Union", status: "accepted"}]})
 *   -> "Co-sponsored by European Union. Invited to co-sponsor: China."
 * ("" when the proposer named nobody.)
 */
export function coSponsorsText(a) {
  const named = a.co_sponsors ?? [];
  return CO_SPONSOR_ORDER.map((status) => {
    const names = named.filter((c) => c.status === status).map((c) => c.delegation_name);
    return names.length ? t(`amending.coSponsors.${status}`, { names: names.join(t("common.listSeparator")) }) : "";
  }).filter(Boolean).join(" ");
}

/** The delegations the proposer named (whatever their answer): the boxes ticked when it edits them. */
export const namedCoSponsors = (a) => (a.co_sponsors ?? []).map((c) => c.delegation);

/** Where the delegation stands on an invitation, in words for its checkbox ("" when not named). */
export function coSponsorStanding(a, code) {
  const status = (a.co_sponsors ?? []).find((c) => c.delegation === code)?.status;
  return ["invited", "accepted", "declined", "withdrawn"].includes(status) ? t(`amending.standing.${status}`) : "";
}

/** The amendment list's filters from the address; a delegation sees its own by default. */
export function listFilters(query, yourDelegation) {
  return {
    delegation: query.get("delegation") ?? (yourDelegation ?? ""),
    state: query.get("state") ?? "",
    kind: query.get("kind") ?? "",
  };
}

/** The list's title: a delegation looking at its own amendments reads what became of them. */
export function listTitle(filters, yourDelegation) {
  return yourDelegation && filters.delegation === yourDelegation
    ? t("amending.list.titleOwn", { delegation: yourDelegation }) : t("amending.list.title");
}

/** The states listed first: the amendments awaiting a decision, before the decided ones. */
export const PENDING_STATES = ["submitted"];

/**
 * {state: [amendment, ...]}: the pending decisions first (PENDING_STATES), then the other
 * states in order of first appearance.
 */
export function groupByState(list) {
  const byState = {};
  for (const s of PENDING_STATES) if ((list ?? []).some((a) => a.state === s)) byState[s] = [];
  for (const a of list ?? []) (byState[a.state] ??= []).push(a);
  return byState;
}

/**
 * The body applying one amendment to the working copy: as proposed, or with the text as the
 * pen-holder reworded it; decided at the same time when a decision is chosen.
 * applicationBody({id: 7, version: 2, text: "A."}, 5, {text: "A.", decision: ""})
 *   -> {base_version: 5, amendments: [{amendment: 7, base_version: 2}]}
 */
export function applicationBody(a, workingVersion, { text, decision }) {
  const item = { amendment: a.id, base_version: a.version };
  if (a.text !== null && text !== undefined && text !== a.text) item.text = text;
  if (decision) item.decision = decision;
  return { base_version: workingVersion, amendments: [item] };
}
