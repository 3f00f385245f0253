// Importing a draft from the page (client/features/import.js): which file is which format, the
// request the files feature takes (server/features/files/routes.py: import-file, working-copy/
// import), the preview in the text's own words and the server's refusals as sentences. Pure.
import { t } from "../lib/i18n.js";
import { fileSize } from "../lib/format.js";

/**
 * Whether the process's actions (the server's word) let the person import: a new document
 * ("document.create") or a next revision into a working copy ("working_copy.edit").
 * mayImport(["process.view", "document.create"]) -> true
 */
export function mayImport(actions) {
  return ["document.create", "working_copy.edit"].some((a) => (actions ?? []).includes(a));
}

/** The formats the server reads, with their words and the file names that are each. */
export const IMPORT_FORMATS = [
  { format: "docx", label: "Word (.docx)", extensions: [".docx"] },
  { format: "pdf", label: "PDF", extensions: [".pdf"] },
  { format: "markdown", label: "Markdown", extensions: [".md", ".markdown"] },
  { format: "text", get label() { return t("admin.import.plainText"); }, extensions: [".txt", ".text"] },
  { format: "akn", label: "Akoma Ntoso XML", extensions: [".xml", ".akn"] },
];

/** The file input's accept attribute. */
export const ACCEPT = IMPORT_FORMATS.flatMap((f) => f.extensions).join(",");

/**
 * The format a file is, from its name (null: not one the server reads).
 * formatOf("Zero draft.PDF") -> "pdf"
 */
export function formatOf(name) {
  const lower = String(name ?? "").toLowerCase();
  return IMPORT_FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e)))?.format ?? null;
}

/** A file's title from its name, as a first suggestion: "zero-draft_2023.pdf" -> "zero draft 2023". */
export function titleFromName(name) {
  return String(name ?? "").replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
}

/**
 * Where the import goes and what it sends: `into` is "new" (a new document of the process) or
 * a document id (its next revision's working copy, replacing it: base_version needed to save).
 */
export function importRequest({ processId, into, format, base64, title, preview, baseVersion }) {
  if (into === "new") {
    const body = { format, content_base64: base64, preview };
    if (title) body.title = title;
    return { url: `/api/v1/processes/${processId}/documents/import-file`, body };
  }
  const body = { format, content_base64: base64, preview };
  if (!preview) body.base_version = baseVersion;
  return { url: `/api/v1/documents/${into}/working-copy/import`, body };
}

/**
 * The same import as a multipart/form-data upload (the page's way: a PDF of a few megabytes
 * goes up as it is, without base64's third more, within the server's upload limit): the url
 * and the form's text fields (the file goes beside them as "file").
 * uploadRequest({processId: 1, into: 4, format: "pdf", preview: false, baseVersion: 7, corrections: [{index: 3, previous: null}]})
 *   -> {url: "/api/v1/documents/4/working-copy/upload", fields: {format: "pdf", preview: "false", base_version: "7",
 *       corrections: '[{"index":3,"previous":null}]'}}
 */
export function uploadRequest({ processId, into, format, title, preview, baseVersion, corrections }) {
  const fields = { format, preview: preview ? "true" : "false" };
  if (into === "new") {
    if (title) fields.title = title;
    return { url: `/api/v1/processes/${processId}/documents/upload`, fields };
  }
  if (!preview) fields.base_version = String(baseVersion);
  if (corrections?.length) fields.corrections = JSON.stringify(corrections);
  return { url: `/api/v1/documents/${into}/working-copy/upload`, fields };
}

/** "data:application/pdf;base64,JVBER..." (FileReader.readAsDataURL) -> "JVBER..." */
export function base64Of(dataUrl) {
  const at = String(dataUrl).indexOf(",");
  return at < 0 ? "" : String(dataUrl).slice(at + 1);
}

/** How much of the upload has gone, as a whole percentage (null: the size is not known). */
export function percent(loaded, total) {
  if (!total) return null;
  return Math.max(0, Math.min(100, Math.floor((loaded / total) * 100)));
}

/** The status line while the file goes up and is read. */
export function progressText(loaded, total) {
  const p = percent(loaded, total);
  if (p === null) return t("admin.import.sending");
  if (p >= 100) return t("admin.import.sent");
  return t("admin.import.sendingPercent", { percent: p, size: kilobytes(total) });
}

export function kilobytes(bytes) {
  return fileSize(bytes);
}

/**
 * What the server read, in one sentence.
 * previewSummary([{kind: "heading"}, {kind: "paragraph", name: "PP1"}, {kind: "paragraph", name: "OP3"}])
 *   -> "2 paragraphs and 1 heading read, from PP1 to OP3."
 */
export function previewSummary(units) {
  const headings = units.filter((u) => u.kind === "heading" || u.kind === "section").length;
  const numbered = units.filter((u) => !(u.kind === "heading" || u.kind === "section"));
  const n = numbered.length;
  const read = headings ? t("admin.import.readWithHeadings", { count: n, headings }) : t("admin.import.read", { count: n });
  if (n > 1) return t("admin.import.readRange", { read, first: numbered[0].name, last: numbered[n - 1].name });
  if (n === 1) return t("admin.import.readOne", { read, name: numbered[0].name });
  return t("admin.import.readNone", { read });
}

/** The name shown beside a unit in the preview: its number as the text has it, or the heading. */
export function unitLine(unit) {
  if (unit.kind === "heading" || unit.kind === "section") return { number: "", text: unit.heading ?? unit.text ?? "" };
  return { number: unit.name ?? unit.number ?? "", text: unit.text ?? "" };
}

/**
 * The server's warnings, those it could not place first (they say where: page and line).
 * warningLines(["page 2, line 4: footnote 3 could not be placed ...", "x"]) ->
 *   [{text: "Page 2, line 4: footnote 3 could not be placed ...", unplaced: true}, {text: "X", unplaced: false}]
 */
export function warningLines(warnings) {
  const lines = (warnings ?? []).map((w) => {
    const text = String(w);
    return { text: text.charAt(0).toUpperCase() + text.slice(1), unplaced: /could not be placed|could not place|outside any/i.test(text) };
  });
  return [...lines.filter((l) => l.unplaced), ...lines.filter((l) => !l.unplaced)];
}

/**
 * The heading of the warnings, saying how many could not be placed.
 * warningsTitle([{unplaced: true}, {unplaced: false}]) -> "2 warnings, 1 line that could not be placed (with its page and line)"
 */
export function warningsTitle(lines) {
  const unplaced = lines.filter((l) => l.unplaced).length;
  const all = t("admin.import.warnings", { count: lines.length });
  if (!unplaced) return all;
  return t("admin.import.warningsUnplaced", { all, count: unplaced });
}

/** How many paragraphs of a kind of continuation ("3 unchanged"), in words for the summary. */
function lineageCount(status, count) {
  switch (status) {
    case "unchanged": return t("admin.import.countUnchanged", { count });
    case "edited": return t("admin.import.countEdited", { count });
    case "moved": return t("admin.import.countMoved", { count });
    case "new": return t("admin.import.countNew", { count });
    case "deleted": return t("admin.import.countDeleted", { count });
    case "split": return t("admin.import.countSplit", { count });
    case "merged": return t("admin.import.countMerged", { count });
    case "copied": return t("admin.import.countCopied", { count });
    default: return t("admin.import.countChanged", { count });
  }
}

/** What a match says happened, in words for the table. */
function matchWords(status) {
  const words = { unchanged: t("admin.import.matchUnchanged"), edited: t("admin.import.matchEdited"),
    moved: t("admin.import.matchMoved"), new: t("admin.import.matchNew"), split: t("admin.import.matchSplit"),
    merged: t("admin.import.matchMerged"), copied: t("admin.import.matchCopied") };
  return words[status] ?? t("admin.import.matchChanged");
}

/** "0.934" -> "93%" */
export function confidenceText(confidence) {
  return `${Math.round(Math.max(0, Math.min(1, Number(confidence) || 0)) * 100)}%`;
}

/**
 * The preview's matches as rows, the least sure first (then in the text's order): the old
 * number, the new one, what happened, how sure; a correction already made shows as its choice.
 * matchRows([{index: 0, name: "OP1", previous_name: "OP1", status: "unchanged", confidence: 1},
 *            {index: 1, name: "OP2", previous_name: null, status: "new", confidence: 0.4}], new Map())
 *   -> [{index: 1, from: "", to: "OP2", how: "New paragraph", sure: "40%", low: true, corrected: false, ...}, {index: 0, ...}]
 */
export function matchRows(lineage, corrections = new Map(), names = new Map()) {
  return [...(lineage ?? [])]
    .sort((a, b) => (a.confidence - b.confidence) || (a.index - b.index))
    .map((m) => {
      const corrected = corrections.has(m.index);
      const chosen = corrected ? corrections.get(m.index) : m.previous;
      const from = corrected ? (chosen === null ? "" : names.get(chosen) ?? "") : (m.previous_name ?? "");
      return {
        index: m.index, to: m.name, from, previous: chosen ?? null,
        how: corrected ? (chosen === null ? t("admin.import.yourNew") : t("admin.import.yourContinues"))
          : (m.corrected ? t("admin.import.corrected", { how: matchWords(m.status) }) : matchWords(m.status)),
        sure: confidenceText(m.confidence), low: Number(m.confidence) < LOW_CONFIDENCE, corrected: corrected || !!m.corrected,
      };
    });
}

/** Below this a match is shown as unsure. */
export const LOW_CONFIDENCE = 0.7;

/**
 * The predecessors a correction may pick for an imported unit of `kind`: "New paragraph" first,
 * then the working copy's units a unit of that kind may continue (a section a section, a
 * paragraph a paragraph or sub-paragraph), by their names.
 * predecessorChoices([{key: "op1", kind: "paragraph", name: "OP1"}, {key: "s1", kind: "section", name: "Article 1"}], "paragraph")
 *   -> [["", "New paragraph (nothing before it)"], ["op1", "OP1"]]
 */
export function predecessorChoices(workingUnits, kind) {
  const sectionLike = (k) => k === "section" || k === "preamble";
  const fits = (k) => (sectionLike(kind) || sectionLike(k) ? k === kind : true);
  return [["", t("admin.import.newParagraphChoice")],
    ...(workingUnits ?? []).filter((w) => fits(w.kind)).map((w) => [w.key, w.name])];
}

/** The corrections made on the page, as the server takes them: [{index, previous}], in order. */
export function correctionsOf(corrections) {
  return [...corrections].sort(([a], [b]) => a - b).map(([index, previous]) => ({ index, previous }));
}

/**
 * For a new revision: how the imported paragraphs continue the document's, in one sentence.
 * lineageSummary([{status: "unchanged"}, {status: "edited"}, {status: "new"}]) -> "1 unchanged, 1 edited, 1 new."
 */
export function lineageSummary(lineage) {
  const counts = new Map();
  for (const m of lineage ?? []) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
  if (counts.size === 0) return "";
  return t("admin.import.lineage", { counts: [...counts].map(([s, n]) => lineageCount(s, n)).join(", ") });
}

/**
 * The server's refusal as a sentence for the person importing.
 * importError(413, {error: {message: "The body is larger than the 10551296 bytes accepted."}}, 12_000_000)
 *   -> "The file is too large to import (12.0 MB): the server takes files up to about 10.5 MB."
 */
export function importError(status, body, size) {
  const message = body?.error?.message ?? "";
  if (status === 0) return t("admin.import.errorDropped");
  if (status === 413) {
    const limit = /(\d+) bytes/.exec(message);
    const most = limit ? t("admin.import.errorLimit", { size: kilobytes(Math.max(0, Number(limit[1]) - 65_536)) })
      : t("admin.import.errorSmaller");
    return size ? t("admin.import.errorTooLargeSized", { size: kilobytes(size), most }) : t("admin.import.errorTooLarge", { most });
  }
  if (status === 422) {
    if (/^corrections/.test(body?.error?.details?.field ?? "")) {
      return t("admin.import.errorCorrection", { message: message.replace(/\.$/, "") });
    }
    if (body?.error?.details?.field === "content_base64" && /at most|too long|characters/i.test(message)) {
      return t("admin.import.errorTooLarge", { most: t("admin.import.errorSmaller") });
    }
    const said = /^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
    return said ? t("admin.import.errorUnreadableSaid", { said: said.replace(/\.$/, "") }) : t("admin.import.errorUnreadable");
  }
  if (status === 409) return t("admin.import.errorChanged");
  if (status === 403) return t("admin.import.notAllowed");
  if (status === 503) return t("admin.import.errorBusy");
  return message || t("admin.import.errorFailed", { status });
}
