// A document's published revisions: which is the latest, and what each is called. Pure: no DOM.
import { t } from "./i18n.js";

/** The last published revision of a document, or null before the first. */
export function latestRevision(doc) {
  return doc.revisions.at(-1) ?? null;
}

/** A revision's own label, else "Revision n". */
export function revisionName(revision) {
  return revision.label ?? t("common.revisionN", { n: revision.sequence });
}

/** The label of a document's revision, by sequence ("Zero draft", "Rev.1", ...). */
export function revisionLabel(doc, sequence) {
  const r = doc?.revisions.find((x) => x.sequence === sequence);
  return r?.label ?? (sequence === 0 ? t("common.zeroDraft") : t("common.revisionN", { n: sequence }));
}

/** The label of any revision of the process's documents, by id (for amendments carried onto it). */
export function revisionLabelById(documents, id) {
  for (const d of documents ?? []) {
    const r = d.revisions.find((x) => x.id === id);
    if (r) return revisionName(r);
  }
  return t("common.laterRevision");
}

/** [[sequence, name], ...] for a revision picker. */
export function revisionOptions(doc) {
  return doc.revisions.map((r) => [r.sequence, revisionName(r)]);
}
