import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatMessage, parse, placeholders, t, tParts, setLanguage, currentLanguage, direction,
  matchLanguage, initialLanguage, errorMessage, fmtNumber, onLanguageChange, LANGUAGES,
} from "./i18n.js";

const AMENDMENTS = "{count, plural, one {# amendment} other {# amendments}}";

test("values are inserted as text, a missing one stays visible", () => {
  assert.equal(formatMessage("{a} and {b}", { a: "<b>x</b>", b: 0 }), "<b>x</b> and 0");
  assert.equal(formatMessage("{a} and {b}", { a: "x" }), "x and {b}");
  assert.equal(formatMessage("No placeholder, l'apostrophe stays."), "No placeholder, l'apostrophe stays.");
});

test("plurals follow each language's rules (Intl.PluralRules), with # and exact matches", () => {
  assert.equal(formatMessage(AMENDMENTS, { count: 1 }, "en"), "1 amendment");
  assert.equal(formatMessage(AMENDMENTS, { count: 0 }, "en"), "0 amendments");
  assert.equal(formatMessage("{n, plural, =0 {none} one {one} other {#}}", { n: 0 }, "en"), "none");
  const fr = "{count, plural, one {# amendement} other {# amendements}}";
  assert.equal(formatMessage(fr, { count: 0 }, "fr"), "0 amendement"); // French: 0 is singular
  assert.equal(formatMessage(fr, { count: 1.5 }, "fr"), "1,5 amendement");
  const ru = "{count, plural, one {# поправка} few {# поправки} many {# поправок} other {# поправки}}";
  assert.deepEqual([1, 2, 5, 11, 21, 22].map((count) => formatMessage(ru, { count }, "ru")),
    ["1 поправка", "2 поправки", "5 поправок", "11 поправок", "21 поправка", "22 поправки"]);
  const ar = "{count, plural, zero {لا تعديلات} one {تعديل واحد} two {تعديلان} few {# تعديلات} many {# تعديلاً} other {# تعديل}}";
  assert.deepEqual([0, 1, 2, 3, 11, 100].map((count) => formatMessage(ar, { count }, "ar")),
    ["لا تعديلات", "تعديل واحد", "تعديلان", "3 تعديلات", "11 تعديلاً", "100 تعديل"]);
});

test("selects, nesting and numbers in the language's digits and separators", () => {
  const msg = "{kind, select, state {The State} group {The group} other {The delegation}} has {n, plural, one {# vote} other {# votes}}";
  assert.equal(formatMessage(msg, { kind: "group", n: 2 }, "en"), "The group has 2 votes");
  assert.equal(formatMessage(msg, { kind: "ngo", n: 1 }, "en"), "The delegation has 1 vote");
  assert.equal(formatMessage("{n, number}", { n: 12345.5 }, "en"), "12,345.5");
  assert.equal(formatMessage("{n, number}", { n: 12345.5 }, "fr"), "12\u202f345,5");
  assert.equal(formatMessage("{n, number}", { n: 12345 }, "ar"), "12,345"); // Western digits, as paragraph numbers
  assert.equal(fmtNumber(1234567, {}, "ru"), "1\u00a0234\u00a0567");
});

test("a broken message is refused when parsed, and its placeholders are listed", () => {
  assert.throws(() => parse("{count, plural, one {#}}"), /other/);
  assert.throws(() => parse("a {b"), /expected/);
  assert.throws(() => parse("a }"), /unmatched/);
  assert.throws(() => parse("{a, wat}"), /unknown type/);
  assert.deepEqual(placeholders("{b} {a, plural, one {# {c}} other {#}}"), ["a", "b", "c"]);
});

test("t looks up the current language, then English, then shows the key", () => {
  setLanguage("fr");
  assert.equal(t("common.signIn"), "Se connecter");
  assert.equal(t("no.such.key"), "no.such.key");
  setLanguage("xx");
  assert.equal(currentLanguage(), "en");
  assert.equal(t("common.signIn"), "Sign in");
});

test("tParts keeps elements between the text pieces", () => {
  setLanguage("en");
  const link = { element: true };
  assert.deepEqual(tParts("common.apiDescribed", { link }), ["The JSON API is described at ", link, "."]);
});

test("Arabic is right to left, the others left to right", () => {
  assert.deepEqual(LANGUAGES.map((code) => direction(code)), ["ltr", "ltr", "ltr", "rtl", "ltr", "ltr"]);
});

test("the browser's languages are matched to the six; the profile, then this browser's choice, come first", () => {
  assert.equal(matchLanguage(["de-DE", "fr-CA", "en"]), "fr");
  assert.equal(matchLanguage(["zh-Hant-TW"]), "zh");
  assert.equal(matchLanguage(["ar_EG"]), "ar");
  assert.equal(matchLanguage(["de", "it"]), null);
  assert.equal(initialLanguage({ preferred: ["de"] }), "en");
  assert.equal(initialLanguage({ preferred: ["es-MX"] }), "es");
  assert.equal(initialLanguage({ stored: "ru", preferred: ["es-MX"] }), "ru");
  assert.equal(initialLanguage({ profile: "ar", stored: "ru", preferred: ["es"] }), "ar");
  assert.equal(initialLanguage({ profile: "xx", stored: "yy", preferred: [] }), "en");
});

test("listeners hear a switch, not a repeat of the same language", () => {
  setLanguage("en");
  const heard = [];
  const stop = onLanguageChange((code) => heard.push(code));
  setLanguage("es");
  setLanguage("es");
  setLanguage("zh");
  stop();
  setLanguage("en");
  assert.deepEqual(heard, ["es", "zh"]);
});

test("errorMessage: the server's sentence in English, the code's message in the other languages", () => {
  const refused = { status: 403, code: "forbidden", message: "Observers may not propose amendments." };
  assert.equal(errorMessage(refused, "en"), "Observers may not propose amendments.");
  assert.equal(errorMessage(refused, "fr"), "Votre rôle ne permet pas cette action ici, ou pas à ce stade.");
  assert.equal(errorMessage(refused, "zh"), "您的角色不能在此处或在此阶段执行此操作。");
  const invalid = { status: 422, code: "invalid", message: "The request body is not valid.",
    details: { fields: [{ field: "text", problem: "too long" }, { field: "justification" }] } };
  assert.equal(errorMessage(invalid, "es"), "Revise lo que introdujo: text, justification.");
  assert.equal(errorMessage({ status: 422, code: "invalid", message: "x", details: {} }, "ru"),
    "Запрос отклонен: проверьте введенные данные.");
  // An unknown code: the server's sentence.
  assert.equal(errorMessage({ status: 400, code: "new_code", message: "Server words." }, "fr"), "Server words.");
  // No answer at all (fetch failed): the network message, in every language.
  assert.equal(errorMessage(new TypeError("Failed to fetch"), "en"), "The server could not be reached; check the connection and try again.");
  assert.match(errorMessage(new TypeError("Failed to fetch"), "ar"), /تعذّر الوصول إلى الخادم/);
  assert.equal(errorMessage(null), "");
  assert.equal(errorMessage("Already words."), "Already words.");
});
