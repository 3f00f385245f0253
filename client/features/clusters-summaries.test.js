import { test } from "node:test";
import assert from "node:assert/strict";
import { summaryGroups, summaryKinds } from "./clusters-summaries.js";

const clusters = [{ key: "rights", name: "Human rights" }, { key: "drivers", name: "Drivers" }];
const summaries = [
  { id: 1, kind: "session", cluster: "drivers", title: "D1", created_at: "2026-01-01T10:00:00Z" },
  { id: 2, kind: "session", cluster: "rights", title: "R1", created_at: "2026-01-02T10:00:00Z" },
  { id: 3, kind: "stocktaking", cluster: null, title: "S", created_at: "2026-01-03T10:00:00Z" },
  { id: 4, kind: "session", cluster: "rights", title: "R2", created_at: "2026-01-04T10:00:00Z" },
  { id: 5, kind: "session", cluster: "gone", title: "G", created_at: "2026-01-05T10:00:00Z" },
];

test("the stocktaking comes first, then each cluster in the process's order, newest first", () => {
  const groups = summaryGroups(clusters, summaries);
  assert.deepEqual(groups.map((g) => g.title), ["Stocktaking", "Human rights", "Drivers", "gone"]);
  assert.deepEqual(groups[1].summaries.map((s) => s.title), ["R2", "R1"]);
});

test("clusters without a summary are left out", () => {
  assert.deepEqual(summaryGroups(clusters, []), []);
});

test("the kinds are the server's", () => {
  assert.deepEqual(summaryKinds().map(([k]) => k), ["session", "stocktaking"]);
  assert.equal(summaryKinds()[1][1], "Stocktaking summary"); // in words, English by default
});

test("the link is offered to whom the server lets configure or write summaries", async () => {
  const { clustersLink } = await import("./clusters-summaries.js");
  assert.deepEqual(clustersLink({ id: 2, actions: ["summary.write"] }), ["clusters", "#/p/2/clusters", "Clusters & summaries"]);
  assert.equal(clustersLink({ id: 2, actions: ["input.view"] }), null);
});
