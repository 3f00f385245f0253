// What each view can be downloaded as: the export endpoints of the files feature
// (server/features/files/routes.py), with the formats and options their queries allow, in
// the words a reader uses. Pure: no DOM.

import { t } from "../lib/i18n.js";

const API = "/api/v1";

/** The words for each format the server exports. */
export const FORMAT_LABELS = {
  docx: "Word (.docx)",
  pdf: "PDF",
  akn: "Akoma Ntoso XML",
  markdown: "Markdown",
  get text() { return t("admin.export.plainText"); },
  get html() { return t("admin.export.printView"); },
  get atom() { return t("admin.export.atomFeed"); },
};

/** The formats each export endpoint's query allows (schemas.py), most asked for first. */
const FORMATS = {
  revision: ["docx", "pdf", "akn", "markdown", "text", "html"],
  working: ["docx", "pdf", "akn", "markdown", "text", "html"],
  compilation: ["docx", "pdf", "akn", "text", "html"],
  comparison: ["docx", "pdf", "akn", "html"],
  amendment: ["docx", "akn"],
  amendments: ["akn"],
  feed: ["atom"],
};

/** A format's words, and what is particular to it in this kind of export. */
function label(kind, format) {
  if (kind === "comparison" && format === "docx") return t("admin.export.trackedChanges");
  if (kind === "amendment" && format === "docx") return t("admin.export.trackedChanges");
  if (kind === "amendments") return t("admin.export.everyAmendment");
  return FORMAT_LABELS[format] ?? format;
}

function path(kind, ids) {
  switch (kind) {
    case "revision": return `/documents/${ids.document}/revisions/${ids.sequence}/export`;
    case "working": return `/documents/${ids.document}/working-copy/export`;
    case "compilation": return `/documents/${ids.document}/revisions/${ids.sequence}/compilation/export`;
    case "comparison": return `/documents/${ids.document}/diff/export`;
    case "amendment": return `/amendments/${ids.amendment}/export`;
    case "amendments": return `/documents/${ids.document}/amendments/export`;
    case "feed": return `/processes/${ids.process}/revisions.atom`;
    default: throw new Error(`No export of ${kind}.`);
  }
}

/** The query beyond the format: a comparison's two revisions, the amendments of one revision. */
function options(kind, ids) {
  if (kind === "comparison") return { from: ids.from, to: ids.to };
  if (kind === "amendments" && ids.revision !== undefined && ids.revision !== null) return { revision: ids.revision };
  return {};
}

/**
 * The links to offer for one export: [{format, label, href}].
 * exportChoices("comparison", {document: 3, from: 1, to: 2})[0] ->
 *   {format: "docx", label: "Word (.docx) with tracked changes",
 *    href: "/api/v1/documents/3/diff/export?from=1&to=2&format=docx"}
 */
export function exportChoices(kind, ids) {
  const base = API + path(kind, ids);
  return FORMATS[kind].map((format) => {
    const params = new URLSearchParams(Object.entries(options(kind, ids)).map(([k, v]) => [k, String(v)]));
    if (kind !== "feed") params.set("format", format);
    const qs = params.toString();
    return { format, label: label(kind, format), href: qs ? `${base}?${qs}` : base };
  });
}

/** The menu's heading for one export. */
export function exportTitle(kind) {
  switch (kind) {
    case "revision": return t("admin.export.revision");
    case "working": return t("admin.export.working");
    case "compilation": return t("admin.export.compilation");
    case "comparison": return t("admin.export.comparison");
    case "amendment": return t("admin.export.amendment");
    case "amendments": return t("admin.export.amendments");
    case "feed": return t("admin.export.feed");
    default: return t("admin.export.export");
  }
}
