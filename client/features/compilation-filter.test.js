import { test } from "node:test";
import assert from "node:assert/strict";
import { compilationFilters, compilationQuery, unCompilationNote } from "./compilation-filter.js";

const STATES = ["draft", "submitted", "withdrawn", "reflected", "merged", "not_reflected", "overtaken"];

test("the compilation shows submitted amendments unless another state is asked for", () => {
  assert.deepEqual(compilationFilters(new URLSearchParams("")), { delegation: "", state: "submitted", cluster: "" });
  assert.deepEqual(compilationFilters(new URLSearchParams("delegation=CHN&state=&cluster=finance")),
    { delegation: "CHN", state: "", cluster: "finance" });
});

test("both views ask the server the same question", () => {
  assert.deepEqual(compilationQuery({ delegation: "CHN", state: "submitted", cluster: "" }, STATES),
    { delegation: "CHN", cluster: undefined, state: ["submitted"] });
  assert.deepEqual(compilationQuery({ delegation: "", state: "reflected", cluster: "finance" }, STATES),
    { delegation: undefined, cluster: "finance", state: ["reflected"] });
});

test("all states: every state the catalogue lists", () => {
  assert.deepEqual(compilationQuery({ delegation: "", state: "", cluster: "" }, STATES).state, STATES);
});

test("unCompilationNote counts what the server compiled and what it could not place", () => {
  assert.equal(unCompilationNote({ data: { amendments: [31], unplaced: [] } }), "1 amendment compiled, as UN compilation texts print them.");
  assert.equal(unCompilationNote({ data: { amendments: [3, 4, 5], unplaced: [{ amendment: 9, reason: "its unit is not in this revision" }, { amendment: 12, reason: "conflicts: the words changed" }] } }),
    "3 amendments compiled, as UN compilation texts print them. 2 could not be placed: #9 (its unit is not in this revision); #12 (conflicts: the words changed).");
  assert.equal(unCompilationNote({}), "0 amendments compiled, as UN compilation texts print them.");
});
