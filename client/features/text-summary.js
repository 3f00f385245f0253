// What the text screen says about a revision and its paragraphs: open brackets, paragraphs
// per status. Pure: no DOM.
// A rule copy: the server's core/brackets.py is the authority on brackets; this counts "[".
import { STATUS_LABELS, labelOf } from "../lib/labels.js";

/** Open brackets in a text: every "[" (nested ones count too). countBrackets("[a [b]]") -> 2 */
export function countBrackets(text) {
  let n = 0;
  for (const c of text ?? "") if (c === "[") n++;
  return n;
}

/** {brackets, open, agreed_informals, ...}: brackets over every unit, statuses over paragraphs. */
export function textTotals(units) {
  const totals = { brackets: 0 };
  for (const u of units) {
    totals.brackets += countBrackets(u.text);
    if (u.kind === "paragraph" || u.kind === "subparagraph") totals[u.status] = (totals[u.status] ?? 0) + 1;
  }
  return totals;
}

/** "Open: 3. Agreed in informals: 0. ..." for every status, in order. */
export function statusCounts(totals) {
  return Object.keys(STATUS_LABELS).map((s) => `${STATUS_LABELS[s]}: ${totals[s] ?? 0}. `).join("");
}

/** Headings (sections, the preamble) are shown as headings, not as selectable paragraphs. */
export function isHeading(unit) {
  return unit.kind === "section" || unit.kind === "preamble";
}

/** The accessible name of a paragraph's select button. */
export function unitButtonLabel(unit) {
  const brackets = countBrackets(unit.text);
  return `Paragraph ${unit.number ?? unit.key}, ${labelOf(STATUS_LABELS, unit.status)}${brackets ? `, ${brackets} open brackets` : ""}: show amendments and history`;
}

/** How a paragraph's history marks a revision's change: "(unchanged)", "(new)", else nothing. */
export function historyNote(change) {
  return change.change === "unchanged" ? "(unchanged)" : change.change === "new" ? "(new)" : "";
}
