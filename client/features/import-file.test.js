import { test } from "node:test";
import assert from "node:assert/strict";
import { mayImport, ACCEPT, formatOf, titleFromName, importRequest, base64Of, percent, progressText, previewSummary,
  unitLine, warningLines, warningsTitle, lineageSummary, importError } from "./import-file.js";

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
  assert.equal(importError(413, { error: { message: "The body is larger than the 1000000 bytes accepted." } }, 2_000_000),
    "The file is too large to import (2.0 MB): the server takes files up to about 750 KB.");
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
