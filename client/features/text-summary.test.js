import { test } from "node:test";
import assert from "node:assert/strict";
import { countBrackets, textTotals, statusCounts, isHeading, unitButtonLabel, historyNote } from "./text-summary.js";

test("countBrackets counts every opening bracket, nested ones too", () => {
  assert.equal(countBrackets("Parties [shall][should] take [urgent [and ambitious]] action"), 4);
  assert.equal(countBrackets("[Option 1: تعزيز الأطر] [Option 2: 加强合作]"), 2);
  assert.equal(countBrackets("No brackets."), 0);
  assert.equal(countBrackets(null), 0);
});

test("textTotals: brackets over every unit, statuses over paragraphs only", () => {
  const units = [
    { kind: "section", status: "open", text: "[Title]" },
    { kind: "preamble", status: "open", text: null },
    { kind: "paragraph", status: "open", text: "We [commit][resolve] to act" },
    { kind: "subparagraph", status: "agreed_ad_ref", text: "(a) agreed text" },
    { kind: "paragraph", status: "open", text: "[Delete]" },
  ];
  assert.deepEqual(textTotals(units), { brackets: 4, open: 2, agreed_ad_ref: 1 });
  assert.equal(statusCounts(textTotals(units)), "Open: 2. Agreed in informals: 0. Agreed ad ref: 1. Adopted: 0. ");
});

test("headings are sections and the preamble", () => {
  assert.equal(isHeading({ kind: "section" }), true);
  assert.equal(isHeading({ kind: "preamble" }), true);
  assert.equal(isHeading({ kind: "subparagraph" }), false);
});

test("unitButtonLabel names the paragraph, its status and its brackets", () => {
  assert.equal(unitButtonLabel({ number: "12", key: "obj3_c", status: "open", text: "[A][B] text" }),
    "Paragraph 12, Open, 2 open brackets: show amendments and history");
  assert.equal(unitButtonLabel({ number: null, key: "obj3_c", status: "adopted", text: "Agreed." }),
    "Paragraph obj3_c, Adopted: show amendments and history");
});

test("historyNote", () => {
  assert.equal(historyNote({ change: "unchanged" }), "(unchanged)");
  assert.equal(historyNote({ change: "new" }), "(new)");
  assert.equal(historyNote({ change: "edited" }), "");
});
