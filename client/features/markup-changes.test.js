import { test } from "node:test";
import assert from "node:assert/strict";
import { mayUploadMarkup, isWordFile, markupRequest, proposalTitle, proposalOrigin, previewSummary,
  confirmLabel, createdNotice, draftsLink, markupError, delegationOptions, uploadIntro } from "./markup-changes.js";

test("only who may propose amendments is offered the upload", () => {
  assert.equal(mayUploadMarkup(["process.view", "amendment.propose"]), true);
  assert.equal(mayUploadMarkup(["process.view", "amendment.decide"]), false);
  assert.equal(mayUploadMarkup(undefined), false);
});

test("Word files by their name", () => {
  assert.equal(isWordFile("Rev.1 MEX.DOCX"), true);
  assert.equal(isWordFile("rev1.doc"), false);
  assert.equal(isWordFile("notes.docx.pdf"), false);
});

test("the preview and the confirmation go to the document's markup endpoints", () => {
  assert.deepEqual(markupRequest({ documentId: 4, base64: "UEsD", filename: "m.docx", revisionId: 9, preview: true }),
    { url: "/documents/4/markup/preview", body: { content_base64: "UEsD", filename: "m.docx", revision_id: 9 } });
  assert.deepEqual(markupRequest({ documentId: 4, base64: "UEsD", preview: false }),
    { url: "/documents/4/markup", body: { content_base64: "UEsD" } });
  assert.equal(markupRequest({ documentId: 1, base64: "x", filename: "a".repeat(300) }).body.filename.length, 255);
});

test("proposals read in the text's names", () => {
  assert.equal(proposalTitle({ paragraph: "OP2", kind: "change_words" }), "OP2: change the words");
  assert.equal(proposalTitle({ paragraph: "OP3", kind: "delete_unit" }), "OP3: delete the paragraph");
  assert.equal(proposalTitle({ paragraph: "Article 4.2", kind: "add_unit" }), "A new paragraph after Article 4.2");
  assert.equal(proposalOrigin({ file_paragraphs: [6], change_authors: ["Mexico"], changes: 3 }),
    "Paragraph 6 of the file: 3 tracked changes by Mexico.");
  assert.equal(proposalOrigin({ file_paragraphs: [8], change_authors: [], changes: 1 }),
    "Paragraph 8 of the file: 1 tracked change.");
});

test("the preview's summary says what will be created and what is left out", () => {
  const answer = { delegation_name: "Mexico", revision_label: "Rev.1", unplaced: [{}],
    proposals: [{ paragraph: "OP2" }, { paragraph: "OP2(a)" }, { paragraph: "OP2(a)" }] };
  assert.equal(previewSummary(answer),
    "3 draft amendments of Mexico to Rev.1: OP2, OP2(a). 1 thing the file holds is not among them (below).");
  assert.equal(previewSummary({ ...answer, proposals: [], unplaced: [] }),
    "The file holds no tracked change to the words of Rev.1.");
  assert.equal(confirmLabel(1), "Create 1 draft amendment");
  assert.equal(confirmLabel(3), "Create 3 draft amendments");
  assert.equal(createdNotice({ amendments: [{}, {}], delegation_name: "Mexico" }, "m.docx"),
    "m.docx: 2 draft amendments of Mexico created. Review and submit them.");
  assert.equal(draftsLink(2, "MEX"), "#/p/2/amendments?delegation=MEX&state=draft");
});

test("refusals read as sentences", () => {
  assert.equal(markupError({ status: 409, message: "The file marks up a revision superseded by Rev.2: export the current revision and mark it up again." }),
    "The file marks up a revision superseded by Rev.2: export the current revision and mark it up again. Nothing was saved.");
  assert.equal(markupError({ status: 422, message: "OP2 is agreed ad ref.", details: { paragraph: "OP2" } }),
    "OP2 is agreed ad ref. Nothing was saved.");
  assert.equal(markupError({ status: 422, message: "The file holds no tracked change to the words of a paragraph of Rev.1; nothing was saved.", details: {} }),
    "The file holds no tracked change to the words of a paragraph of Rev.1; nothing was saved.");
  assert.equal(markupError({ status: 422, message: "The Word document declares a DTD or entities; refused.", details: {} }),
    "The file could not be used: the Word document declares a DTD or entities; refused. Nothing was saved.");
  assert.equal(markupError({ status: 503 }), "The server is busy reading other files: try again in a minute.");
});

test("on a delegation's behalf: the delegation picked goes with the file, the page says whose drafts", () => {
  assert.deepEqual(markupRequest({ documentId: 4, base64: "UEsD", preview: false, delegation: "MEX" }),
    { url: "/documents/4/markup", body: { content_base64: "UEsD", delegation: "MEX" } });
  assert.deepEqual(markupRequest({ documentId: 4, base64: "UEsD", preview: true, delegation: "" }).body, { content_base64: "UEsD" });
  assert.deepEqual(delegationOptions([{ code: "MEX", name: "Mexico" }, { code: "AFRICAN_GROUP", name: "African Group" }]),
    [["MEX", "Mexico (MEX)"], ["AFRICAN_GROUP", "African Group (AFRICAN_GROUP)"]]);
  assert.deepEqual(delegationOptions(undefined), []);
  assert.match(uploadIntro({ delegations: [{ code: "MEX", name: "Mexico" }], on_behalf: false }), /^Each tracked change becomes a draft amendment of Mexico on the paragraph/);
  assert.match(uploadIntro({ delegations: [{ code: "MEX", name: "Mexico" }], on_behalf: true }), /of the delegation you choose, on its behalf,/);
});

test("the notice of drafts made on a delegation's behalf says who reviews them", () => {
  const answer = { amendments: [{ id: 1 }, { id: 2 }], delegation_name: "Mexico" };
  assert.equal(createdNotice(answer, "m.docx", { onBehalf: true }),
    "m.docx: 2 draft amendments of Mexico created on its behalf. Mexico reviews and submits them.");
  assert.equal(createdNotice(answer, "m.docx"), "m.docx: 2 draft amendments of Mexico created. Review and submit them.");
});
