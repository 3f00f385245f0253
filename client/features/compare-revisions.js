// Which two revisions are compared and how each paragraph's change is labelled. Pure: no DOM.
import { t } from "../lib/i18n.js";

/**
 * The comparison asked for in the address, over a document's revisions (at least one):
 * by default the last revision against the one before, inline, changed paragraphs only.
 */
export function compareRange(revisions, query) {
  const to = Number(query.get("to") ?? revisions.at(-1).sequence);
  const from = Number(query.get("from") ?? (revisions.length > 1 ? revisions.at(-2).sequence : to));
  return { from, to, mode: query.get("mode") ?? "inline", changedOnly: query.get("changed") !== "0" };
}

/**
 * A paragraph's number across the two: "12", or "12 → 13", "— → 12 bis" when it changed (the
 * arrow points the way the line reads: "12 ← 13" in Arabic).
 */
export function numberChange(u) {
  return u.number_before === u.number_after ? (u.number_after ?? "")
    : t("reading.compare.becomes", { before: u.number_before ?? "—", after: u.number_after ?? "—" });
}

/** "Edited 3, moved 1, new 1, deleted 0, unchanged 40." (moved only when the server counts it) */
export function countsSummary(counts) {
  return t("reading.compare.counts", { edited: counts.edited, moved: counts.moved === undefined ? "none" : counts.moved,
    new: counts.new, deleted: counts.deleted, unchanged: counts.unchanged });
}

/**
 * A paragraph's change in words: the units are paired by lineage, so text that changed place
 * says where it was, as the older revision numbers it.
 * changeLabel({change: "moved", moved_from: "Article 4.13"}) -> "moved from Article 4.13"
 */
export function changeLabel(u) {
  if (u.change === "moved") return u.moved_from ? t("reading.compare.change.movedFrom", { from: u.moved_from }) : t("reading.compare.change.moved");
  return ["unchanged", "edited", "new", "deleted"].includes(u.change) ? t(`reading.compare.change.${u.change}`) : u.change;
}
