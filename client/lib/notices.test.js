import { test } from "node:test";
import assert from "node:assert/strict";
import { manySentence } from "./event-sentences.js";
import { addNotice, liveNotices, dismissNotice, nextExpiry, COLLAPSE_MS, SHOW_MS, SHOW_ERROR_MS, MAX_SHOWN } from "./notices.js";

const submitted = (who) => ({ text: `${who} submitted an amendment to OP12.`, key: "amendment.submitted",
  many: "{count} amendments were submitted." });

test("one notice per action, as the sentence says it", () => {
  const list = addNotice([], submitted("Mexico"), 0);
  assert.equal(list.length, 1);
  assert.equal(list[0].text, "Mexico submitted an amendment to OP12.");
  assert.equal(list[0].until, SHOW_MS);
});

test("several of the same kind within a few seconds become one", () => {
  let list = addNotice([], submitted("Mexico"), 0);
  list = addNotice(list, submitted("Switzerland"), 1000);
  list = addNotice(list, submitted("Nigeria"), 2000);
  assert.deepEqual(list.map((n) => n.text), ["3 amendments were submitted."]);
  assert.equal(list[0].until, 2000 + SHOW_MS); // kept a little longer by each
  // Later, or of another kind, it is a notice of its own.
  list = addNotice(list, submitted("Egypt"), 2000 + COLLAPSE_MS);
  list = addNotice(list, { text: "Phase: Negotiation.", key: "phase" }, 2000 + COLLAPSE_MS);
  assert.deepEqual(list.map((n) => n.text), ["3 amendments were submitted.", "Egypt submitted an amendment to OP12.",
    "Phase: Negotiation."]);
});

test("the same words without a plural read with a count", () => {
  let list = addNotice([], { text: "Saved." }, 0);
  list = addNotice(list, { text: "Saved." }, 100);
  assert.deepEqual(list.map((n) => n.text), ["Saved. (×2)"]);
  // An error never merges with information.
  list = addNotice(list, { text: "Saved.", kind: "error" }, 200);
  assert.equal(list.length, 2);
  assert.equal(list[1].until, 200 + SHOW_ERROR_MS);
});

test("never more than a few at once: the oldest goes", () => {
  let list = [];
  for (let i = 0; i < 8; i++) list = addNotice(list, { text: `Notice ${i}.` }, i);
  assert.equal(list.length, MAX_SHOWN);
  assert.deepEqual(list.map((n) => n.text), ["Notice 5.", "Notice 6.", "Notice 7."]);
});

test("notices go on their own, or with their close button", () => {
  let list = addNotice([], { text: "First." }, 0);
  list = addNotice(list, { text: "Second.", kind: "error" }, 1000);
  assert.equal(nextExpiry(list, 500), SHOW_MS - 500);
  assert.deepEqual(liveNotices(list, SHOW_MS).map((n) => n.text), ["Second."]);
  assert.deepEqual(liveNotices(list, 1000 + SHOW_ERROR_MS), []);
  assert.deepEqual(dismissNotice(list, list[1].id).map((n) => n.text), ["First."]);
  assert.equal(nextExpiry([], 0), null);
});

test("several at once in the person's language, with its plurals (many as a function of the count)", () => {
  const ru = (who) => ({ text: `${who}: представлена поправка к OP12.`, key: "amendment.submitted",
    many: (count) => manySentence("amendment.submitted", count, "ru") });
  let list = addNotice([], ru("Mexico"), 0);
  list = addNotice(list, ru("Chile"), 100);
  assert.deepEqual(list.map((n) => n.text), ["Представлено 2 поправки."]);
  for (let i = 0; i < 3; i++) list = addNotice(list, ru("Peru"), 200 + i);
  assert.deepEqual(list.map((n) => n.text), ["Представлено 5 поправок."]);
});
