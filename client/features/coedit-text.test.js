import { test } from "node:test";
import assert from "node:assert/strict";
import { textSplice, applySplice, toBase64, fromBase64, editorsByUnit, movedCaret, wordAt, editorsLine } from "./coedit-text.js";

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

test("the word a caret stands in, in any script", () => {
  assert.equal(wordAt("We commit to cooperate.", 12), "to");
  assert.equal(wordAt("We commit to cooperate.", 5), "commit");
  assert.equal(wordAt("We commit to cooperate.", 22), "cooperate");
  assert.equal(wordAt("نحن نلتزم بالتعاون", 6), "نلتزم");
  assert.equal(wordAt("", 0), "");
  assert.equal(wordAt("a  b", 2), "");
});

test("who edits a paragraph, and where", () => {
  const carets = [{ peer: "p1", name: "Ben" }, { peer: "p2", name: "Ana" }, { peer: "p3", name: "Ana" }];
  const text = "We commit to cooperate.";
  assert.equal(editorsLine(carets, text, new Map([["p1", 4], ["p2", null], ["p3", 14]])),
    "Ana (at “cooperate”), Ben (at “commit”)");
  assert.equal(editorsLine([{ peer: "x", name: "Cy" }], text, new Map()), "Cy");
});
