import { test } from "node:test";
import assert from "node:assert/strict";
import { processLinks } from "./process-links.js";

// Shaped like GET /processes/{id}, GET /processes/{id}/documents and GET /documents/{id}/revisions/{seq}.
const documents = [{ id: 1, revisions: [{ id: 10, sequence: 0 }, { id: 11, sequence: 1 }, { id: 12, sequence: 2 }] }];
const observer = { id: 3, your_role: "observer", your_delegation: null, phase: "negotiation",
  actions: ["process.view", "participants.view", "input.view", "revision.view", "amendment.view"], phase_moves: [] };
const delegate = { id: 3, your_role: "delegate", your_delegation: "MEX", phase: "negotiation",
  actions: ["process.view", "participants.add_own_delegate", "participants.view", "input.view", "revision.view",
    "amendment.propose", "amendment.withdraw", "amendment.respond", "amendment.view", "silence.break"], phase_moves: [] };
const cofac = { id: 3, your_role: "co_facilitator", your_delegation: null, phase: "negotiation",
  actions: ["process.view", "phase.change", "process.configure", "participants.manage", "participants.view", "input.view",
    "document.create", "working_copy.view", "working_copy.edit", "unit.set_status", "revision.publish", "revision.view",
    "amendment.view", "amendment.decide", "silence.start", "log.view"],
  phase_moves: [{ phase: "concluded", needs_reason: false }] };
const secretariat = { id: 3, your_role: "secretariat", your_delegation: null, phase: "negotiation",
  actions: ["process.view", "participants.manage", "participants.view", "input.view", "document.create",
    "working_copy.view", "working_copy.edit", "revision.view", "amendment.view", "log.view"], phase_moves: [] };
const rev2 = (actions) => ({ id: 12, sequence: 2, label: "Rev.2", actions, units: [] });
const keys = (links) => links.map(([key]) => key);

test("observers who may not see the proposals read: text, amendments, compare, timeline, consultation, dashboard, delegations", () => {
  const links = processLinks(observer, documents, rev2([]));
  assert.deepEqual(keys(links), ["home", "text", "amendments", "compare", "timeline", "consultation", "dashboard", "delegations"]);
  assert.deepEqual(links[1], ["text", "#/p/3/text/1/2", "Text"]);
  assert.deepEqual(links[2], ["amendments", "#/p/3/amendments", "Amendments"]);
});

test("the compilation is offered when the latest revision says it may be viewed", () => {
  assert.deepEqual(keys(processLinks(observer, documents, rev2(["view_compilation"]))),
    ["home", "text", "amendments", "compilation", "compare", "timeline", "consultation", "dashboard", "delegations"]);
});

test("a delegation sees its own amendments and the compilation", () => {
  const links = processLinks(delegate, documents, rev2(["propose", "view_compilation"]));
  assert.deepEqual(keys(links), ["home", "text", "amendments", "compilation", "compare", "timeline", "consultation", "dashboard", "delegations"]);
  assert.equal(links[2][2], "Our amendments");
  assert.equal(links[3][1], "#/p/3/compilation/1");
});

test("who may view the working copy and manage the process gets those screens too", () => {
  for (const person of [cofac, secretariat]) {
    assert.deepEqual(keys(processLinks(person, documents, rev2(["view_compilation"]))),
      ["home", "text", "amendments", "compilation", "working", "compare", "timeline", "consultation", "dashboard", "delegations", "manage"]);
  }
  // While a silence procedure runs the phase may not move; the screen is still there.
  const duringSilence = { ...cofac, actions: cofac.actions.filter((a) => a !== "phase.change"), phase_moves: [] };
  assert.ok(keys(processLinks(duringSilence, documents, rev2([]))).includes("manage"));
});

test("before anything is published: no text, no comparison, no compilation; without a document no working copy", () => {
  const unpublished = [{ id: 1, revisions: [] }];
  assert.deepEqual(keys(processLinks(cofac, unpublished, null)),
    ["home", "amendments", "working", "timeline", "consultation", "dashboard", "delegations", "manage"]);
  assert.deepEqual(keys(processLinks(delegate, [], null)), ["home", "amendments", "timeline", "consultation", "dashboard", "delegations"]);
  assert.deepEqual(keys(processLinks(delegate, null, null)), ["home", "amendments", "timeline", "consultation", "dashboard", "delegations"]);
});

test("every participant sees the process's delegations and groups; managing them is on that screen", () => {
  assert.deepEqual(processLinks(observer, documents, rev2([])).at(-1), ["delegations", "#/p/3/delegations", "Delegations"]);
});

test("an action the server does not list is not offered", () => {
  assert.deepEqual(keys(processLinks({ id: 3, your_delegation: null, actions: [] }, documents, rev2([]))),
    ["home", "text", "compare", "timeline", "dashboard"]);
});
