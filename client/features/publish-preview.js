// The review before publishing: the server's dry run of the publication (POST
// /documents/{id}/revisions/preview) in words, and the notice once published. Pure: no DOM.
import { t } from "../lib/i18n.js";

/** What the server's answer lists, section by section, in the order shown. */
const SECTIONS = [
  ["reflected", (count) => t("admin.publish.sectionReflected", { count })],
  ["applies", (count) => t("admin.publish.sectionApplies", { count })],
  ["conflicts", (count) => t("admin.publish.sectionConflicts", { count })],
  ["overtaken", (count) => t("admin.publish.sectionOvertaken", { count })],
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
  return t("admin.publish.sentence", { label: preview.revision?.label ?? t("admin.publish.theNextRevision"),
    reflected: n("reflected"), applies: n("applies"), conflicts: n("conflicts"), overtaken: n("overtaken") });
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
  const where = nameOf.get(amendment.unit) ?? amendment.unit_name ?? t("admin.publish.aParagraph");
  const values = { id: amendment.id, delegation: amendment.delegation_name ?? amendment.delegation, where, with: co.join(", ") };
  return co.length ? t("admin.publish.amendmentWith", values) : t("admin.publish.amendment", values);
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
  return t("admin.publish.published", { label: revision.label ?? t("admin.publish.revision"), reflected: n(result.reflected),
    applies: n(result.applies), conflicts: n(result.conflicts), overtaken: n(result.overtaken) });
}
