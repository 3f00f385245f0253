import { test } from "node:test";
import assert from "node:assert/strict";
import { textSplice, applySplice, toBase64, fromBase64, editorsByUnit, movedCaret } from "./coedit-text.js";

test("the splice of a typed character, a deletion and a replacement", () => {
  assert.deepEqual(textSplice("abcdef", "abXcdef"), { at: 2, removed: 0, inserted: "X" });
  assert.deepEqual(textSplice("abcdef", "abdef"), { at: 2, removed: 1, inserted: "" });
  assert.deepEqual(textSplice("abcdef", "abXYef"), { at: 2, removed: 2, inserted: "XY" });
  assert.deepEqual(textSplice("same", "same"), { at: 4, removed: 0, inserted: "" });
  assert.deepEqual(textSplice("aaa", "aaaa"), { at: 3, removed: 0, inserted: "a" });
});

test("a splice never cuts a character outside the BMP in two", () => {
  const before = "a😀b";
  const after = "a😁b"; // same high surrogate, different low one
  const splice = textSplice(before, after);
  assert.deepEqual(splice, { at: 1, removed: 2, inserted: "😁" });
  assert.equal(applySplice(before, splice), after);
});

test("splices replay every edit of Arabic, Chinese and emoji text", () => {
  const steps = ["", "مرحبا", "مرحبا 中文", "مرحبا 中文 😀", "مرحبا 😀", "[مرحبا] 😀"];
  let shown = steps[0];
  for (const next of steps.slice(1)) {
    shown = applySplice(shown, textSplice(shown, next));
    assert.equal(shown, next);
  }
});

test("base64 round trip of bytes", () => {
  const bytes = new Uint8Array([0, 1, 2, 250, 255, 128]);
  assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
  assert.equal(toBase64(new Uint8Array([0, 0])), "AAA=");
});

test("who is editing which paragraph", () => {
  const shown = editorsByUnit([{ unit: "op1", name: "Ana" }, { unit: "op1", name: "Ben" },
    { unit: "op1", name: "Ana" }, { unit: null, name: "Cy" }, { unit: "op2", name: "Cy" }]);
  assert.deepEqual([...shown], [["op1", ["Ana", "Ben"]], ["op2", ["Cy"]]]);
});

test("a caret keeps its place when someone else types before it, after it or over it", () => {
  assert.equal(movedCaret(5, { at: 0, removed: 0, inserted: "ab" }), 7);
  assert.equal(movedCaret(5, { at: 8, removed: 1, inserted: "xyz" }), 5);
  assert.equal(movedCaret(5, { at: 3, removed: 4, inserted: "Q" }), 4);
  assert.equal(movedCaret(5, { at: 1, removed: 2, inserted: "" }), 3);
});
