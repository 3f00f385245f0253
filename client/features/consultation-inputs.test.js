import { test } from "node:test";
import assert from "node:assert/strict";
import { byCluster, inputMeta } from "./consultation-inputs.js";

test("byCluster keeps clusters in order of first appearance", () => {
  const inputs = [{ id: 1, cluster: "finance" }, { id: 2, cluster: "capacity" }, { id: 3, cluster: "finance" }];
  const groups = byCluster(inputs);
  assert.deepEqual(Object.keys(groups), ["finance", "capacity"]);
  assert.deepEqual(groups.finance.map((i) => i.id), [1, 3]);
});

test("inputMeta: who, what kind, when", () => {
  const at = "2026-02-01T09:00:00Z";
  const when = new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  assert.equal(inputMeta({ delegation: "MEX", kind: "written_contribution", created_at: at }), `MEX · written contribution · ${when}`);
  assert.equal(inputMeta({ delegation: null, kind: "statement", created_at: at }), `Stakeholder · statement · ${when}`);
});
