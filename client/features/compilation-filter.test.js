import { test } from "node:test";
import assert from "node:assert/strict";
import { compilationFilters, compilationQuery, compilationHref, languageChoices, unCompilationNote } from "./compilation-filter.js";

const STATES = ["draft", "submitted", "withdrawn", "reflected", "merged", "not_reflected", "overtaken"];

test("the compilation shows submitted amendments unless another state is asked for", () => {
  assert.deepEqual(compilationFilters(new URLSearchParams("")), { delegation: "", state: "submitted", cluster: "", language: "" });
  assert.deepEqual(compilationFilters(new URLSearchParams("delegation=CHN&state=&cluster=finance")),
    { delegation: "CHN", state: "", cluster: "finance", language: "" });
});

test("both views ask the server the same question", () => {
  assert.deepEqual(compilationQuery({ delegation: "CHN", state: "submitted", cluster: "" }, STATES),
    { delegation: "CHN", cluster: undefined, state: ["submitted"], language: undefined });
  assert.deepEqual(compilationQuery({ delegation: "", state: "reflected", cluster: "finance" }, STATES),
    { delegation: undefined, cluster: "finance", state: ["reflected"], language: undefined });
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

test("the language to read in comes from the address and goes to the server; the source language is left out of the address", () => {
  assert.equal(compilationFilters(new URLSearchParams("language=fr")).language, "fr");
  assert.equal(compilationFilters(new URLSearchParams("")).language, "");
  assert.equal(compilationQuery({ delegation: "", state: "submitted", cluster: "", language: "ar" }, STATES).language, "ar");
  assert.equal(compilationQuery({ delegation: "", state: "submitted", cluster: "", language: "" }, STATES).language, undefined);
  assert.equal(compilationHref(1, 2, { seq: 0, delegation: "", state: "", cluster: "", language: "fr", view: "inline" }, "en"),
    "#/p/1/compilation/2?seq=0&delegation=&state=&cluster=&language=fr&view=inline");
  assert.equal(compilationHref(1, 2, { seq: 1, language: "en", view: "un" }, "en"), "#/p/1/compilation/2?seq=1&view=un");
});

test("the picker lists the versions the server names, in its order, each by its name in itself", () => {
  const languages = [{ code: "en", name: "English", direction: "ltr" }, { code: "ar", name: "العربية", direction: "rtl" },
    { code: "fr", name: "Français", direction: "ltr" }];
  assert.deepEqual(languageChoices({ languages }), [["en", "English", "ltr"], ["ar", "العربية", "rtl"], ["fr", "Français", "ltr"]]);
  assert.deepEqual(languageChoices({}), []);
});
