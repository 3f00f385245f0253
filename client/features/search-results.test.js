import { test } from "node:test";
import assert from "node:assert/strict";
import { groupCount, groupHeading, hitLanguage, hitMeta, kindChoice, languageOptions, resultLine, searchFilters, searchHref, searchQuery, snippetPieces } from "./search-results.js";

const HIT = {
  kind: "paragraph", title: "Rev.1, OP2", cut_before: true, cut_after: false,
  snippet: [{ text: "safe, ", mark: false }, { text: "dignified", mark: true }, { text: " return.", mark: false }],
};

test("a snippet keeps the server's pieces and says where text was left out", () => {
  assert.deepEqual(snippetPieces(HIT), [
    { text: "… ", mark: false }, { text: "safe, ", mark: false }, { text: "dignified", mark: true }, { text: " return.", mark: false }]);
});

test("user text that looks like HTML stays a piece of text", () => {
  const hit = { ...HIT, cut_before: false, snippet: [{ text: "<img src=x onerror=alert(1)>", mark: true }] };
  assert.deepEqual(snippetPieces(hit), [{ text: "<img src=x onerror=alert(1)>", mark: true }]);
});

test("groups are headed and counted in words", () => {
  assert.equal(groupHeading("input"), "Consultation inputs");
  assert.equal(groupCount({ kind: "paragraph", count: 3 }), "3 paragraphs");
  assert.equal(groupCount({ kind: "input", count: 1 }), "1 consultation input");
  assert.equal(groupCount({ kind: "amendment", count: 0 }), "No amendment");
  assert.equal(resultLine({ q: "migra*", total: 0 }), "No result for “migra*” that you may see.");
  assert.equal(resultLine({ q: "return", total: 2 }), "2 results for “return”");
});

test("a hit's meta line names the proposer's state, the submitter and the cluster", () => {
  assert.equal(hitMeta({ kind: "amendment", state: "draft" }, (s) => s.toUpperCase()), "DRAFT");
  assert.equal(hitMeta({ kind: "input", delegation: null, cluster: "Drivers of migration" }),
    "Submitted by an observer · Drivers of migration");
  assert.equal(hitMeta({ kind: "paragraph" }), "");
});

test("the address holds the search; the API is asked the same", () => {
  const filters = searchFilters(new URLSearchParams("q=%20migra*%20&kind=amendment&revision=2"));
  assert.deepEqual(filters, { q: "migra*", kind: "amendment", revision: 2, language: "" });
  assert.deepEqual(searchFilters(new URLSearchParams("q=x&kind=everything&revision=two")), { q: "x", kind: "", revision: null, language: "" });
  assert.equal(searchHref(4, { q: "due process" }), "#/p/4/search?q=due+process");
  assert.equal(searchHref(4, { q: "a", kind: "input", revision: 0 }), "#/p/4/search?q=a&kind=input&revision=0");
  assert.deepEqual(searchQuery({ q: "a", kind: "", revision: null }), { q: "a" });
  assert.deepEqual(searchQuery({ q: "a", kind: "paragraph", revision: 0 }, 25), { q: "a", kind: "paragraph", revision: 0, offset: 25, limit: 25 });
});

test("the counts and the result line read in the interface's language", async () => {
  const { setLanguage } = await import("../lib/i18n.js");
  setLanguage("ru");
  assert.equal(groupCount({ kind: "amendment", count: 5 }), "5 поправок");
  assert.equal(groupCount({ kind: "paragraph", count: 0 }), "Нет пунктов");
  assert.equal(resultLine({ q: "миграция", total: 2 }), "По запросу «миграция»: 2 результата");
  setLanguage("es");
  assert.equal(groupHeading("input"), "Aportaciones a la consulta");
  setLanguage("en");
});

const LANGUAGES = [
  { code: "en", name: "English", direction: "ltr" },
  { code: "fr", name: "Français", direction: "ltr" },
  { code: "ar", name: "العربية", direction: "rtl" },
];

test("the language searched in is kept in the address and asked of the API; paragraphs only", () => {
  const filters = searchFilters(new URLSearchParams("q=retour&language=fr"));
  assert.deepEqual(filters, { q: "retour", kind: "", revision: null, language: "fr" });
  assert.equal(searchFilters(new URLSearchParams("q=x&language=klingon")).language, "");
  assert.equal(searchFilters(new URLSearchParams("q=x&language=FR")).language, "");
  assert.equal(searchHref(4, { q: "retour sûr", language: "fr" }), "#/p/4/search?q=retour+s%C3%BBr&language=fr");
  assert.equal(searchHref(4, { q: "a", language: "" }), "#/p/4/search?q=a");
  assert.deepEqual(searchQuery({ q: "a", kind: "", revision: null, language: "ar" }), { q: "a", language: "ar" });
  // Amendments have no language versions: the kind is dropped, not sent to be refused.
  assert.deepEqual(searchQuery({ q: "a", kind: "amendment", revision: null, language: "fr" }), { q: "a", language: "fr" });
  assert.deepEqual(searchQuery({ q: "a", kind: "paragraph", revision: 1, language: "zh" }, 25),
    { q: "a", kind: "paragraph", revision: 1, language: "zh", offset: 25, limit: 25 });
});

test("the picker offers each text's own language, then the languages the server lists", () => {
  assert.deepEqual(languageOptions(LANGUAGES), [["", "Each text in its own language"], ["en", "English"], ["fr", "Français"], ["ar", "العربية"]]);
  assert.deepEqual(languageOptions([]), [["", "Each text in its own language"]]);
});

test("a hit in a language carries its lang and direction, its name and out-of-date mark", () => {
  assert.deepEqual(hitLanguage({ kind: "paragraph", language: "ar" }, LANGUAGES), { lang: "ar", dir: "rtl" });
  assert.deepEqual(hitLanguage({ kind: "paragraph", language: "fr" }, LANGUAGES), { lang: "fr", dir: "ltr" });
  assert.deepEqual(hitLanguage({ kind: "paragraph", language: "ar" }), { lang: "ar", dir: "rtl" });
  assert.equal(hitLanguage({ kind: "paragraph", language: null }, LANGUAGES), null);
  assert.equal(hitMeta({ kind: "paragraph", language: "fr", out_of_date: false }, undefined, LANGUAGES), "Français");
  assert.equal(hitMeta({ kind: "paragraph", language: "fr", out_of_date: true }, undefined, LANGUAGES),
    "Français · Translation out of date: the source changed since");
});

test("in a language the kind choice shows paragraphs, disabled, and says why; without one, the kind asked", async () => {
  for (const kind of ["", "amendment", "paragraph"]) {
    assert.deepEqual(kindChoice(kind, "fr"), { value: "paragraph", disabled: true,
      hint: "In another language only paragraphs are searched: amendments, inputs and summaries have no language versions." });
  }
  assert.deepEqual(kindChoice("amendment", ""), { value: "amendment", disabled: false, hint: null });
  assert.deepEqual(kindChoice("", ""), { value: "", disabled: false, hint: null });
  const { setLanguage } = await import("../lib/i18n.js");
  setLanguage("ar");
  assert.match(kindChoice("", "en").hint, /الفقرات/);
  setLanguage("en");
});
