// Pure words of the renumbering preview: what the server's preview says would change.
import { t } from "../lib/i18n.js";

/**
 * renumberSummary({changes: [{before: "OP2 bis", after: "OP3"}], units: 40}) ->
 *   "1 of 40 paragraphs and headings would get a new number."
 * renumberSummary(preview, {done: true}) -> "1 of 40 paragraphs and headings got a new number."
 */
export function renumberSummary(preview, { done = false } = {}) {
  const n = preview.changes.length;
  if (n === 0) return t("admin.renumber.nothing");
  const values = { count: n, units: preview.units };
  return done ? t("admin.renumber.done", values) : t("admin.renumber.would", values);
}

/** The navigation's link to renumbering the first document's working copy, for whom the server
 * lets edit it ("working_copy.edit"); null otherwise or without a document. */
export function renumberLink(process, documents) {
  const doc = documents?.[0];
  if (!doc || !(process.actions ?? []).includes("working_copy.edit")) return null;
  return ["renumber", `#/p/${process.id}/renumber/${doc.id}`, t("admin.renumber.renumber")];
}
