import { test } from "node:test";
import assert from "node:assert/strict";
import { originKey, originText, groupOrigins, quotedWords } from "./attribution-origins.js";

const doc = { revisions: [{ sequence: 0, label: "Zero draft" }, { sequence: 1, label: "Rev.1" }, { sequence: 2, label: "Rev.2" }] };
const zero = { kind: "original", revision: 0, amendment_ids: [], proponents: [] };
const amendment8 = { kind: "amendment", revision: 1, amendment_ids: [8], proponents: ["PHL", "BGD"] };
const amendment19 = { kind: "amendment", revision: 2, amendment_ids: [19], proponents: ["EU"] };
const cofacs = { kind: "co_facilitators", revision: 2, amendment_ids: [], proponents: [] };

test("originText says where words came from", () => {
  assert.equal(originText(doc, zero), "From the zero draft");
  assert.equal(originText(doc, { ...zero, revision: 1 }), "From Rev.1 (first text)");
  assert.equal(originText(doc, amendment8), "From amendment #8 (PHL, BGD) in Rev.1");
  assert.equal(originText(doc, { kind: "amendment", revision: 2, amendment_ids: [3, 5], proponents: [] }), "From amendments #3, #5 in Rev.2");
  assert.equal(originText(doc, { kind: "amendment", revision: 2, amendment_ids: [], proponents: ["G77"] }), "From an amendment in Rev.2");
  assert.equal(originText(doc, cofacs), "Co-facilitators' edit in Rev.2");
});

test("originKey tells origins apart by kind, revision and amendments", () => {
  assert.equal(originKey(amendment8), "amendment:1:8");
  assert.notEqual(originKey(amendment8), originKey({ ...amendment8, revision: 2 }));
  assert.equal(originKey(zero), "original:0:");
});

test("groupOrigins: one entry per origin in order of first appearance, amendments coloured in turn", () => {
  const spans = [
    { text: "We commit to ", origin: zero },
    { text: "step up ", origin: amendment19 },
    { text: "international cooperation ", origin: cofacs },
    { text: "to ", origin: zero },
    { text: "combat ", origin: amendment19 },
    { text: "and regional", origin: amendment8 },
    { text: " ", origin: zero },
  ];
  const origins = [...groupOrigins(spans).values()];
  assert.deepEqual(origins.map((o) => [o.n, o.cls, o.words]), [
    [1, "origin-original", ["We commit to", "to", ""]],
    [2, "origin-amendment.origin-a0", ["step up", "combat"]],
    [3, "origin-co_facilitators", ["international cooperation"]],
    [4, "origin-amendment.origin-a1", ["and regional"]],
  ]);
  assert.equal(quotedWords(origins[1].words), "“step up” … “combat”");
  assert.equal(quotedWords(origins[0].words), "“We commit to” … “to”");
});

test("groupOrigins cycles four amendment colours", () => {
  const spans = [1, 2, 3, 4, 5].map((id) => ({ text: `w${id}`, origin: { kind: "amendment", revision: 1, amendment_ids: [id], proponents: [] } }));
  assert.deepEqual([...groupOrigins(spans).values()].map((o) => o.cls.split(".")[1]),
    ["origin-a0", "origin-a1", "origin-a2", "origin-a3", "origin-a0"]);
});
