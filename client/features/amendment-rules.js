// What the amendment screens offer: which kinds carry text, who may propose, which actions an
// amendment card shows, the list's filters and grouping. Pure: no DOM.
// Rule copies: the server decides (core/policy.py, core/amendments.py) and refuses the rest;
// these only decide what the screens show until the server sends each amendment's actions.

/** The kinds of amendment that propose words (the others only name the paragraph). */
const KINDS_WITH_TEXT = ["change_words", "add_unit", "alternative"];

export const kindCarriesText = (kind) => KINDS_WITH_TEXT.includes(kind);

/** Only a change of words is previewed as a diff against the paragraph. */
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

/** Delegates propose in the negotiation phase, on the latest revision only. */
export function canPropose(process, rev, latest) {
  return process.your_role === "delegate" && process.phase === "negotiation"
    && !!latest && rev.sequence === latest.sequence;
}

/**
 * The actions an amendment card offers to a viewer {role, delegation}; `decide` overrides
 * whether the viewer decides (default: co-facilitators).
 * -> {submit, withdraw, editDraft, coProponents, stance, currentStance, decide}
 */
export function cardActions(a, { role, delegation }, { decide } = {}) {
  const delegate = role === "delegate";
  const mine = delegate && a.delegation === delegation;
  const coProposer = delegate && a.co_proponents.includes(delegation);
  const open = ["draft", "submitted"].includes(a.state);
  const stance = delegate && !mine && !coProposer && a.state === "submitted";
  return {
    submit: mine && a.state === "draft",
    withdraw: mine && open,
    editDraft: mine && a.state === "draft",
    coProponents: mine && open,
    stance,
    currentStance: !stance ? null
      : a.supporters.includes(delegation) ? "support" : a.opposers.includes(delegation) ? "oppose" : null,
    decide: (decide ?? role === "co_facilitator") && a.state === "submitted",
  };
}

/** A card shows the server's word diff for a change of words, else the proposed text. */
export const showsDiff = (a) => !!a.diff && a.kind === "change_words";

/** "Supported by MEX, EU. Opposed by RUS." ("" when no delegation took a stance). */
export function stancesText(a) {
  return (a.supporters.length ? `Supported by ${a.supporters.join(", ")}. ` : "")
    + (a.opposers.length ? `Opposed by ${a.opposers.join(", ")}.` : "");
}

/** The amendment list's filters from the address; a delegate sees its own by default. */
export function listFilters(query, { role, delegation }) {
  return {
    delegation: query.get("delegation") ?? (role === "delegate" ? delegation : ""),
    state: query.get("state") ?? "",
    kind: query.get("kind") ?? "",
  };
}

/** The list's title: a delegation looking at its own amendments reads what became of them. */
export function listTitle(filters, { role, delegation }) {
  return role === "delegate" && filters.delegation === delegation
    ? `Amendments of ${delegation} and what became of them` : "Amendments";
}

/** {state: [amendment, ...]}, the states in order of first appearance. */
export function groupByState(list) {
  const byState = {};
  for (const a of list ?? []) (byState[a.state] ??= []).push(a);
  return byState;
}
