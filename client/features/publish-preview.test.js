import { test } from "node:test";
import assert from "node:assert/strict";
import { publishPreview, publishedNotice } from "./publish-preview.js";

const published = { label: "Rev.2", units: [
  { key: "p1", text: "Parties shall cooperate." },
  { key: "p2", text: "Parties shall report." },
  { key: "p3", text: "Parties shall review." },
] };
const workingCopy = { units: [
  { key: "p1", text: "Parties shall cooperate." },
  { key: "p2", text: "Parties shall report every two years." },
  { key: "p4", text: "[New paragraph]" },
] };
const amendments = [
  { id: 1, unit: "p2", state: "reflected", settled_in_revision_id: null },
  { id: 2, unit: "p1", state: "merged", settled_in_revision_id: null },
  { id: 3, unit: "p1", state: "reflected", settled_in_revision_id: 11 },
  { id: 4, unit: "p1", state: "submitted" },
  { id: 5, unit: "p2", state: "submitted" },
  { id: 6, unit: "p3", state: "submitted" },
  { id: 7, unit: "p3", state: "draft" },
  { id: 8, unit: "p2", state: "not_reflected", settled_in_revision_id: null },
];

test("publishPreview: what the revision reflects, what it may overtake, what changed", () => {
  const preview = publishPreview(amendments, published, workingCopy);
  assert.deepEqual(preview.reflected.map((a) => a.id), [1, 2]);
  assert.deepEqual(preview.touched.map((a) => a.id), [5, 6]); // p2 rewritten, p3 removed
  assert.equal(preview.changedUnits, 2); // p2 and the new p4
  assert.equal(preview.removed, 1);
});

test("publishPreview of the first revision: every unit is new", () => {
  const preview = publishPreview([{ id: 9, unit: "p1", state: "submitted" }], null, workingCopy);
  assert.equal(preview.changedUnits, 3);
  assert.equal(preview.removed, 0);
  assert.deepEqual(preview.touched.map((a) => a.id), [9]);
});

test("publishedNotice from the server's answer", () => {
  assert.equal(publishedNotice({ revision: { label: "Rev.3" }, reflected: [1, 2], applies: [4], conflicts: [5], overtaken: [] }),
    "Rev.3 published: reflects 2 amendment(s); 1 still apply, 1 conflict, 0 overtaken.");
  assert.equal(publishedNotice({ label: null, sequence: 3 }),
    "Revision published: reflects 0 amendment(s); 0 still apply, 0 conflict, 0 overtaken.");
});
