import { test } from "node:test";
import assert from "node:assert/strict";
import { historyHashLine, shortHash } from "./history-hash.js";

const hash = "3f2a9c1d" + "0".repeat(56);

test("historyHashLine: the hash's first digits, and whether the server says a seal covers it", () => {
  assert.equal(historyHashLine({ history_hash: hash, history_sealed: true }), "History hash: 3f2a9c1d…, sealed");
  assert.equal(historyHashLine({ history_hash: hash, history_sealed: false }), "History hash: 3f2a9c1d…, not sealed");
});

test("historyHashLine: nothing for the working copy or a revision without one", () => {
  assert.equal(historyHashLine({ history_hash: null }), null);
  assert.equal(historyHashLine(undefined), null);
  assert.equal(shortHash(hash), "3f2a9c1d…");
});
