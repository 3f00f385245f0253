import { test } from "node:test";
import assert from "node:assert/strict";
import { CATALOGUE } from "../lib/catalogue.fixture.js";
import { textTotals, statusCounts, isHeading, unitButtonLabel, historyNote, revisionBrackets } from "./text-summary.js";

// Units as GET /documents/{id}/revisions/{seq} gives them: open_brackets counted by the server.
const unit = (over) => ({ key: "u", kind: "paragraph", parent: null, number: "1", heading: null, text: "", status: "open",
  open_brackets: 0, actions: [], ...over });

test("textTotals: the server's open brackets over every unit, statuses over paragraphs only", () => {
  const units = [
    unit({ kind: "section", heading: "[Title]", open_brackets: 1 }),
    unit({ kind: "preamble", heading: "Preamble" }),
    // The server counts balanced spans: "[a [b]]" is one open bracket, whatever its "[" count.
    unit({ text: "We [commit [and resolve]] to act", open_brackets: 1 }),
    unit({ kind: "subparagraph", status: "agreed_ad_ref", text: "(a) agreed text" }),
    unit({ text: "[Delete]", open_brackets: 1 }),
    { key: "old", kind: "paragraph", status: "open", text: "[no count given]" },
  ];
  assert.deepEqual(textTotals(units), { brackets: 3, open: 3, agreed_ad_ref: 1 });
  assert.equal(statusCounts(textTotals(units), CATALOGUE), "Open: 3. Agreed in informals: 0. Agreed ad ref: 1. Adopted: 0. ");
});

test("statusCounts follows the catalogue's statuses", () => {
  const two = { ...CATALOGUE, unit_statuses: [{ code: "open", label: "Ouvert" }, { code: "adopted", label: "Adopté" }] };
  assert.equal(statusCounts({ open: 2 }, two), "Ouvert: 2. Adopté: 0. ");
});

test("headings are sections and the preamble", () => {
  assert.equal(isHeading({ kind: "section" }), true);
  assert.equal(isHeading({ kind: "preamble" }), true);
  assert.equal(isHeading({ kind: "subparagraph" }), false);
});

test("unitButtonLabel names the paragraph, its status and its open brackets", () => {
  assert.equal(unitButtonLabel(unit({ number: "12", key: "obj3_c", name: "OP12", text: "[A][B] text", open_brackets: 2 }), CATALOGUE),
    "12 (OP12), Open, 2 brackets: show amendments and history");
  const brackets = { open: 2, alternatives: 1, options: 0, unbalanced: 0, any: true, spans: [] };
  assert.equal(unitButtonLabel(unit({ number: "12", name: "OP12", text: "[A][B] text", open_brackets: 2, brackets }), CATALOGUE),
    "12 (OP12), Open, 2 brackets, 1 alternative: show amendments and history");
  // Named as the server names it, never by its key.
  assert.equal(unitButtonLabel(unit({ number: null, key: "obj3_c", name: "the chapeau of Article 1", status: "adopted", text: "Agreed." }), CATALOGUE),
    "The chapeau of Article 1, Adopted: show amendments and history");
});

test("revisionBrackets: the server's totals over the revision, or an older server's open brackets", () => {
  assert.equal(revisionBrackets({ brackets: { units: 40, units_with_brackets: 30, open: 57, alternatives: 12, options: 4, unbalanced: 2 } }),
    "57 brackets, 12 alternatives, 2 unbalanced, 4 options in 30 paragraphs");
  assert.equal(revisionBrackets({ brackets: { units: 4, units_with_brackets: 0, open: 0, alternatives: 0, options: 0, unbalanced: 0 } }), "No brackets");
  assert.equal(revisionBrackets({ units: [unit({ open_brackets: 2 }), unit({ open_brackets: 1 })] }), "3 brackets");
});

test("historyNote", () => {
  assert.equal(historyNote({ change: "unchanged" }), "(unchanged)");
  assert.equal(historyNote({ change: "new" }), "(new)");
  assert.equal(historyNote({ change: "edited" }), "");
});
