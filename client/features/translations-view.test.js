import { test } from "node:test";
import assert from "node:assert/strict";
import { translationsHref, pickLanguage, formatOf, stateOf, stateWords, previewLines, toBase64 } from "./translations-view.js";

test("the address names the process, document, revision and language", () => {
  assert.equal(translationsHref(1, 2, 3, "fr"), "#/p/1/translations/2/3?lang=fr");
  assert.equal(translationsHref(1, 2, 0), "#/p/1/translations/2/0");
});

test("the language worked on is never the source", () => {
  assert.equal(pickLanguage("ar", "en"), "ar");
  assert.equal(pickLanguage("en", "en"), "fr");
  assert.equal(pickLanguage("xx", "fr"), "es");
  assert.equal(pickLanguage(null, "en"), "fr");
});

test("a file's format comes from its name", () => {
  assert.deepEqual(["a.PDF", "b.docx", "c.txt", "d"].map(formatOf), ["pdf", "docx", "text", "text"]);
});

test("each state is said in words", () => {
  assert.equal(stateOf(undefined), "missing");
  assert.equal(stateOf({ status: "missing", out_of_date: false }), "missing");
  assert.equal(stateOf({ status: "imported", out_of_date: true }), "out-of-date");
  assert.equal(stateWords({ status: "imported", out_of_date: false }), "Up to date");
  assert.equal(stateWords({ status: "carried", out_of_date: false, carried_from: 2, carried_from_label: "Rev.2" }),
    "Up to date (carried forward from Rev.2)");
  assert.equal(stateWords({ status: "entered", out_of_date: true }), "Out of date");
  assert.equal(stateWords({ status: "missing" }), "Not translated yet");
});

test("the preview says how much aligned", () => {
  assert.deepEqual(previewLines({ articles: 76, articles_aligned: 76, numbered: 251, numbered_aligned: 250, aligned: 600, total: 610 }),
    ["Articles aligned: 76 of 76", "Numbered paragraphs aligned: 250 of 251", "Parts of the text aligned: 600 of 610"]);
});

test("bytes become base64", () => {
  assert.equal(toBase64(new TextEncoder().encode("Árbol")), Buffer.from("Árbol").toString("base64"));
});
