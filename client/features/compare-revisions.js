// Which two revisions are compared and how each paragraph's change is labelled. Pure: no DOM.

/**
 * The comparison asked for in the address, over a document's revisions (at least one):
 * by default the last revision against the one before, inline, changed paragraphs only.
 */
export function compareRange(revisions, query) {
  const to = Number(query.get("to") ?? revisions.at(-1).sequence);
  const from = Number(query.get("from") ?? (revisions.length > 1 ? revisions.at(-2).sequence : to));
  return { from, to, mode: query.get("mode") ?? "inline", changedOnly: query.get("changed") !== "0" };
}

/** A paragraph's number across the two: "12", or "12 → 13", "— → 12 bis" when it changed. */
export function numberChange(u) {
  return u.number_before === u.number_after ? (u.number_after ?? "")
    : `${u.number_before ?? "—"} → ${u.number_after ?? "—"}`;
}

/** "Edited 3, new 1, deleted 0, unchanged 40." */
export function countsSummary(counts) {
  return `Edited ${counts.edited}, new ${counts.new}, deleted ${counts.deleted}, unchanged ${counts.unchanged}.`;
}
