// What the amendment screens show: the controls of a card (exactly the actions the server
// lists for the amendment), the stances, how the proposal form helps with each kind, the
// list's filters and grouping. Pure: no DOM.

/** The card's controls, in the order shown; an action without a control here is not shown. */
const CONTROLS = ["submit", "withdraw", "revise", "set_co_proponents", "take_stance", "decide"];

/**
 * The controls an amendment card shows: the server's `actions` for it, nothing more.
 * cardControls({actions: ["withdraw", "set_co_proponents"]}) -> ["withdraw", "set_co_proponents"]
 */
export function cardControls(amendment) {
  return CONTROLS.filter((c) => (amendment.actions ?? []).includes(c));
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
  return (a.supporters.length ? `Supported by ${a.supporters.join(", ")}. ` : "")
    + (a.opposers.length ? `Opposed by ${a.opposers.join(", ")}.` : "");
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
    ? `Amendments of ${yourDelegation} and what became of them` : "Amendments";
}

/** {state: [amendment, ...]}, the states in order of first appearance. */
export function groupByState(list) {
  const byState = {};
  for (const a of list ?? []) (byState[a.state] ??= []).push(a);
  return byState;
}
