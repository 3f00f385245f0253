import { test } from "node:test";
import assert from "node:assert/strict";
import { kindCarriesText, kindShowsPreview, proposedText, canPropose, cardActions, showsDiff, stancesText,
  listFilters, listTitle, groupByState } from "./amendment-rules.js";

const amendment = (over = {}) => ({
  id: 7, delegation: "MEX", co_proponents: ["EU"], state: "submitted", kind: "change_words",
  supporters: [], opposers: [], diff: [{ op: "equal", text: "x" }], ...over,
});
const mex = { role: "delegate", delegation: "MEX" };
const eu = { role: "delegate", delegation: "EU" };
const rus = { role: "delegate", delegation: "RUS" };
const cofac = { role: "co_facilitator", delegation: null };
const observer = { role: "observer", delegation: null };
const on = (actions) => Object.entries(actions).filter(([k, v]) => k !== "currentStance" && v).map(([k]) => k);

test("which kinds carry text, which are previewed", () => {
  assert.deepEqual(["change_words", "add_unit", "delete_unit", "alternative", "retain", "reservation"].filter(kindCarriesText),
    ["change_words", "add_unit", "alternative"]);
  assert.equal(kindShowsPreview("change_words"), true);
  assert.equal(kindShowsPreview("alternative"), false);
});

test("proposedText: new paragraphs and alternatives start empty, a change of words from the paragraph", () => {
  const paragraph = "We commit to address the root causes.";
  assert.equal(proposedText("alternative", paragraph, paragraph), "");
  assert.equal(proposedText("add_unit", paragraph, paragraph), "");
  assert.equal(proposedText("alternative", "Our own words", paragraph), "Our own words");
  assert.equal(proposedText("change_words", "", paragraph), paragraph);
  assert.equal(proposedText("change_words", "Edited", paragraph), "Edited");
  assert.equal(proposedText("retain", "", paragraph), "");
});

test("delegates propose in negotiation, on the latest revision", () => {
  const latest = { sequence: 2 };
  const delegate = { your_role: "delegate", phase: "negotiation" };
  assert.equal(canPropose(delegate, { sequence: 2 }, latest), true);
  assert.equal(canPropose(delegate, { sequence: 1 }, latest), false);
  assert.equal(canPropose({ ...delegate, phase: "stocktaking" }, { sequence: 2 }, latest), false);
  assert.equal(canPropose({ your_role: "co_facilitator", phase: "negotiation" }, { sequence: 2 }, latest), false);
  assert.equal(canPropose(delegate, { sequence: 0 }, null), false);
});

test("the proponent submits, edits, withdraws and names co-proponents of its draft", () => {
  assert.deepEqual(on(cardActions(amendment({ state: "draft" }), mex)), ["submit", "withdraw", "editDraft", "coProponents"]);
  assert.deepEqual(on(cardActions(amendment(), mex)), ["withdraw", "coProponents"]);
  assert.deepEqual(on(cardActions(amendment({ state: "reflected" }), mex)), []);
});

test("other delegations support or oppose a submitted amendment; co-proponents do not", () => {
  assert.deepEqual(on(cardActions(amendment(), rus)), ["stance"]);
  assert.equal(cardActions(amendment(), rus).currentStance, null);
  assert.equal(cardActions(amendment({ supporters: ["RUS"] }), rus).currentStance, "support");
  assert.equal(cardActions(amendment({ opposers: ["RUS"] }), rus).currentStance, "oppose");
  assert.deepEqual(on(cardActions(amendment(), eu)), []);
  assert.deepEqual(on(cardActions(amendment({ state: "draft" }), rus)), []);
});

test("co-facilitators decide submitted amendments, unless told otherwise", () => {
  assert.deepEqual(on(cardActions(amendment(), cofac)), ["decide"]);
  assert.deepEqual(on(cardActions(amendment({ state: "withdrawn" }), cofac)), []);
  assert.deepEqual(on(cardActions(amendment(), cofac, { decide: false })), []);
  assert.deepEqual(on(cardActions(amendment(), observer)), []);
});

test("a card shows the diff of a change of words only", () => {
  assert.equal(showsDiff(amendment()), true);
  assert.equal(showsDiff(amendment({ kind: "alternative" })), false);
  assert.equal(showsDiff(amendment({ diff: null })), false);
});

test("stancesText", () => {
  assert.equal(stancesText(amendment({ supporters: ["MEX", "EU"], opposers: ["RUS"] })), "Supported by MEX, EU. Opposed by RUS.");
  assert.equal(stancesText(amendment({ opposers: ["G77"] })), "Opposed by G77.");
  assert.equal(stancesText(amendment()), "");
});

test("the list shows a delegate its own amendments by default", () => {
  const empty = new URLSearchParams("");
  assert.deepEqual(listFilters(empty, mex), { delegation: "MEX", state: "", kind: "" });
  assert.deepEqual(listFilters(empty, cofac), { delegation: "", state: "", kind: "" });
  assert.deepEqual(listFilters(new URLSearchParams("delegation=&state=submitted&kind="), mex), { delegation: "", state: "submitted", kind: "" });
  assert.equal(listTitle({ delegation: "MEX" }, mex), "Amendments of MEX and what became of them");
  assert.equal(listTitle({ delegation: "" }, mex), "Amendments");
  assert.equal(listTitle({ delegation: "MEX" }, cofac), "Amendments");
});

test("groupByState keeps the states in order of first appearance", () => {
  const list = [amendment({ id: 1, state: "submitted" }), amendment({ id: 2, state: "draft" }), amendment({ id: 3, state: "submitted" })];
  const grouped = groupByState(list);
  assert.deepEqual(Object.keys(grouped), ["submitted", "draft"]);
  assert.deepEqual(grouped.submitted.map((a) => a.id), [1, 3]);
  assert.deepEqual(groupByState(null), {});
});
