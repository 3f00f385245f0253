// What the text screen says about a revision and its paragraphs: open brackets (the server
// counts them per unit: unit.open_brackets), paragraphs per status. Pure: no DOM.
import { catalogue, statusLabel } from "../lib/labels.js";
import { capitalised } from "../lib/format.js";

/** {brackets, open, agreed_informals, ...}: brackets over every unit, statuses over paragraphs. */
export function textTotals(units) {
  const totals = { brackets: 0 };
  for (const u of units) {
    totals.brackets += u.open_brackets ?? 0;
    if (u.kind === "paragraph" || u.kind === "subparagraph") totals[u.status] = (totals[u.status] ?? 0) + 1;
  }
  return totals;
}

/** "Open: 3. Agreed in informals: 0. ..." for every status of the catalogue, in its order. */
export function statusCounts(totals, cat = catalogue()) {
  return cat.unit_statuses.map((s) => `${s.label}: ${totals[s.code] ?? 0}. `).join("");
}

/** Headings (sections, the preamble) are shown as headings, not as selectable paragraphs. */
export function isHeading(unit) {
  return unit.kind === "section" || unit.kind === "preamble";
}

/**
 * The accessible name of a paragraph's select button: the number it shows, then its name as
 * the server gives it (PP4, OP10(a), the chapeau of Article 1), its status and brackets.
 */
export function unitButtonLabel(unit, cat = catalogue()) {
  const brackets = unit.open_brackets ?? 0;
  const name = unit.number ? `${unit.number} (${unit.name})` : capitalised(unit.name ?? "this paragraph");
  return `${name}, ${statusLabel(unit.status, cat)}${brackets ? `, ${brackets} open brackets` : ""}: show amendments and history`;
}

/** How a paragraph's history marks a revision's change: "(unchanged)", "(new)", else nothing. */
export function historyNote(change) {
  return change.change === "unchanged" ? "(unchanged)" : change.change === "new" ? "(new)" : "";
}
