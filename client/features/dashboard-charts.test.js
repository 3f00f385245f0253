import { test } from "node:test";
import assert from "node:assert/strict";
import { CATALOGUE } from "../lib/catalogue.fixture.js";
import { dashboardBars, barLayout, shortLabel, lineLayout, LINE } from "./dashboard-charts.js";

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
