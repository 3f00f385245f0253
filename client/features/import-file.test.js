import { test } from "node:test";
import assert from "node:assert/strict";
import { mayImport, ACCEPT, formatOf, titleFromName, importRequest, base64Of, percent, progressText, previewSummary,
  unitLine, warningLines, warningsTitle, lineageSummary, importError, uploadRequest, matchRows, confidenceText,
  predecessorChoices, correctionsOf } from "./import-file.js";

test("a file's format comes from its name; anything else is not offered", () => {
  assert.equal(formatOf("UNEP-PP-INC.3-4-zero-draft.PDF"), "pdf");
  assert.equal(formatOf("draft.docx"), "docx");
  assert.equal(formatOf("draft.md"), "markdown");
  assert.equal(formatOf("draft.txt"), "text");
  assert.equal(formatOf("resolution.akn"), "akn");
  assert.equal(formatOf("resolution.xml"), "akn");
  assert.equal(formatOf("virus.exe"), null);
  assert.equal(formatOf(undefined), null);
  assert.equal(ACCEPT, ".docx,.pdf,.md,.markdown,.txt,.text,.xml,.akn");
  assert.equal(titleFromName("zero-draft_2023.pdf"), "zero draft 2023");
});

test("a new document goes to the process; a new revision to the document's working copy, with its version to save", () => {
  assert.deepEqual(importRequest({ processId: 1, into: "new", format: "pdf", base64: "QUJD", title: "Zero draft", preview: true }),
    { url: "/api/v1/processes/1/documents/import-file", body: { format: "pdf", content_base64: "QUJD", preview: true, title: "Zero draft" } });
  assert.deepEqual(importRequest({ processId: 1, into: 4, format: "docx", base64: "QUJD", preview: true, baseVersion: 7 }),
    { url: "/api/v1/documents/4/working-copy/import", body: { format: "docx", content_base64: "QUJD", preview: true } });
  assert.deepEqual(importRequest({ processId: 1, into: 4, format: "docx", base64: "QUJD", preview: false, baseVersion: 7 }).body,
    { format: "docx", content_base64: "QUJD", preview: false, base_version: 7 });
  assert.equal(base64Of("data:application/pdf;base64,JVBERi0x"), "JVBERi0x");
  assert.equal(base64Of("nothing"), "");
});

test("the upload's progress, in percent and words", () => {
  assert.equal(percent(0, 0), null);
  assert.equal(percent(50, 200), 25);
  assert.equal(percent(300, 200), 100);
  assert.equal(progressText(250_000, 1_000_000), "Sending the file: 25% of 1.0 MB.");
  assert.equal(progressText(1000, 1000), "Sent. The server is reading the file…");
  assert.equal(progressText(0, 0), "Sending the file…");
});

test("the preview says what was read, paragraphs as the text numbers them", () => {
  const units = [{ kind: "heading", heading: "Part I" }, { kind: "paragraph", name: "PP1", text: "Recalling" },
    { kind: "paragraph", name: "OP12 bis", text: "Decides" }];
  assert.equal(previewSummary(units), "2 paragraphs and 1 heading read, from PP1 to OP12 bis.");
  assert.equal(previewSummary([units[1]]), "1 paragraph read: PP1.");
  assert.equal(previewSummary([]), "0 paragraphs read.");
  assert.deepEqual(unitLine(units[0]), { number: "", text: "Part I" });
  assert.deepEqual(unitLine(units[2]), { number: "OP12 bis", text: "Decides" });
});

test("warnings it could not place come first, with their page and line", () => {
  const lines = warningLines(["10 lines before the first paragraph were left out",
    "page 2, line 4: footnote 3 could not be placed (the text has no mark)"]);
  assert.deepEqual(lines, [
    { text: "Page 2, line 4: footnote 3 could not be placed (the text has no mark)", unplaced: true },
    { text: "10 lines before the first paragraph were left out", unplaced: false }]);
  assert.deepEqual(warningLines(undefined), []);
  assert.equal(warningsTitle(lines), "2 warnings, 1 line that could not be placed (with its page and line)");
  assert.equal(warningsTitle([{ unplaced: false }]), "1 warning");
  assert.equal(lineageSummary([{ status: "unchanged" }, { status: "edited" }, { status: "unchanged" }, { status: "new" }]),
    "2 unchanged, 1 edited, 1 new.");
  assert.equal(lineageSummary([]), "");
});

test("the server's refusals are sentences, never a code", () => {
  assert.equal(importError(413, { error: { message: "The body is larger than the 10551296 bytes accepted." } }, 12_000_000),
    "The file is too large to import (12.0 MB): the server takes files up to about 10.5 MB.");
  assert.equal(importError(422, { error: { message: "Correction 2 names a unit the working copy does not have.",
    details: { field: "corrections.1" } } }),
  "A correction was refused: Correction 2 names a unit the working copy does not have. Nothing was saved; change it and confirm again.");
  assert.equal(importError(422, { error: { code: "invalid", message: "The file is not a PDF." } }),
    "The file could not be read: the file is not a PDF. Nothing was saved.");
  assert.equal(importError(409, {}), "The working copy changed while you were looking at the preview: preview the file again.");
  assert.equal(importError(503, null), "The server is busy reading other files: try again in a minute.");
  assert.equal(importError(0, null), "The file could not be sent: the connection dropped. Try again.");
  assert.equal(importError(403, {}), "You may not import a document into this process now.");
});

test("the import is offered where the server's actions allow it, nowhere else", () => {
  assert.equal(mayImport(["process.view", "document.create"]), true);
  assert.equal(mayImport(["working_copy.view", "working_copy.edit"]), true);
  assert.equal(mayImport(["process.view", "amendment.propose", "working_copy.view"]), false);
  assert.equal(mayImport(undefined), false);
});

test("the page uploads as multipart: the file beside its fields, the corrections as JSON", () => {
  assert.deepEqual(uploadRequest({ processId: 1, into: "new", format: "pdf", title: "Zero draft", preview: true }),
    { url: "/api/v1/processes/1/documents/upload", fields: { format: "pdf", preview: "true", title: "Zero draft" } });
  assert.deepEqual(uploadRequest({ processId: 1, into: 4, format: "pdf", preview: true, baseVersion: 7, corrections: [] }),
    { url: "/api/v1/documents/4/working-copy/upload", fields: { format: "pdf", preview: "true" } });
  assert.deepEqual(uploadRequest({ processId: 1, into: 4, format: "pdf", preview: false, baseVersion: 7,
    corrections: [{ index: 3, previous: null }, { index: 5, previous: "op2" }] }).fields,
  { format: "pdf", preview: "false", base_version: "7", corrections: '[{"index":3,"previous":null},{"index":5,"previous":"op2"}]' });
});

test("matches are listed least sure first, old number to new, with the corrections made", () => {
  const lineage = [
    { index: 0, name: "Article 1", previous: "a1", previous_name: "Article 1", status: "unchanged", confidence: 1 },
    { index: 1, name: "Article 1.1", previous: "p4", previous_name: "Article 2.3", status: "moved", confidence: 0.55 },
    { index: 2, name: "Article 1.2", previous: null, previous_name: null, status: "new", confidence: 0.9 },
    { index: 3, name: "Article 1.3", previous: "p9", previous_name: "Article 1.3", status: "edited", confidence: 0.55 }];
  const rows = matchRows(lineage);
  assert.deepEqual(rows.map((r) => r.index), [1, 3, 2, 0]);
  assert.deepEqual(rows[0], { index: 1, to: "Article 1.1", from: "Article 2.3", previous: "p4", how: "Moved", sure: "55%",
    low: true, corrected: false });
  assert.equal(rows[2].how, "New paragraph");
  assert.equal(rows[2].from, "");
  const names = new Map([["p9", "Article 1.3"], ["p4", "Article 2.3"]]);
  const fixed = matchRows(lineage, new Map([[1, null], [2, "p4"]]), names);
  assert.deepEqual(fixed.map((r) => [r.index, r.from, r.how, r.corrected]), [
    [1, "", "New paragraph (your correction)", true], [3, "Article 1.3", "Edited", false],
    [2, "Article 2.3", "Continues it (your correction)", true], [0, "Article 1", "Unchanged", false]]);
  assert.equal(matchRows([{ ...lineage[0], corrected: true }])[0].how, "Unchanged (corrected)");
  assert.equal(matchRows([{ ...lineage[0], status: "copied" }])[0].how, "Carried twice (a copy)");
  assert.equal(confidenceText(0.934), "93%");
  assert.equal(confidenceText(undefined), "0%");
  assert.deepEqual(correctionsOf(new Map([[5, "op2"], [3, null]])), [{ index: 3, previous: null }, { index: 5, previous: "op2" }]);
});

test("a correction offers only predecessors of a kind the unit may continue", () => {
  const working = [{ key: "pre", kind: "preamble", name: "Preamble" }, { key: "s1", kind: "section", name: "Article 1" },
    { key: "op1", kind: "paragraph", name: "Article 1.1" }, { key: "op1a", kind: "subparagraph", name: "Article 1.1(a)" }];
  assert.deepEqual(predecessorChoices(working, "paragraph"),
    [["", "New paragraph (nothing before it)"], ["op1", "Article 1.1"], ["op1a", "Article 1.1(a)"]]);
  assert.deepEqual(predecessorChoices(working, "section"), [["", "New paragraph (nothing before it)"], ["s1", "Article 1"]]);
  assert.deepEqual(predecessorChoices(undefined, "paragraph"), [["", "New paragraph (nothing before it)"]]);
});
