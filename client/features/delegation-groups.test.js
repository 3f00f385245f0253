import { test } from "node:test";
import assert from "node:assert/strict";
import { delegationLists, memberChoices } from "./delegation-groups.js";

// Shaped like GET /processes/{id}/delegations.
const all = [
  { id: 1, code: "MEX", name: "Mexico", kind: "state", members: [] },
  { id: 5, code: "EU", name: "European Union", kind: "organisation", members: ["DEU"] },
  { id: 3, code: "AFRICAN_GROUP", name: "African Group", kind: "group", members: ["NGA", "EGY"] },
  { id: 2, code: "NGA", name: "Nigeria", kind: "state", members: [] },
  { id: 4, code: "EGY", name: "Egypt", kind: "state", members: [] },
  { id: 6, code: "DEU", name: "Germany", kind: "state", members: [] },
  { id: 7, code: "FRIENDS", name: "Friends of Migration", kind: "group", members: [] },
];
const names = (list) => list.map((d) => d.name);

test("delegations speaking for themselves and groups are listed apart, by name", () => {
  const { delegations, groups } = delegationLists(all);
  assert.deepEqual(names(delegations), ["Egypt", "Germany", "Mexico", "Nigeria"]);
  assert.deepEqual(names(groups), ["African Group", "European Union", "Friends of Migration"]);
  assert.deepEqual(names(groups[0].memberDelegations), ["Egypt", "Nigeria"]);
  assert.deepEqual(groups[2].memberDelegations, []);
});

test("a group may take the process's delegations that are not members yet, never itself", () => {
  const group = all.find((d) => d.code === "AFRICAN_GROUP");
  assert.deepEqual(names(memberChoices(all, group)),
    ["European Union", "Friends of Migration", "Germany", "Mexico"]);
  const friends = all.find((d) => d.code === "FRIENDS");
  assert.ok(!memberChoices(all, friends).some((d) => d.id === friends.id));
});

test("only what the server listed is offered: a code the list does not hold is never shown", () => {
  const stray = { id: 9, code: "G", name: "Group", kind: "group", members: ["ZZZ", "MEX"] };
  const { groups } = delegationLists([...all, stray]);
  assert.deepEqual(names(groups.find((g) => g.code === "G").memberDelegations), ["Mexico"]);
});

test("a new delegation's code is proposed from its name", async () => {
  const { codeFromName } = await import("./delegation-groups.js");
  assert.equal(codeFromName("African Group"), "AFRICAN_GROUP");
  assert.equal(codeFromName("Côte d'Ivoire"), "COTE_D_IVOIRE");
  assert.equal(codeFromName("  Mexico "), "MEXICO");
});

test("rename and remove are offered only as the server lists them", async () => {
  const { delegationControls } = await import("./delegation-groups.js");
  assert.deepEqual(delegationControls({ actions: ["rename", "change_members"] }), [["rename", "Rename"]]);
  assert.deepEqual(delegationControls({ actions: ["remove", "rename"] }), [["rename", "Rename"], ["remove", "Remove"]]);
  assert.deepEqual(delegationControls({}), []);
});
