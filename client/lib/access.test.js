import { test } from "node:test";
import assert from "node:assert/strict";
import { accessReaction } from "./access.js";

test("a role, phase or setting change brings the page up to date", () => {
  const reaction = accessReaction("access.changed", { process_id: 1, reason: "process.configured",
    subscribed: true, role: "observer" });
  assert.equal(reaction.then, "refresh");
  assert.equal(reaction.kind, "info");
  assert.ok(!reaction.text.includes("process.configured")); // never an internal key on screen
});

test("someone removed from the process leaves it", () => {
  const reaction = accessReaction("access.changed", { process_id: 1, reason: "participant.removed",
    subscribed: false, role: null, error: { code: "not_found", message: "No process 1." } });
  assert.deepEqual(reaction, { text: "You no longer take part in this process.", kind: "error", then: "leave" });
});

test("an ended session says so in the server's words and goes to sign-in", () => {
  const message = { ok: false, error: { code: "unauthenticated", details: {},
    message: "Your session has ended or your token was revoked: sign in again." } };
  assert.deepEqual(accessReaction("access.ended", message), {
    text: "Your session has ended or your token was revoked: sign in again.", kind: "error", then: "sign-in" });
  assert.equal(accessReaction("access.ended", {}).then, "sign-in");
});
