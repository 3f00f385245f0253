import { test } from "node:test";
import assert from "node:assert/strict";
import { pickLanguages, parallelHref, targetUnit, cellNote, cellNumber, countLine, parallelLink, languageExports, compareHref, languageName } from "./parallel-view.js";

test("languages from the address: known, unique, at least two", () => {
  assert.deepEqual(pickLanguages("en,ar,xx,en", "en"), ["en", "ar"]);
  assert.deepEqual(pickLanguages("", "en"), ["en", "fr"]);
  assert.deepEqual(pickLanguages("ar", "en"), ["en", "ar"]);
  assert.deepEqual(pickLanguages("fr,ru,zh", "en"), ["fr", "ru", "zh"]);
});

test("the address of the view", () => {
  assert.equal(parallelHref(1, 2, 0, ["en", "fr"]), "#/p/1/parallel/2/0?langs=en,fr");
});

test("the view opens at the paragraph the address names, if it shows it", () => {
  assert.equal(parallelHref(1, 2, 0, ["en", "ar"], "op1"), "#/p/1/parallel/2/0?langs=en,ar&unit=op1");
  assert.equal(parallelHref(1, 2, 0, ["en", "ar"], "op 1/b"), "#/p/1/parallel/2/0?langs=en,ar&unit=op%201%2Fb");
  assert.equal(parallelHref(1, 2, 0, ["en", "ar"], null), "#/p/1/parallel/2/0?langs=en,ar");
  const rows = [{ key: "pre", kind: "preamble" }, { key: "pp1", kind: "paragraph" }, { key: "op1", kind: "paragraph" }];
  // The address as a search hit links it, read back as the router hands it over.
  const link = parallelHref(1, 2, 0, ["en", "fr"], "op1");
  assert.equal(targetUnit(new URLSearchParams(link.split("?")[1]), rows), "op1");
  assert.equal(targetUnit(new URLSearchParams("langs=en,fr&unit=op%201%2Fb"), [{ key: "op 1/b", kind: "paragraph" }]), "op 1/b");
  assert.equal(targetUnit(new URLSearchParams("langs=en,fr&unit=op9"), rows), null);
  assert.equal(targetUnit(new URLSearchParams("langs=en,fr&unit=pre"), rows), null); // the preamble row is not shown
  assert.equal(targetUnit(new URLSearchParams("langs=en,fr"), rows), null);
});

test("each state of a translation is said in words", () => {
  assert.equal(cellNote({ status: "source" }), null);
  assert.equal(cellNote({ status: "imported", out_of_date: false, carried_from: null }), null);
  assert.equal(cellNote({ status: "missing" }), "Not translated yet");
  assert.match(cellNote({ status: "imported", out_of_date: true, carried_from: 0, carried_from_label: "Zero draft" }), /^Out of date: .*since Zero draft/);
  assert.match(cellNote({ status: "entered", out_of_date: true, carried_from: null }), /^Out of date/);
  assert.match(cellNote({ status: "carried", out_of_date: false, carried_from: 1, carried_from_label: "Rev.1" }), /Carried forward from Rev.1/);
  assert.equal(cellNote({ status: "entered", out_of_date: false, carried_from: null }), "Entered by hand");
});

test("numbers as each language prints them", () => {
  assert.equal(cellNumber({ kind: "paragraph", number: "2" }, { number: "二、" }), "二、");
  assert.equal(cellNumber({ kind: "subparagraph", number: "(a)" }, { number: null }), "(a)");
  assert.equal(cellNumber({ kind: "section", number: "4" }, { number: "第四条" }), null);
  assert.equal(countLine({ translated: 7, out_of_date: 1, missing: 2 }),
    ": 7 translated, 1 out of date, 2 not translated");
});

test("the navigation links to the latest published revision, once there is one", () => {
  assert.equal(parallelLink({ id: 1 }, []), null);
  assert.equal(parallelLink({ id: 1 }, [{ id: 2, revisions: [] }]), null);
  assert.deepEqual(parallelLink({ id: 1 }, [{ id: 2, revisions: [{ sequence: 0 }, { sequence: 1 }] }]),
    ["parallel", "#/p/1/parallel/2/1?langs=en,fr", "Languages"]);
});

test("each language version downloads as DOCX, PDF and Akoma Ntoso", () => {
  assert.deepEqual(languageExports(2, 1, "ar").map((e) => e.href), [
    "/api/v1/documents/2/revisions/1/export?format=docx&language=ar",
    "/api/v1/documents/2/revisions/1/export?format=pdf&language=ar",
    "/api/v1/documents/2/revisions/1/export?format=akn&language=ar"]);
});

test("a revision is compared with the one before in a language", () => {
  assert.equal(compareHref(1, 2, 3, "fr"), "#/p/1/compare/2?from=2&to=3&language=fr");
  assert.equal(languageName("ar"), "العربية");
});
