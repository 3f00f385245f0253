import { test } from "node:test";
import assert from "node:assert/strict";
import { describeEvent, labelOf, options, presenceLabel, STATE_LABELS, PHASE_LABELS, DECISION_LABELS } from "./labels.js";

test("describeEvent says a live event in words, with its subject", () => {
  assert.equal(describeEvent({ type: "amendment.decided", subject: "#12" }), "an amendment was decided (#12)");
  assert.equal(describeEvent({ type: "revision.published", subject: "Rev.3" }), "a revision was published (Rev.3)");
  assert.equal(describeEvent({ type: "silence.broken" }), "silence was broken");
  assert.equal(describeEvent({ type: "phase.changed", subject: "" }), "the phase changed");
});

test("describeEvent shows an event type it does not know as it is", () => {
  assert.equal(describeEvent({ type: "process.configured", subject: "title" }), "process.configured (title)");
});

test("labelOf falls back to the code", () => {
  assert.equal(labelOf(STATE_LABELS, "not_reflected"), "Not reflected");
  assert.equal(labelOf(STATE_LABELS, "archived"), "archived");
});

test("options keep the labels' order (phases in the order a process goes through them)", () => {
  assert.deepEqual(options(PHASE_LABELS).map(([code]) => code), ["consultation", "stocktaking", "negotiation", "concluded"]);
  assert.deepEqual(options(DECISION_LABELS), [["reflected", "Reflected"], ["merged", "Merged"], ["not_reflected", "Not reflected"]]);
});

test("presenceLabel counts people of no delegation together", () => {
  assert.equal(presenceLabel({ delegation: "MEX", connected: 2 }), "MEX: 2 online");
  assert.equal(presenceLabel({ delegation: null, connected: 3 }), "Co-facilitators, secretariat and observers: 3 online");
});
