// The brackets the server found in a unit's text (unit.brackets, server/core/brackets.py), as
// highlight ranges for client/lib/richtext.js segments() and as words for people. The server
// counts and classifies every bracket (open, alternative, unbalanced, option label; footnote
// marks and links never count); this only turns its answer into classes and sentences.
// Offsets are code points, as the server and richtext.js count them. Pure: no DOM.
import { t } from "./i18n.js";
import { plural } from "./format.js";

const CLASSES = {
  open: "bracket",
  alternative: "bracket alternative",
  unbalanced: "bracket-unbalanced",
  option: "option-mark",
};

/**
 * The unit's spans as extraRanges [{start, end, class}]: "bracket depth-N" for a bracket
 * (N up to 3), "bracket alternative depth-N" for a choice of an alternative, "bracket-unbalanced"
 * for a bracket without partner, "option-mark" for an "Option 1:" label; "continued" on a piece
 * of a bracket that opens or closes in another paragraph of its article.
 */
export function bracketRanges(brackets) {
  return (brackets?.spans ?? []).filter((s) => CLASSES[s.kind] && s.end > s.start).map((s) => {
    const classes = [CLASSES[s.kind]];
    if (s.kind === "open" || s.kind === "alternative") classes.push(`depth-${Math.min(Math.max(s.depth ?? 1, 1), 3)}`);
    if (s.continued) classes.push("continued");
    return { start: s.start, end: s.end, class: classes.join(" ") };
  });
}

/** The parts of a count, in the order people read them: brackets, alternatives, unbalanced, options. */
function parts(b) {
  return [
    b.open ? plural(b.open, "bracket") : null,
    b.alternatives ? plural(b.alternatives, "alternative") : null,
    b.unbalanced ? t("common.brackets.unbalanced", { count: b.unbalanced }) : null,
    b.options ? plural(b.options, "option") : null,
  ].filter(Boolean);
}

/**
 * A paragraph's count: "3 brackets, 1 alternative", "1 bracket, 1 unbalanced", "2 options";
 * "within a bracket" for a paragraph inside a bracket that opens in another one of its article;
 * "" when it has none. Falls back on open_brackets from an older server.
 */
export function bracketSummary(unit) {
  const b = unit?.brackets;
  if (!b) return unit?.open_brackets ? plural(unit.open_brackets, "bracket") : "";
  const said = parts(b);
  if (said.length) return said.join(t("common.listSeparator"));
  return b.any ? t("common.brackets.within") : "";
}

/**
 * An article's (a section's, the preamble's) or a revision's totals: "12 brackets, 3
 * alternatives, 1 unbalanced in 5 paragraphs"; "" when there is none.
 */
export function totalsSummary(totals) {
  if (!totals) return "";
  const said = parts(totals);
  if (!said.length) return "";
  return t("common.brackets.inParagraphs", { said: said.join(t("common.listSeparator")), count: totals.units_with_brackets });
}

/** Whether "paragraphs with brackets" keeps the unit: the server's `brackets.any`. */
export function hasBrackets(unit) {
  if (unit?.brackets) return Boolean(unit.brackets.any);
  return (unit?.open_brackets ?? 0) > 0;
}

/**
 * The ranges over the part [start, end) of a text, as offsets into that part: for a text drawn
 * in pieces (the compilation's pieces). A range across the cut is clipped to each part.
 * rangesWithin([{start: 2, end: 9, class: "bracket"}], 5, 12) -> [{start: 0, end: 4, class: "bracket"}]
 */
export function rangesWithin(ranges, start, end) {
  return (ranges ?? []).filter((r) => r.start < end && r.end > start)
    .map((r) => ({ ...r, start: Math.max(r.start, start) - start, end: Math.min(r.end, end) - start }));
}
