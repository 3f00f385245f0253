import { test } from "node:test";
import assert from "node:assert/strict";
import { isWrite, newKey, sendOnce, waitMs, worthRetrying } from "./retry.js";

const answer = (status, body = null, headers = {}) => ({
  status,
  headers: new Headers(headers),
  clone() { return this; },
  json: async () => body,
});
const noSleep = async () => {};

test("only writes carry a key", () => {
  for (const method of ["POST", "put", "PATCH", "DELETE"]) assert.ok(isWrite(method));
  for (const method of ["GET", "HEAD", "OPTIONS"]) assert.ok(!isWrite(method));
});

test("each write has a new key the server accepts", () => {
  const a = newKey(), b = newKey();
  assert.notEqual(a, b);
  assert.match(a, /^[\x21-\x7e]{1,255}$/);
  assert.match(newKey({ getRandomValues: (bytes) => bytes.fill(7) }), /^(07){16}$/);
});

test("a retry after a dropped connection re-sends the same key", async () => {
  const keys = [];
  const replies = [() => { throw new TypeError("Failed to fetch"); }, () => answer(503, null, { "Retry-After": "2" }), () => answer(201, { id: 4 })];
  const slept = [];
  const response = await sendOnce((key) => { keys.push(key); return replies[keys.length - 1](); },
    { key: "k-1", sleep: async (ms) => slept.push(ms) });
  assert.equal(response.status, 201);
  assert.deepEqual(keys, ["k-1", "k-1", "k-1"]);
  assert.deepEqual(slept, [500, 2000]);
});

test("a refusal is returned at once: it changed nothing and would be refused again", async () => {
  let sent = 0;
  const response = await sendOnce(() => { sent += 1; return answer(422, { error: { code: "invalid" } }); }, { sleep: noSleep });
  assert.equal(response.status, 422);
  assert.equal(sent, 1);
  assert.equal(await worthRetrying(answer(409, { error: { code: "stale" } })), false);
  assert.equal(await worthRetrying(answer(409, { error: { code: "idempotency_key_in_use" } })), true);
});

test("after the last attempt the last answer, or the network's error, is given", async () => {
  const down = await sendOnce(() => answer(503), { attempts: 3, sleep: noSleep });
  assert.equal(down.status, 503);
  await assert.rejects(sendOnce(() => { throw new TypeError("offline"); }, { attempts: 2, sleep: noSleep }), TypeError);
});

test("the wait follows Retry-After, within reason, else grows", () => {
  assert.equal(waitMs(answer(503, null, { "Retry-After": "3" }), 0), 3000);
  assert.equal(waitMs(answer(503, null, { "Retry-After": "9999" }), 0), 30000);
  assert.equal(waitMs(null, 0), 500);
  assert.equal(waitMs(null, 2), 2000);
  assert.equal(waitMs(null, 10), 8000);
});
