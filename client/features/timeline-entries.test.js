import { test } from "node:test";
import { setLanguage } from "../lib/i18n.js";
import assert from "node:assert/strict";
import { CATALOGUE } from "../lib/catalogue.fixture.js";
import { timelineEntries, recentHistory } from "./timeline-entries.js";

const compact = { id: 1, title: "Compact", revisions: [
  { id: 10, sequence: 0, label: "Zero draft", published_at: "2026-01-10T09:00:00Z" },
  { id: 11, sequence: 1, label: "Rev.1", published_at: "2026-03-02T09:00:00Z" },
] };
const declaration = { id: 2, title: "Declaration", revisions: [
  { id: 20, sequence: 0, label: "Zero draft", published_at: "2026-02-01T09:00:00Z" },
] };
const silence = { id: 5, revision_label: "Rev.1", started_at: "2026-03-02T09:00:00Z", deadline: "2026-03-05T10:00:00Z", state: "agreed" };

test("timelineEntries: revisions and silence procedures, oldest first", () => {
  const entries = timelineEntries([compact, declaration], [silence]);
  assert.deepEqual(entries.map((e) => [e.kind, e.kind === "revision" ? `${e.document.title} ${e.revision.label}` : e.silence.id]), [
    ["revision", "Compact Zero draft"],
    ["revision", "Declaration Zero draft"],
    ["revision", "Compact Rev.1"],
    ["silence", 5], // the same moment as Rev.1: after it
  ]);
});

test("each revision knows the one before it (for 'what changed since')", () => {
  const entries = timelineEntries([compact], []);
  assert.equal(entries[0].previous, null);
  assert.equal(entries[1].previous.label, "Zero draft");
});

test("recentHistory: the last entries, newest first, each as its sentence", () => {
  const log = Array.from({ length: 250 }, (_, i) => ({ seq: i + 1, at: `t${i + 1}`, action: "amendment.submitted",
    subject: `amendment:${i + 1}`, sentence: `Mexico submitted an amendment to OP${i + 1}.` }));
  const recent = recentHistory(log, { cat: CATALOGUE });
  assert.equal(recent.length, 200);
  assert.deepEqual(recent[0], { at: "t250", seq: 250, text: "Mexico submitted an amendment to OP250.", lang: "en" });
  assert.equal(recent.at(-1).seq, 51);
  // An entry without its sentence reads in the catalogue's words, never as its subject.
  assert.deepEqual(recentHistory([{ seq: 1, at: "t1", action: "phase.changed", subject: "process:1" }], { cat: CATALOGUE }),
    [{ at: "t1", seq: 1, text: "Someone moved the process to another phase.", lang: "en" }]);
  assert.equal(recentHistory(log, { limit: 3, cat: CATALOGUE }).length, 3);
});

test("recentHistory: an entry with its facts reads in the person's language", () => {
  const entry = { seq: 4, at: "t4", action: "revision.published", sentence: "The co-facilitators published Rev.1.",
    facts: { actor: { word: "actor.co_facilitator" }, revision: "Rev.1" } };
  setLanguage("es");
  try {
    assert.deepEqual(recentHistory([entry], { cat: CATALOGUE }),
      [{ at: "t4", seq: 4, text: "El equipo de cofacilitación publicó Rev.1.", lang: "es" }]);
    // Without facts (an older server), the English sentence, marked as English.
    assert.deepEqual(recentHistory([{ ...entry, facts: undefined }], { cat: CATALOGUE }),
      [{ at: "t4", seq: 4, text: "The co-facilitators published Rev.1.", lang: "en" }]);
  } finally {
    setLanguage("en");
  }
});
