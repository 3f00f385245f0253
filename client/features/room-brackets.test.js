import { test } from "node:test";
import assert from "node:assert/strict";
import { bracketRuns } from "./room-brackets.js";

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
