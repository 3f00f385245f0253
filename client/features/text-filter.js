// Which paragraphs of a text the filters keep: by status (agreed ad ref, agreed in
// informals...), "with brackets", "with amendments". Pure: no DOM. The server decides which
// paragraphs have brackets (unit.brackets.any: a bracket, one continued from its chapeau, an
// unbalanced one or an option; footnote marks and links never count) and counts the amendments
// each paragraph carries for this person (GET /documents/{id}/amendment-counts); this only
// keeps or hides rows.
import { t } from "../lib/i18n.js";
import { hasBrackets } from "../lib/bracket-ranges.js";

/** The filters as the text screen's address holds them (?status=...&brackets=1&amended=1). */
export function textFilters(params) {
  return {
    status: params.get("status") ?? "",
    brackets: params.get("brackets") === "1",
    amended: params.get("amended") === "1",
  };
}

/** Nothing filtered. */
export function noFilter(filters) {
  return !filters.status && !filters.brackets && !filters.amended;
}

/** {unit key: {amendments, open}} from the server's answer. */
export function countsByUnit(answer) {
  return Object.fromEntries((answer?.units ?? []).map((u) => [u.key ?? u.unit, { amendments: u.amendments, open: u.open }]));
}

function keeps(unit, filters, counts) {
  if (filters.status && unit.status !== filters.status) return false;
  if (filters.brackets && !hasBrackets(unit)) return false;
  if (filters.amended && !(counts[unit.key]?.amendments > 0)) return false;
  return true;
}

const isHeading = (u) => u.kind === "section" || u.kind === "preamble";

/**
 * The keys of the units to show: paragraphs the filters keep, and the headings (sections, the
 * preamble) above them so that a kept paragraph is still read in its place; a paragraph's
 * kept sub-paragraph keeps its paragraph too (its chapeau).
 */
export function visibleKeys(units, filters, counts = {}) {
  if (noFilter(filters)) return new Set(units.map((u) => u.key));
  const parent = Object.fromEntries(units.map((u) => [u.key, u.parent]));
  const shown = new Set();
  for (const u of units) {
    if (isHeading(u) || !keeps(u, filters, counts)) continue;
    for (let key = u.key; key && !shown.has(key); key = parent[key]) shown.add(key);
  }
  return shown;
}

/**
 * "11 of 35 paragraphs match." (those kept only as a match's heading or chapeau are not
 * counted); "" when nothing is filtered.
 */
export function filterNote(units, filters, counts = {}) {
  if (noFilter(filters)) return "";
  const paragraphs = units.filter((u) => !isHeading(u));
  const matching = paragraphs.filter((u) => keeps(u, filters, counts)).length;
  return t("reading.text.filterNote", { matching, count: paragraphs.length });
}

/** The badge of a paragraph's amendments: "2 amendments" (null: none). */
export function amendmentBadge(count) {
  if (!count?.amendments) return null;
  return t("common.count.amendment", { count: count.amendments });
}
