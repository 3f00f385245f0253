import { test } from "node:test";
import assert from "node:assert/strict";
import { passwordProblem, invitationOffer } from "./password-choice.js";

test("a chosen password is long enough and typed twice alike", () => {
  assert.equal(passwordProblem("short", "short"), "Choose at least 10 characters.");
  assert.equal(passwordProblem("long enough 1", "long enough 2"), "The two passwords are not the same.");
  assert.equal(passwordProblem("long enough 1", "long enough 1"), null);
  // Characters, not UTF-16 units: ten Arabic letters are ten.
  assert.equal(passwordProblem("كلمةالمرور", "كلمةالمرور"), null);
});

test("what an invitation offers, in words", () => {
  const base = { administrator: false, process_title: "Compact", focal_point: false, delegation: null, role: "co_facilitator" };
  assert.equal(invitationOffer(base), "to take part in Compact as co-facilitator");
  assert.equal(invitationOffer({ ...base, role: "delegate", delegation: "MEX", delegation_name: "Mexico" }),
    "to take part in Compact as delegate of Mexico");
  assert.equal(invitationOffer({ ...base, role: "delegate", delegation: "MEX", delegation_name: "Mexico", focal_point: true }),
    "to take part in Compact as focal point of Mexico");
  assert.equal(invitationOffer({ ...base, administrator: true }), "to administer Accord");
});
