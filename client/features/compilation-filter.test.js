import { test } from "node:test";
import assert from "node:assert/strict";
import { compilationFilters, compiledProposals, byUnit, unCompilationQuery, unCompilationNote } from "./compilation-filter.js";

const rev2 = { id: 12 };
const list = [
  { id: 1, unit: "obj1_c", revision_id: 12, cluster: "finance", state: "submitted" },
  { id: 2, unit: "obj1_c", revision_id: 11, cluster: "finance", state: "submitted" },
  { id: 3, unit: "obj2_c_a", revision_id: 12, cluster: "capacity", state: "submitted" },
  { id: 4, unit: "pp3", revision_id: 12, cluster: null, state: "submitted" },
];

test("the compilation shows submitted amendments by default", () => {
  assert.deepEqual(compilationFilters(new URLSearchParams("")), { delegation: "", state: "submitted", cluster: "" });
  assert.deepEqual(compilationFilters(new URLSearchParams("delegation=CHN&state=&cluster=finance")),
    { delegation: "CHN", state: "", cluster: "finance" });
});

test("submitted amendments are compiled on the revision they were proposed on", () => {
  assert.deepEqual(compiledProposals(list, rev2, { state: "submitted", cluster: "" }).map((a) => a.id), [1, 3, 4]);
  // Other states (or all of them) come from any revision.
  assert.deepEqual(compiledProposals(list, rev2, { state: "", cluster: "" }).map((a) => a.id), [1, 2, 3, 4]);
  assert.deepEqual(compiledProposals(list, rev2, { state: "submitted", cluster: "finance" }).map((a) => a.id), [1]);
});

test("byUnit groups in list order", () => {
  const grouped = byUnit(list);
  assert.deepEqual(Object.keys(grouped), ["obj1_c", "obj2_c_a", "pp3"]);
  assert.deepEqual(grouped.obj1_c.map((a) => a.id), [1, 2]);
});

test("the UN text is asked for with the same filters", () => {
  assert.equal(unCompilationQuery({ delegation: "CHN", state: "submitted", cluster: "" }), "delegation=CHN&state=submitted");
  assert.equal(unCompilationQuery({ delegation: "", state: "", cluster: "" }), "");
  assert.equal(unCompilationQuery({ delegation: "G77 & China", state: "", cluster: "finance" }), "delegation=G77+%26+China&cluster=finance");
});

test("unCompilationNote counts what was compiled and what could not be placed", () => {
  assert.equal(unCompilationNote({ data: { amendments: [{}], unplaced: [] } }), "1 amendment compiled, as UN compilation texts print them.");
  assert.equal(unCompilationNote({ data: { amendments: [{}, {}, {}], unplaced: [{ amendment: 9, reason: "unit deleted" }, { amendment: 12, reason: "overlaps #9" }] } }),
    "3 amendments compiled, as UN compilation texts print them. 2 could not be placed: #9 (unit deleted); #12 (overlaps #9).");
  assert.equal(unCompilationNote({}), "0 amendments compiled, as UN compilation texts print them.");
});
