import { test } from "node:test";
import assert from "node:assert/strict";
import { mayOpenProcess } from "./new-process.js";

test("the form is offered only when the server lists process.open", () => {
  assert.equal(mayOpenProcess({ user: { is_admin: true }, actions: ["process.open"] }), true);
  assert.equal(mayOpenProcess({ user: { is_admin: true }, actions: [] }), false);
  assert.equal(mayOpenProcess(null), false);
});
