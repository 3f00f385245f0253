// Importing a draft from the page (client/features/import.js): which file is which format, the
// request the files feature takes (server/features/files/routes.py: import-file, working-copy/
// import), the preview in the text's own words and the server's refusals as sentences. Pure.

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
  { format: "text", label: "Plain text", extensions: [".txt", ".text"] },
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
  if (p === null) return "Sending the file…";
  if (p >= 100) return "Sent. The server is reading the file…";
  return `Sending the file: ${p}% of ${kilobytes(total)}.`;
}

export function kilobytes(bytes) {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1000))} KB`;
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
  let line = `${n} paragraph${n === 1 ? "" : "s"}`;
  if (headings) line += ` and ${headings} heading${headings === 1 ? "" : "s"}`;
  line += " read";
  if (n > 1) line += `, from ${numbered[0].name} to ${numbered[n - 1].name}`;
  else if (n === 1) line += `: ${numbered[0].name}`;
  return `${line}.`;
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
  const all = `${lines.length} warning${lines.length === 1 ? "" : "s"}`;
  if (!unplaced) return all;
  return `${all}, ${unplaced} line${unplaced === 1 ? "" : "s"} that could not be placed (with ${unplaced === 1 ? "its" : "their"} page and line)`;
}

const LINEAGE_WORDS = { unchanged: "unchanged", edited: "edited", moved: "moved", new: "new",
  deleted: "deleted", split: "split", merged: "merged" };

/**
 * For a new revision: how the imported paragraphs continue the document's, in one sentence.
 * lineageSummary([{status: "unchanged"}, {status: "edited"}, {status: "new"}]) -> "1 unchanged, 1 edited, 1 new."
 */
export function lineageSummary(lineage) {
  const counts = new Map();
  for (const m of lineage ?? []) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
  if (counts.size === 0) return "";
  return `${[...counts].map(([s, n]) => `${n} ${LINEAGE_WORDS[s] ?? "changed"}`).join(", ")}.`;
}

/**
 * The server's refusal as a sentence for the person importing.
 * importError(413, {error: {message: "The body is larger than the 1000000 bytes accepted."}}, 2_000_000)
 *   -> "The file is too large to import (2.0 MB): the server takes files up to about 749 KB."
 */
export function importError(status, body, size) {
  const message = body?.error?.message ?? "";
  if (status === 0) return "The file could not be sent: the connection dropped. Try again.";
  if (status === 413) {
    const limit = /(\d+) bytes/.exec(message);
    const most = limit ? ` the server takes files up to about ${kilobytes(Math.floor((Number(limit[1]) - 300) * 3 / 4))}.` : " try a smaller file.";
    return `The file is too large to import${size ? ` (${kilobytes(size)})` : ""}:${most}`;
  }
  if (status === 422) {
    if (body?.error?.details?.field === "content_base64" && /at most|too long|characters/i.test(message)) {
      return "The file is too large to import: try a smaller file.";
    }
    const said = /^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
    return `The file could not be read${said ? `: ${said.replace(/\.$/, "")}` : ""}. Nothing was saved.`;
  }
  if (status === 409) return "The working copy changed while you were looking at the preview: preview the file again.";
  if (status === 403) return "You may not import a document into this process now.";
  if (status === 503) return "The server is busy reading other files: try again in a minute.";
  return message || `The import failed (HTTP ${status}).`;
}
