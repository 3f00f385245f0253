import { test } from "node:test";
import assert from "node:assert/strict";
import { bracketRanges, bracketSummary, totalsSummary, hasBrackets, rangesWithin } from "./bracket-ranges.js";
import { segments } from "./richtext.js";
import { setLanguage } from "./i18n.js";

// A unit as the server sends it (server/core/brackets.py): "Each Party [shall][should] act[^1] ]"
const TEXT = "Each Party [shall][should] [take 𝑥 measures] ]";
const BRACKETS = {
  open: 3, alternatives: 1, options: 0, unbalanced: 1, any: true,
  spans: [
    { start: 11, end: 18, kind: "alternative", depth: 1, continued: false },
    { start: 18, end: 26, kind: "alternative", depth: 1, continued: false },
    { start: 27, end: 44, kind: "open", depth: 1, continued: false },
    { start: 45, end: 46, kind: "unbalanced", depth: 1, continued: false },
  ],
};

test("bracketRanges: one class per kind, depth for brackets, continued pieces marked", () => {
  assert.deepEqual(bracketRanges(BRACKETS).map((r) => r.class), [
    "bracket alternative depth-1", "bracket alternative depth-1", "bracket depth-1", "bracket-unbalanced"]);
  const deep = bracketRanges({ spans: [{ start: 0, end: 9, kind: "open", depth: 5, continued: true },
    { start: 0, end: 9, kind: "option" }, { start: 2, end: 2, kind: "open" }, { start: 0, end: 3, kind: "strange" }] });
  assert.deepEqual(deep, [{ start: 0, end: 9, class: "bracket depth-3 continued" }, { start: 0, end: 9, class: "option-mark" }]);
  assert.deepEqual(bracketRanges(undefined), []);
});

test("the server's code-point offsets cut the text where the brackets are (a character outside the BMP before one)", () => {
  const runs = segments(TEXT, [], [], bracketRanges(BRACKETS)).filter((s) => s.classes.length);
  assert.deepEqual(runs.map((s) => [s.text, s.classes.join(" ")]), [
    ["[shall]", "bracket alternative depth-1"], ["[should]", "bracket alternative depth-1"],
    ["[take 𝑥 measures]", "bracket depth-1"], ["]", "bracket-unbalanced"]]);
});

test("bracketSummary: what a paragraph says about its brackets", () => {
  assert.equal(bracketSummary({ brackets: BRACKETS }), "3 brackets, 1 alternative, 1 unbalanced");
  assert.equal(bracketSummary({ brackets: { open: 1, alternatives: 0, options: 2, unbalanced: 0, any: true, spans: [] } }), "1 bracket, 2 options");
  // inside a bracket opened in its chapeau: nothing of its own to count, but bracketed
  assert.equal(bracketSummary({ brackets: { open: 0, alternatives: 0, options: 0, unbalanced: 0, any: true, spans: [] } }), "within a bracket");
  assert.equal(bracketSummary({ brackets: { open: 0, alternatives: 0, options: 0, unbalanced: 0, any: false, spans: [] } }), "");
  assert.equal(bracketSummary({ open_brackets: 2 }), "2 brackets"); // an older server
  assert.equal(bracketSummary({}), "");
});

test("totalsSummary: an article's or a revision's totals", () => {
  assert.equal(totalsSummary({ units: 9, units_with_brackets: 5, open: 12, alternatives: 3, options: 0, unbalanced: 1 }),
    "12 brackets, 3 alternatives, 1 unbalanced in 5 paragraphs");
  assert.equal(totalsSummary({ units: 2, units_with_brackets: 1, open: 0, alternatives: 0, options: 2, unbalanced: 0 }), "2 options in 1 paragraph");
  assert.equal(totalsSummary({ units: 4, units_with_brackets: 0, open: 0, alternatives: 0, options: 0, unbalanced: 0 }), "");
  assert.equal(totalsSummary(null), "");
});

test("the counts are listed with each language's own separator", () => {
  const totals = { units: 9, units_with_brackets: 5, open: 12, alternatives: 3, options: 0, unbalanced: 0 };
  try {
    setLanguage("zh");
    assert.equal(totalsSummary(totals), "12 处方括号，3 个备选案文，分布于 5 个段落");
    setLanguage("ar");
    assert.ok(totalsSummary(totals).includes("، "), totalsSummary(totals));
  } finally { setLanguage("en"); }
});

test("hasBrackets follows the server's brackets.any, else open_brackets", () => {
  assert.equal(hasBrackets({ brackets: { any: true, open: 0 } }), true);
  assert.equal(hasBrackets({ brackets: { any: false }, open_brackets: 3 }), false);
  assert.equal(hasBrackets({ open_brackets: 1 }), true);
  assert.equal(hasBrackets({}), false);
});

test("rangesWithin: the ranges over one piece of a text, clipped and shifted to it", () => {
  const ranges = bracketRanges(BRACKETS);
  // the pieces "Each Party [shall]" | "[should] [take 𝑥 measures] ]" (code points 0-18, 18-46)
  assert.deepEqual(rangesWithin(ranges, 0, 18).map((r) => [r.start, r.end]), [[11, 18]]);
  assert.deepEqual(rangesWithin(ranges, 18, 46).map((r) => [r.start, r.end, r.class]), [
    [0, 8, "bracket alternative depth-1"], [9, 26, "bracket depth-1"], [27, 28, "bracket-unbalanced"]]);
  // a bracket cut by a piece's end is highlighted on both sides
  assert.deepEqual(rangesWithin(ranges, 30, 40), [{ start: 0, end: 10, class: "bracket depth-1" }]);
  assert.deepEqual(rangesWithin(undefined, 0, 5), []);
});
