import { test } from "node:test";
import assert from "node:assert/strict";
import { yourPart, mayInvite, participantControls, invitableRoles } from "./people-list.js";

const label = (c) => ({ co_facilitator: "Co-facilitator", delegate: "Delegate" })[c] ?? c;
const ROLES = [["co_facilitator", "Co-facilitator"], ["delegate", "Delegate"], ["observer", "Observer"]];

test("an administrator without a role is shown as Administrator, not an empty role", () => {
  assert.equal(yourPart({ your_role: null, administrator: true }, label), "Administrator");
  assert.equal(yourPart({ your_role: "delegate", administrator: true }, label), "Delegate");
});

test("only those the server lets manage, or a focal point, may invite", () => {
  assert.ok(mayInvite({ actions: ["participants.manage"] }));
  assert.ok(mayInvite({ actions: ["participants.add_own_delegate"], your_focal_point: true }));
  assert.ok(!mayInvite({ actions: ["participants.add_own_delegate"], your_focal_point: false }));
  assert.ok(!mayInvite({ actions: ["participants.view"] }));
});

test("a participant's controls are exactly the server's actions", () => {
  assert.deepEqual(participantControls({ actions: ["remove", "make_focal_point"] }),
    [["make_focal_point", "Make focal point"], ["remove", "Remove"]]);
  assert.deepEqual(participantControls({ actions: [] }), []);
});

test("a focal point is offered the delegate role only", () => {
  assert.deepEqual(invitableRoles({ actions: ["participants.add_own_delegate"] }, ROLES), [["delegate", "Delegate"]]);
  assert.equal(invitableRoles({ actions: ["participants.manage"] }, ROLES).length, 3);
});

test("a pending invitation offers what the server lists for it", async () => {
  const { invitationControls } = await import("./people-list.js");
  assert.deepEqual(invitationControls({ actions: ["revoke", "resend"] }), [["resend", "Send again"], ["revoke", "Revoke"]]);
  assert.deepEqual(invitationControls({ actions: [] }), []);
});
