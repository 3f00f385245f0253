// What the text screen says about a revision and its paragraphs: brackets (the server counts
// them per unit, unit.brackets, and over the revision, revision.brackets), paragraphs per
// status. Pure: no DOM.
import { t } from "../lib/i18n.js";
import { nameOf } from "../lib/names.js";
import { catalogue, statusLabel } from "../lib/labels.js";
import { capitalised, plural } from "../lib/format.js";
import { bracketSummary, totalsSummary } from "../lib/bracket-ranges.js";

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
  return cat.unit_statuses.map((s) => t("reading.text.statusCount", { status: statusLabel(s.code, cat), count: totals[s.code] ?? 0 })).join("");
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
  const brackets = bracketSummary(unit);
  const said = nameOf(unit.name_parts, unit.name);
  const name = unit.number ? `${unit.number} (${said})` : capitalised(said ?? t("reading.text.thisParagraph"));
  return t("reading.text.unitButton", { name, status: statusLabel(unit.status, cat), brackets: brackets ? `, ${brackets}` : "" });
}

/**
 * The revision's brackets as the summary line says them: "57 brackets, 12 alternatives,
 * 2 unbalanced, 4 options in 30 paragraphs" from the server's totals (revision.brackets), or
 * the sum of the units' open brackets from an older server; "No brackets" when there is none.
 */
export function revisionBrackets(revision) {
  if (revision?.brackets) return totalsSummary(revision.brackets) || t("reading.text.noBrackets");
  const open = textTotals(revision?.units ?? []).brackets;
  return open ? plural(open, "bracket") : t("reading.text.noBrackets");
}

/** How a paragraph's history marks a revision's change: "(unchanged)", "(new)", else nothing. */
export function historyNote(change) {
  return change.change === "unchanged" ? t("reading.text.unchanged") : change.change === "new" ? t("reading.text.new") : "";
}
