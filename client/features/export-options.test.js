import { test } from "node:test";
import assert from "node:assert/strict";
import { exportChoices, exportTitle, FORMAT_LABELS } from "./export-options.js";

test("a revision exports in every format the API has, with the reader's words", () => {
  const choices = exportChoices("revision", { document: 2, sequence: 3 });
  assert.deepEqual(choices.map((c) => c.label),
    ["Word (.docx)", "PDF", "Akoma Ntoso XML", "Markdown", "Plain text", "Print view (HTML)"]);
  assert.equal(choices[0].href, "/api/v1/documents/2/revisions/3/export?format=docx");
  assert.equal(choices[3].href, "/api/v1/documents/2/revisions/3/export?format=markdown");
});

test("the working copy and the compilation have their own endpoints and formats", () => {
  assert.equal(exportChoices("working", { document: 5 })[1].href, "/api/v1/documents/5/working-copy/export?format=pdf");
  const comp = exportChoices("compilation", { document: 5, sequence: 1 });
  assert.deepEqual(comp.map((c) => c.format), ["docx", "pdf", "akn", "text", "html"]);
  assert.equal(comp[0].href, "/api/v1/documents/5/revisions/1/compilation/export?format=docx");
});

test("a comparison carries its two revisions; its Word file has tracked changes", () => {
  const [docx, pdf] = exportChoices("comparison", { document: 1, from: 0, to: 2 });
  assert.equal(docx.href, "/api/v1/documents/1/diff/export?from=0&to=2&format=docx");
  assert.equal(docx.label, "Word (.docx) with tracked changes");
  assert.equal(pdf.href, "/api/v1/documents/1/diff/export?from=0&to=2&format=pdf");
});

test("an amendment: Word with tracked changes or Akoma Ntoso; the list of them: Akoma Ntoso", () => {
  assert.deepEqual(exportChoices("amendment", { amendment: 9 }).map((c) => c.href),
    ["/api/v1/amendments/9/export?format=docx", "/api/v1/amendments/9/export?format=akn"]);
  assert.equal(exportChoices("amendments", { document: 1, revision: 2 })[0].href,
    "/api/v1/documents/1/amendments/export?revision=2&format=akn");
  assert.equal(exportChoices("amendments", { document: 1 })[0].href, "/api/v1/documents/1/amendments/export?format=akn");
});

test("the timeline offers the Atom feed, without a format parameter", () => {
  assert.deepEqual(exportChoices("feed", { process: 4 }), [{ format: "atom", label: "Atom feed", href: "/api/v1/processes/4/revisions.atom" }]);
});

test("every label is words, never a code", () => {
  for (const kind of ["revision", "working", "compilation", "comparison", "amendment", "amendments", "feed"]) {
    assert.match(exportTitle(kind), /^[A-Z][a-z]/);
    for (const c of exportChoices(kind, { document: 1, sequence: 1, from: 0, to: 1, amendment: 1, process: 1 })) {
      assert.notEqual(c.label, c.format);
    }
  }
  assert.equal(FORMAT_LABELS.akn, "Akoma Ntoso XML");
  assert.throws(() => exportChoices("nothing", {}));
});
