import { test } from "node:test";
import assert from "node:assert/strict";
import { bracketRuns, roomRanges } from "./room-brackets.js";

const show = (runs) => runs.map((r) => `${r.depth}${r.alt ? "*" : ""}:${r.text}`);

test("nested brackets get their depth", () => {
  assert.deepEqual(show(bracketRuns("a [b [c]] d")), ["0:a ", "1:[b ", "2:[c]", "1:]", "0: d"]);
});

test("alternatives side by side or with a slash are marked", () => {
  assert.deepEqual(show(bracketRuns("[A][B] x")), ["1*:[A]", "1*:[B]", "0: x"]);
  assert.deepEqual(show(bracketRuns("x [A / B]")), ["0:x ", "1*:[A / B]"]);
  assert.deepEqual(show(bracketRuns("[A] and [B]")), ["1:[A]", "0: and ", "1:[B]"]);
});

test("an unclosed bracket runs to the end; a stray closing one is text", () => {
  assert.deepEqual(show(bracketRuns("a ] b [c")), ["0:a ] b ", "1:[c"]);
  assert.deepEqual(bracketRuns(""), []);
});

test("the runs always spell the text (Arabic and Chinese too)", () => {
  for (const text of ["[مرحبا] بكم [و][أو]", "我们[承诺]合作", "a [[b]] [c"]) {
    assert.equal(bracketRuns(text).map((r) => r.text).join(""), text);
  }
});

test("roomRanges: the server's spans for the saved text, a local reading while it is being typed", () => {
  const unit = { text: "Parties [shall][should] act[^1]", brackets: { open: 2, alternatives: 1, any: true, spans: [
    { start: 8, end: 15, kind: "alternative", depth: 1, continued: false },
    { start: 15, end: 23, kind: "alternative", depth: 1, continued: false }] } };
  assert.deepEqual(roomRanges(unit.text, unit), [
    { start: 8, end: 15, class: "bracket alternative depth-1" }, { start: 15, end: 23, class: "bracket alternative depth-1" }]);
  // typed past the saved text: highlighted as typed, in code points
  assert.deepEqual(roomRanges("𝑥 [a [b]]", unit), [
    { start: 2, end: 5, class: "bracket depth-1" }, { start: 5, end: 8, class: "bracket depth-2" }, { start: 8, end: 9, class: "bracket depth-1" }]);
  assert.deepEqual(roomRanges("plain", null), []);
});
