import { test } from "node:test";
import assert from "node:assert/strict";
import { amendmentBadge, countsByUnit, filterNote, noFilter, textFilters, visibleKeys } from "./text-filter.js";

const UNITS = [
  { key: "pre", kind: "preamble", status: "open", open_brackets: 0 },
  { key: "pp1", kind: "paragraph", parent: "pre", status: "agreed_ad_ref", open_brackets: 0 },
  { key: "obj1", kind: "section", status: "open", open_brackets: 0 },
  { key: "op1", kind: "paragraph", parent: "obj1", status: "open", open_brackets: 1 },
  { key: "op1a", kind: "subparagraph", parent: "op1", status: "agreed_informals", open_brackets: 0 },
  { key: "op2", kind: "paragraph", parent: "obj1", status: "open", open_brackets: 0 },
];
const COUNTS = countsByUnit({ units: [{ unit: "op2", amendments: 2, open: 1 }, { unit: "pp1", amendments: 0, open: 0 }] });

const keys = (filters) => [...visibleKeys(UNITS, { status: "", brackets: false, amended: false, ...filters }, COUNTS)].sort();

test("no filter shows everything", () => {
  assert.ok(noFilter(textFilters(new URLSearchParams(""))));
  assert.equal(keys({}).length, UNITS.length);
});

test("by status: the paragraph with its heading above it", () => {
  assert.deepEqual(keys({ status: "agreed_ad_ref" }), ["pp1", "pre"]);
});

test("a kept sub-paragraph keeps its chapeau and section", () => {
  assert.deepEqual(keys({ status: "agreed_informals" }), ["obj1", "op1", "op1a"]);
});

test("with brackets: the server's brackets.any, so a sub-item inside its chapeau's bracket is kept and a footnote mark is not", () => {
  const units = [
    { key: "art", kind: "section", status: "open", brackets: { any: false } },
    // "Each Party [shall take measures to:" ... "(b) report.]": one bracket over three units
    { key: "p1", kind: "paragraph", parent: "art", status: "open", open_brackets: 1, brackets: { open: 1, any: true } },
    { key: "p1a", kind: "subparagraph", parent: "p1", status: "open", open_brackets: 0, brackets: { open: 0, any: true } },
    // "Parties shall act[^3]." : no bracket
    { key: "p2", kind: "paragraph", parent: "art", status: "open", open_brackets: 0, brackets: { open: 0, any: false } },
    // "Option 2: ..." an option, no bracket
    { key: "p3", kind: "paragraph", parent: "art", status: "open", open_brackets: 0, brackets: { open: 0, options: 1, any: true } },
  ];
  const filters = { status: "", brackets: true, amended: false };
  assert.deepEqual([...visibleKeys(units, filters)].sort(), ["art", "p1", "p1a", "p3"]);
  assert.equal(filterNote(units, filters), "3 of 4 paragraphs match.");
});

test("with open brackets, with amendments, and both together", () => {
  assert.deepEqual(keys({ brackets: true }), ["obj1", "op1"]);
  assert.deepEqual(keys({ amended: true }), ["obj1", "op2"]);
  assert.deepEqual(keys({ amended: true, brackets: true }), []);
});

test("the address holds the filters", () => {
  assert.deepEqual(textFilters(new URLSearchParams("status=open&brackets=1&amended=0")),
    { status: "open", brackets: true, amended: false });
});

test("notes and badges in words", () => {
  // (a) is kept with its chapeau OP1, which does not match: one match.
  assert.equal(filterNote(UNITS, { status: "agreed_informals", brackets: false, amended: false }), "1 of 4 paragraphs match.");
  assert.equal(filterNote(UNITS, { status: "", brackets: false, amended: true }, COUNTS), "1 of 4 paragraphs match.");
  assert.equal(filterNote(UNITS, { status: "", brackets: false, amended: false }), "");
  assert.equal(amendmentBadge(COUNTS.op2), "2 amendments");
  assert.equal(amendmentBadge(COUNTS.pp1), null);
  assert.equal(amendmentBadge(undefined), null);
  assert.equal(amendmentBadge({ amendments: 1, open: 1 }), "1 amendment");
});

test("the filter note and the badge count in the interface's language", async () => {
  const { setLanguage } = await import("../lib/i18n.js");
  setLanguage("es");
  assert.equal(filterNote(UNITS, { status: "agreed_informals", brackets: false, amended: false }), "1 de 4 párrafos coinciden.");
  assert.equal(amendmentBadge(COUNTS.op2), "2 enmiendas");
  setLanguage("en");
});
