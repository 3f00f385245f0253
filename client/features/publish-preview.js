// The review before publishing: the server's dry run of the publication (POST
// /documents/{id}/revisions/preview) in words, and the notice once published. Pure: no DOM.
import { plural } from "../lib/format.js";

/** What the server's answer lists, section by section, in the order shown. */
const SECTIONS = [
  ["reflected", (n) => `Reflects ${plural(n, "amendment")}`],
  ["applies", (n) => `Still ${n === 1 ? "applies" : "apply"} on the new text: ${n}`],
  ["conflicts", (n) => `In conflict with the new text: ${n}`],
  ["overtaken", (n) => `Overtaken by the new text: ${n}`],
];

/**
 * The review's sections: [{key, title, ids}] for the reflected amendments and the open ones
 * carried onto the new text (still applying, in conflict, overtaken).
 */
export function previewSections(preview) {
  return SECTIONS.map(([key, title]) => ({ key, title: title((preview[key] ?? []).length), ids: preview[key] ?? [] }));
}

/**
 * The review in one sentence:
 * "Rev.3 reflects 1 amendment; of the open amendments it carries onto the new text, 2 still
 * apply, 1 conflicts with it and 0 are overtaken."
 */
export function previewSentence(preview) {
  const n = (key) => (preview[key] ?? []).length;
  return `${preview.revision?.label ?? "The next revision"} reflects ${plural(n("reflected"), "amendment")}; `
    + `of the open amendments it carries onto the new text, ${n("applies")} still ${n("applies") === 1 ? "applies" : "apply"}, `
    + `${n("conflicts")} ${n("conflicts") === 1 ? "conflicts" : "conflict"} with it and ${n("overtaken")} `
    + `${n("overtaken") === 1 ? "is" : "are"} overtaken.`;
}

/**
 * One amendment of the review, by its delegation and its paragraph as the working copy names
 * it (else as its own revision did):
 * amendmentLine({id: 12, delegation_name: "Mexico", co_proponents: ["EU"], unit: "obj2_c_a", unit_name: "OP11(a)"}, 12,
 *   new Map([["obj2_c_a", "OP12(a)"]])) -> "#12 Mexico on OP12(a), with EU"; one the page could not load (undefined): "#12".
 */
export function amendmentLine(amendment, id, nameOf) {
  if (!amendment) return `#${id}`;
  const co = amendment.co_proponents ?? [];
  const where = nameOf.get(amendment.unit) ?? amendment.unit_name ?? "a paragraph";
  return `#${amendment.id} ${amendment.delegation_name ?? amendment.delegation} on ${where}${co.length ? `, with ${co.join(", ")}` : ""}`;
}

/** The paragraphs' names by key, from the texts on screen (the later wins). */
export function unitNames(...unitLists) {
  const names = new Map();
  for (const units of unitLists) for (const u of units ?? []) if (u.name) names.set(u.key, u.name);
  return names;
}

/** The notice once published, from the server's answer. */
export function publishedNotice(result) {
  const revision = result.revision ?? result;
  const n = (xs) => (xs ?? []).length;
  return `${revision.label ?? "Revision"} published: reflects ${n(result.reflected)} amendment(s); `
    + `${n(result.applies)} still apply, ${n(result.conflicts)} conflict, ${n(result.overtaken)} overtaken.`;
}
