import { test } from "node:test";
import assert from "node:assert/strict";
import { latestRevision, revisionName, revisionLabel, revisionLabelById, revisionOptions } from "./revisions.js";

const compact = {
  id: 1,
  revisions: [
    { id: 10, sequence: 0, label: "Zero draft" },
    { id: 11, sequence: 1, label: "Rev.1" },
    { id: 12, sequence: 2, label: null },
  ],
};
const declaration = { id: 2, revisions: [{ id: 20, sequence: 0, label: "Zero draft" }] };

test("latestRevision is the last published, none before the first", () => {
  assert.equal(latestRevision(compact).id, 12);
  assert.equal(latestRevision({ revisions: [] }), null);
});

test("revisions are called by their label, else by their number", () => {
  assert.equal(revisionName(compact.revisions[1]), "Rev.1");
  assert.equal(revisionName(compact.revisions[2]), "Revision 2");
  assert.equal(revisionLabel(compact, 1), "Rev.1");
  assert.equal(revisionLabel(compact, 2), "Revision 2");
  assert.equal(revisionLabel({ revisions: [] }, 0), "Zero draft");
  assert.equal(revisionLabel(null, 3), "Revision 3");
});

test("revisionLabelById looks through every document of the process", () => {
  assert.equal(revisionLabelById([compact, declaration], 11), "Rev.1");
  assert.equal(revisionLabelById([compact, declaration], 20), "Zero draft");
  assert.equal(revisionLabelById([compact, declaration], 99), "a later revision");
  assert.equal(revisionLabelById(null, 11), "a later revision");
});

test("revisionOptions for a picker", () => {
  assert.deepEqual(revisionOptions(compact), [[0, "Zero draft"], [1, "Rev.1"], [2, "Revision 2"]]);
});
