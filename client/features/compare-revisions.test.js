import { test } from "node:test";
import assert from "node:assert/strict";
import { compareRange, numberChange, countsSummary, changeLabel } from "./compare-revisions.js";
import { setLanguage } from "../lib/i18n.js";

const revisions = [{ sequence: 0 }, { sequence: 1 }, { sequence: 2 }];
const q = (s) => new URLSearchParams(s);

test("by default the last revision against the one before, inline, changed paragraphs only", () => {
  assert.deepEqual(compareRange(revisions, q("")), { from: 1, to: 2, mode: "inline", changedOnly: true });
  assert.deepEqual(compareRange([{ sequence: 0 }], q("")), { from: 0, to: 0, mode: "inline", changedOnly: true });
});

test("the address chooses the revisions, the layout and whether unchanged paragraphs show", () => {
  assert.deepEqual(compareRange(revisions, q("from=0&to=2&mode=side&changed=0")), { from: 0, to: 2, mode: "side", changedOnly: false });
  assert.deepEqual(compareRange(revisions, q("to=1")), { from: 1, to: 1, mode: "inline", changedOnly: true });
});

test("numberChange shows a renumbered, new or deleted paragraph", () => {
  assert.equal(numberChange({ number_before: "12", number_after: "12" }), "12");
  assert.equal(numberChange({ number_before: "12", number_after: "13" }), "12 → 13");
  assert.equal(numberChange({ number_before: null, number_after: "12 bis" }), "— → 12 bis");
  assert.equal(numberChange({ number_before: "4", number_after: null }), "4 → —");
  assert.equal(numberChange({ number_before: null, number_after: null }), "");
});

test("in Arabic the renumbering's arrow points the way the line reads, right to left", () => {
  setLanguage("ar");
  try {
    assert.equal(numberChange({ number_before: "12", number_after: "13" }), "12 ← 13");
    assert.equal(numberChange({ number_before: null, number_after: "12 bis" }), "— ← 12 bis");
  } finally { setLanguage("en"); }
});

test("countsSummary", () => {
  assert.equal(countsSummary({ edited: 3, new: 1, deleted: 0, unchanged: 40 }), "Edited 3, new 1, deleted 0, unchanged 40.");
});

test("units paired by lineage: moved text says where it was, as the older revision numbers it", () => {
  assert.equal(countsSummary({ edited: 3, moved: 2, new: 1, deleted: 0, unchanged: 40 }),
    "Edited 3, moved 2, new 1, deleted 0, unchanged 40.");
  assert.equal(changeLabel({ change: "moved", moved_from: "Article 4.13" }), "moved from Article 4.13");
  assert.equal(changeLabel({ change: "moved", moved_from: null }), "moved");
  assert.equal(changeLabel({ change: "edited", moved_from: null }), "edited");
});
