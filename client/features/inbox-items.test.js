import { test } from "node:test";
import assert from "node:assert/strict";
import { badgeText, inboxLabel, inboxQuery, itemView, pageCount, safeLink, shouldRecount, sentenceOf } from "./inbox-items.js";

test("the badge shows the unread count, nothing when there is none", () => {
  assert.equal(badgeText(0), "");
  assert.equal(badgeText(3), "3");
  assert.equal(badgeText(250), "99+");
  assert.equal(badgeText(undefined), "");
  assert.equal(inboxLabel(2), "Inbox, 2 unread");
  assert.equal(inboxLabel(0), "Inbox, nothing unread");
});

test("a decision or an invitation calls for the count again; presence does not", () => {
  assert.equal(shouldRecount({ type: "amendment.decided", seq: 4 }), true);
  assert.equal(shouldRecount({ type: "amendment.co_sponsor_invited" }), true);
  assert.equal(shouldRecount({ type: "working_copy.unit_edited" }), false);
  assert.equal(shouldRecount(null), false);
});

test("an item links only within the client", () => {
  assert.equal(safeLink("#/p/3/amendments?delegation=MEX&amendment=7"), "#/p/3/amendments?delegation=MEX&amendment=7");
  assert.equal(safeLink("javascript:alert(1)"), "#/");
  assert.equal(safeLink("https://evil.example/#/p/1"), "#/");
  assert.equal(safeLink("#/p/1\"><script>"), "#/");
});

test("an item reads as its sentence, why it is there, and whether it is unread", () => {
  const view = itemView({ key: "entry:9", sentence: "The co-facilitators marked Mexico's amendment to OP3 as reflected.",
    process_title: "Compact", concern: "our_amendment", link: "#/p/1/amendments", at: "2026-03-02T09:00:00Z", read: false });
  assert.deepEqual(view, { key: "entry:9", sentence: "The co-facilitators marked Mexico's amendment to OP3 as reflected.",
    process: "Compact", why: "Your amendment", link: "#/p/1/amendments", at: "2026-03-02T09:00:00Z", unread: true, lang: "en" });
});

test("an item with its facts reads in the person's language; names stay as they are", () => {
  const item = { key: "entry:9", sentence: "The co-facilitators marked Mexico's amendment to OP3 as reflected.", action: "amendment.decided",
    facts: { actor: { word: "actor.co_facilitator" }, decision: { word: "decision.reflected" },
      amendment: { word: "amendment", delegation: "Mexico", paragraph: "OP3" } } };
  assert.deepEqual(sentenceOf(item, "fr"), { sentence: "L’équipe de cofacilitation a marqué l’amendement de Mexico à OP3 comme repris.", lang: "fr" });
  assert.deepEqual(sentenceOf(item, "zh"), { sentence: "共同协调人将Mexico对OP3的修正案标记为已采纳。", lang: "zh" });
  // Without facts: the server's sentence, in English.
  assert.deepEqual(sentenceOf({ sentence: "The silence procedure on Rev.1 ends in about 3 hours.", action: null, facts: null }, "fr"),
    { sentence: "The silence procedure on Rev.1 ends in about 3 hours.", lang: "en" });
  // A deadline has no action but its facts: said in the person's language, with its plurals.
  const deadline = { sentence: "The silence procedure on Rev.1 ends in about 3 hours.", action: null,
    concern: "silence_ending", facts: { revision: "Rev.1", hours: 3 } };
  assert.deepEqual(sentenceOf(deadline, "fr"),
    { sentence: "La procédure d’accord tacite sur Rev.1 prend fin dans environ 3 heures.", lang: "fr" });
  assert.deepEqual(sentenceOf({ ...deadline, facts: { revision: "Rev.1", hours: 1 } }, "ru"),
    { sentence: "Процедура молчания по Rev.1 завершится примерно через 1 час.", lang: "ru" });
});

test("the list's address gives its order, filter and page", () => {
  assert.deepEqual(inboxQuery(new URLSearchParams("order=newest&unread=1&page=3"), 20),
    { order: "newest", unread_only: "true", offset: 40, limit: 20 });
  assert.deepEqual(inboxQuery(new URLSearchParams("page=-2")), { order: "unread", unread_only: "false", offset: 0, limit: 50 });
  assert.equal(pageCount(0), 1);
  assert.equal(pageCount(101, 50), 3);
});
