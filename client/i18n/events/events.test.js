// The event catalogue against the server's: every action the server records has a sentence
// and a "many" in each of the six languages, with the placeholders of the server's sentence
// (server-catalogue.fixture.json, written by `python -m server.features.history.sentences`
// and checked to be current by tests/unit/test_event_languages.py); every word and unknown
// fact the server may send is said in each language; and the sentences fill as they should.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LANGUAGES } from "../index.js";
import * as events from "./all.js";
import { placeholders } from "../../lib/i18n.js";
import { eventSentence, manySentence, sayEvent } from "../../lib/event-sentences.js";

const server = JSON.parse(readFileSync(new URL("./server-catalogue.fixture.json", import.meta.url), "utf8"));

test("every action of the server has a sentence and a 'many' in each language, with the server's placeholders", () => {
  assert.ok(Object.keys(server.actions).length >= 58);
  for (const lang of LANGUAGES) {
    const messages = events[lang];
    for (const [action, names] of Object.entries(server.actions)) {
      const sentence = messages[`events.${action}`];
      assert.equal(typeof sentence, "string", `${lang}: no sentence for ${action}`);
      assert.deepEqual(placeholders(sentence), names, `${lang} ${action}`);
      const many = messages[`events.${action}.many`];
      assert.equal(typeof many, "string", `${lang}: no "many" for ${action}`);
      assert.deepEqual(placeholders(many), ["count"], `${lang} ${action}.many`);
    }
  }
});

test("no sentence for an action the server does not record", () => {
  for (const lang of LANGUAGES) {
    for (const key of Object.keys(events[lang])) {
      if (["events.word.", "events.unknown.", "events.mail.", "events.inbox."].some((p) => key.startsWith(p))) continue;
      const action = key.slice("events.".length).replace(/\.many$/, "");
      assert.ok(action in server.actions, `${lang}: ${key}`);
    }
  }
});

test("the inbox mail's words and the deadline's sentence (server/features/inbox) are said in each language", () => {
  const words = Object.keys(events.en).filter((key) => key.startsWith("events.mail.") || key.startsWith("events.inbox."));
  assert.ok(words.length >= 7);
  for (const lang of LANGUAGES) {
    for (const key of words) {
      assert.equal(typeof events[lang][key], "string", `${lang}: no ${key}`);
      assert.deepEqual(placeholders(events[lang][key]), placeholders(events.en[key]), `${lang} ${key}`);
    }
  }
});

test("every word and every unknown fact the server may send is said in each language", () => {
  for (const lang of LANGUAGES) {
    const messages = events[lang];
    for (const [word, names] of Object.entries(server.words)) {
      const message = messages[`events.word.${word}`];
      assert.equal(typeof message, "string", `${lang}: no word ${word}`);
      assert.deepEqual(placeholders(message), names, `${lang} word ${word}`);
    }
    for (const fact of server.facts) assert.equal(typeof messages[`events.unknown.${fact}`], "string", `${lang}: unknown.${fact}`);
  }
});

test("a sentence is filled from its facts in the reader's language; names and labels stay as they are", () => {
  const facts = { delegation: "Mexico", paragraph: "OP12 bis" };
  assert.equal(eventSentence("amendment.submitted", facts, "en"), "Mexico submitted an amendment to OP12 bis.");
  assert.equal(eventSentence("amendment.submitted", facts, "fr"), "Mexico a soumis un amendement à OP12 bis.");
  assert.equal(eventSentence("amendment.submitted", facts, "es"), "Mexico presentó una enmienda a OP12 bis.");
  assert.equal(eventSentence("amendment.submitted", facts, "zh"), "Mexico提交了对OP12 bis的修正案。");
  assert.equal(eventSentence("amendment.submitted", facts, "ar"), "Mexico: تقديم تعديل على OP12 bis.");
  const decided = { actor: { word: "actor.co_facilitator" }, decision: { word: "decision.not_reflected" },
    amendment: { word: "amendment", delegation: "Mexico", paragraph: "OP12" } };
  assert.equal(eventSentence("amendment.decided", decided, "en"), "The co-facilitators marked Mexico's amendment to OP12 as not reflected.");
  assert.equal(eventSentence("amendment.decided", decided, "fr"),
    "L’équipe de cofacilitation a marqué l’amendement de Mexico à OP12 comme non repris.");
  const invited = { actor: "Mexico", role: { word: "roleOf", role: { word: "role.delegate" }, delegation: "Chile" } };
  assert.equal(eventSentence("participant.invited", invited, "es"), "Mexico invitó a un delegado de Chile a participar.");
});

test("facts withheld read in general words, and an entry without facts keeps the server's English", () => {
  assert.equal(eventSentence("amendment.drafted", {}, "fr"), "Une délégation a enregistré un projet d’amendement à un paragraphe.");
  assert.equal(eventSentence("amendment.drafted", null, "fr"), null);
  assert.equal(eventSentence("no.such_action", {}, "fr"), null);
  assert.deepEqual(sayEvent("amendment.drafted", undefined, "Mexico saved a draft amendment to OP1.", "fr"),
    { text: "Mexico saved a draft amendment to OP1.", lang: "en" });
  assert.deepEqual(sayEvent("revision.published", { revision: "Rev.2" }, "x", "zh"), { text: "某人发布了Rev.2。", lang: "zh" });
});

test("several at once, with each language's plurals", () => {
  assert.equal(manySentence("amendment.submitted", 3, "en"), "3 amendments were submitted.");
  assert.equal(manySentence("amendment.submitted", 2, "ru"), "Представлено 2 поправки.");
  assert.equal(manySentence("amendment.submitted", 5, "ru"), "Представлено 5 поправок.");
  assert.equal(manySentence("amendment.submitted", 21, "ru"), "Представлена 21 поправка.");
  assert.equal(manySentence("amendment.submitted", 2, "ar"), "قُدّم تعديلان.");
  assert.equal(manySentence("amendment.submitted", 4, "ar"), "قُدّمت 4 تعديلات.");
  assert.equal(manySentence("amendment.submitted", 11, "ar"), "قُدّم 11 تعديلاً.");
  assert.equal(manySentence("amendment.submitted", 3, "fr"), "3 amendements ont été soumis.");
  assert.equal(manySentence("no.such_action", 3, "fr"), null);
});
