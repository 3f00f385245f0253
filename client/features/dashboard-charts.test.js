import { test } from "node:test";
import assert from "node:assert/strict";
import { CATALOGUE } from "../lib/catalogue.fixture.js";
import { dashboardBars, barLayout, shortLabel, lineLayout, linePath, chartTable, LINE } from "./dashboard-charts.js";

test("dashboardBars names each bar", () => {
  const bars = dashboardBars({
    per_delegation: [{ key: "MEX", count: 4 }, { key: "EU", count: 2 }],
    per_cluster: [{ key: "finance", name: "Finance", count: 3 }, { key: null, name: null, count: 1 }],
    per_state: [{ key: "not_reflected", count: 2 }, { key: "archived", count: 1 }],
  }, CATALOGUE);
  assert.deepEqual(bars.perDelegation, [["MEX", 4], ["EU", 2]]);
  assert.deepEqual(bars.perCluster, [["Finance", 3], ["No cluster", 1]]);
  assert.deepEqual(bars.perState, [["Not reflected", 2], ["archived", 1]]);
});

test("barLayout scales bars to the largest count", () => {
  const layout = barLayout([["MEX", 4], ["EU", 2], ["RUS", 0]]);
  assert.equal(layout.viewBox, "0 0 520 70");
  assert.equal(layout.ariaLabel, "MEX: 4; EU: 2; RUS: 0");
  assert.deepEqual(layout.bars.map((b) => [b.y, b.width]), [[2, 290], [24, 145], [46, 0]]);
  assert.equal(barLayout([]).ariaLabel, "No data");
});

test("shortLabel cuts long names", () => {
  assert.equal(shortLabel("Group of 77 and China"), "Group of 77 and China");
  assert.equal(shortLabel("Alliance of Small Island States (AOSIS)"), "Alliance of Small Island St…");
  assert.equal(shortLabel("Alliance of Small Island States (AOSIS)").length, 28);
});

test("lineLayout puts revisions across and figures up, on one scale", () => {
  const revisions = [
    { label: "Zero draft", units_agreed: 0, open_brackets: 40 },
    { label: "Rev.1", units_agreed: 10, open_brackets: 25 },
    { label: "Rev.2", units_agreed: 30, open_brackets: 8 },
  ];
  const { maxY, x, y, ariaLabel } = lineLayout(revisions);
  assert.equal(maxY, 40);
  assert.deepEqual([x(0), x(1), x(2)], [LINE.pad, 260, LINE.width - LINE.pad]);
  assert.equal(y(0), LINE.height - LINE.pad);
  assert.equal(y(40), LINE.pad);
  assert.equal(y(20), 110);
  assert.match(ariaLabel, /^Zero draft: 0 agreed, 40 open brackets; Rev\.1: /);
  const one = lineLayout([{ label: "Zero draft", units_agreed: 0, open_brackets: 0 }]);
  assert.equal(one.maxY, 1);
  assert.equal(one.x(0), LINE.pad);
  assert.equal(lineLayout([]).ariaLabel, "No revision");
});

test("a line is an open path through its points, never closed into a filled wedge", () => {
  assert.equal(linePath([[36, 184], [260, 36], [484, 110]]), "M36,184 L260,36 L484,110");
  assert.equal(linePath([[36, 184]]), "M36,184");
  assert.equal(linePath([]), "");
  assert.ok(!/z/i.test(linePath([[0, 0], [1, 1], [2, 0]])));
});

test("every chart has its figures as a table behind it", () => {
  assert.deepEqual(chartTable.bars([["MEX", 3], ["CHE", 1]], "Delegation"),
    { head: ["Delegation", "Amendments"], rows: [["MEX", 3], ["CHE", 1]] });
  assert.deepEqual(chartTable.lines([{ label: "Zero draft", sequence: 0, units_agreed: 0, open_brackets: 4 },
    { label: null, sequence: 1, units_agreed: 2, open_brackets: 1 }]),
  { head: ["Revision", "Paragraphs agreed", "Open brackets"], rows: [["Zero draft", 0, 4], ["Revision 1", 2, 1]] });
});
