import { test } from "node:test";
import assert from "node:assert/strict";
import { processLinks } from "./process-links.js";

const documents = [{ id: 1, revisions: [{ sequence: 0 }, { sequence: 1 }, { sequence: 2 }] }];
const keys = (links) => links.map(([key]) => key);

test("observers read: text, amendments, compare, timeline, consultation, dashboard", () => {
  const links = processLinks({ id: 3, your_role: "observer" }, documents);
  assert.deepEqual(keys(links), ["home", "text", "amendments", "compare", "timeline", "consultation", "dashboard"]);
  assert.deepEqual(links[1], ["text", "#/p/3/text/1/2", "Text"]);
  assert.deepEqual(links[2], ["amendments", "#/p/3/amendments", "Amendments"]);
});

test("delegates see their own amendments and the compilation", () => {
  const links = processLinks({ id: 3, your_role: "delegate" }, documents);
  assert.deepEqual(keys(links), ["home", "text", "amendments", "compilation", "compare", "timeline", "consultation", "dashboard"]);
  assert.equal(links[2][2], "Our amendments");
  assert.equal(links[3][1], "#/p/3/compilation/1");
});

test("co-facilitators and the secretariat also have the working copy and phases & silence", () => {
  for (const role of ["co_facilitator", "secretariat"]) {
    assert.deepEqual(keys(processLinks({ id: 3, your_role: role }, documents)),
      ["home", "text", "amendments", "compilation", "working", "compare", "timeline", "consultation", "dashboard", "manage"]);
  }
});

test("before anything is published: no text, no comparison; without a document no compilation", () => {
  const unpublished = [{ id: 1, revisions: [] }];
  assert.deepEqual(keys(processLinks({ id: 3, your_role: "co_facilitator" }, unpublished)),
    ["home", "amendments", "compilation", "working", "timeline", "consultation", "dashboard", "manage"]);
  assert.deepEqual(keys(processLinks({ id: 3, your_role: "delegate" }, [])),
    ["home", "amendments", "timeline", "consultation", "dashboard"]);
  assert.deepEqual(keys(processLinks({ id: 3, your_role: "delegate" }, null)),
    ["home", "amendments", "timeline", "consultation", "dashboard"]);
});
