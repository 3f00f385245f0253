import { test } from "node:test";
import assert from "node:assert/strict";
import { changedSince, textRows, unitEdits, bisUnit, needsBracketConfirmation } from "./working-copy-edits.js";

const para = { key: "obj1_c", kind: "paragraph", parent: "obj1", number: "3", text: "We commit to act.", status: "open", heading: null };

test("changedSince: new, or another text, status or number", () => {
  assert.equal(changedSince(para, undefined), true);
  assert.equal(changedSince(para, { ...para }), false);
  assert.equal(changedSince(para, { ...para, text: "We commit." }), true);
  assert.equal(changedSince(para, { ...para, status: "agreed_ad_ref" }), true);
  assert.equal(changedSince(para, { ...para, number: "3 bis" }), true);
});

test("textRows grows with the text, at least two rows", () => {
  assert.equal(textRows(""), 2);
  assert.equal(textRows(null), 2);
  assert.equal(textRows("x".repeat(180)), 2);
  assert.equal(textRows("x".repeat(181)), 3);
  assert.equal(textRows("x".repeat(900)), 10);
});

test("unitEdits sends only what changed", () => {
  const same = { number: "3", heading: "", text: para.text, status: "open" };
  assert.deepEqual(unitEdits(para, same, 7, false), { base_version: 7 });
  assert.deepEqual(unitEdits(para, { ...same, status: "agreed_informals" }, 7, false), { base_version: 7, status: "agreed_informals" });
  assert.deepEqual(unitEdits(para, { ...same, number: "4", text: "We commit to act now." }, 8, false),
    { base_version: 8, number: "4", text: "We commit to act now." });
});

test("unitEdits of a heading sends its heading, never a text or status", () => {
  const section = { key: "s1", kind: "section", number: null, heading: "Vision", text: null, status: "open" };
  assert.deepEqual(unitEdits(section, { number: "", heading: "Vision and principles", text: "", status: "adopted" }, 3, true),
    { base_version: 3, heading: "Vision and principles" });
  assert.deepEqual(unitEdits(section, { number: "I", heading: "Vision", text: "", status: "open" }, 3, true),
    { base_version: 3, number: "I" });
});

test("unitEdits leaves out what had no control (an edit the server did not offer)", () => {
  // A secretariat's working copy: the text may be edited, the status may not be set.
  assert.deepEqual(unitEdits(para, { number: "3", heading: undefined, text: "We act.", status: undefined }, 7, false),
    { base_version: 7, text: "We act." });
  assert.deepEqual(unitEdits(para, { status: "agreed_ad_ref" }, 7, false), { base_version: 7, status: "agreed_ad_ref" });
});

test("bisUnit: a paragraph numbered bis, beside the one it follows", () => {
  assert.deepEqual(bisUnit(para), { kind: "paragraph", parent: "obj1", number: "3 bis", text: "[New paragraph]" });
  assert.equal(bisUnit({ ...para, number: null }).number, " bis");
});

test("needsBracketConfirmation: only the server's refusal for unconfirmed open brackets", () => {
  const refusal = { status: 422, details: { field: "confirm_open_brackets", open_brackets: 2, status: "agreed_informals" } };
  assert.equal(needsBracketConfirmation(refusal), true);
  assert.equal(needsBracketConfirmation({ status: 422, details: { field: "text" } }), false);
  assert.equal(needsBracketConfirmation({ status: 409, details: { field: "confirm_open_brackets", open_brackets: 2 } }), false);
  assert.equal(needsBracketConfirmation(new Error("network")), false);
});
