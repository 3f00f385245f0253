// The names of units in six languages, over every name the server sends
// (client/i18n/names/server-names.fixture.json, written by server/features/text/naming_fixture.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { renderName, nameOf, labelKind, CONTEXTS } from "./names.js";
import { formatMessage, placeholders, setLanguage, LANGUAGES } from "./i18n.js";
import { messagesFor } from "../i18n/index.js";
import * as names from "../i18n/names/all.js";

const fixture = JSON.parse(readFileSync(new URL("../i18n/names/server-names.fixture.json", import.meta.url), "utf8"));

/** t in one language, as lib/i18n.js's t is in the current one (a missing key comes back as it is). */
function tIn(lang) {
  const messages = messagesFor(lang);
  return (key, values) => (key in messages ? formatMessage(messages[key], values, lang) : key);
}

const say = (lang, parts, context = null) => renderName(parts, tIn(lang), context);

test("English says every name as the server does", () => {
  assert.ok(fixture.names.length >= 40);
  for (const { parts, en } of fixture.names) assert.equal(say("en", parts), en, JSON.stringify(parts));
});

test("the fixture holds every form, and each English message has the form's parts as placeholders", () => {
  assert.deepEqual(fixture.covered, Object.keys(fixture.forms).sort());
  for (const [form, parts] of Object.entries(fixture.forms)) {
    assert.deepEqual(placeholders(names.en[`names.${form}`]), parts, form);
  }
});

test("every language says every name, on its own and in each context, with nothing left unfilled", () => {
  for (const lang of LANGUAGES) {
    for (const { parts } of fixture.names) {
      for (const context of [null, ...CONTEXTS]) {
        const said = say(lang, parts, context);
        assert.equal(typeof said, "string", `${lang} ${context}: ${JSON.stringify(parts)}`);
        assert.ok(!/[{}]|names\./.test(said) && said.trim() !== "", `${lang} ${context}: ${said}`);
      }
    }
  }
});

test("every language has exactly English's keys for names (no English falls through)", () => {
  const keys = Object.keys(names.en).sort();
  for (const lang of LANGUAGES) assert.deepEqual(Object.keys(names[lang]).sort(), keys, lang);
});

test("names as negotiators say them in each language", () => {
  const article1 = { form: "article", number: "1" };
  const chapeau = { form: "chapeau_of", of: article1 };
  const after = { form: "paragraph_after", of: "PP2" };
  const preambleChapeau = { form: "chapeau_of", of: { form: "preamble" } };
  const expected = {
    fr: ["Article 1", "le chapeau de l’article 1", "le paragraphe qui suit le PP2", "le chapeau du préambule"],
    es: ["Artículo 1", "el encabezamiento del artículo 1", "el párrafo siguiente al PP2", "el encabezamiento del preámbulo"],
    ar: ["المادة 1", "فاتحة المادة 1", "الفقرة التي تلي PP2", "فاتحة الديباجة"],
    zh: ["第1条", "第1条的引言", "PP2之后的段落", "序言的引言"],
    ru: ["статья 1", "вводная часть статьи 1", "абзац после PP2", "вводная часть преамбулы"],
  };
  for (const [lang, words] of Object.entries(expected)) {
    assert.deepEqual([article1, chapeau, after, preambleChapeau].map((p) => say(lang, p)), words, lang);
  }
  const sub = { form: "sub_of", number: "(a)", of: chapeau };
  assert.equal(say("fr", sub), "l’alinéa (a) du chapeau de l’article 1");
  assert.equal(say("es", sub), "el apartado (a) del encabezamiento del artículo 1");
  assert.equal(say("ru", sub), "подпункт (a) вводной части статьи 1");
  const dotted = { form: "dotted", of: article1, number: "1" };
  assert.equal(say("fr", { form: "article", number: "2 bis" }), "Article 2 bis");
  assert.equal(say("fr", { form: "paragraph_after", of: dotted }), "le paragraphe qui suit l’article 1.1");
  assert.equal(say("zh", dotted), "第1条第1款");
  assert.equal(say("fr", { form: "paragraph_after", of: "OP12 bis" }), "le paragraphe qui suit l’OP12 bis");
  assert.equal(say("fr", { form: "nth_paragraph_of", n: 1, of: "Follow-up and review" }),
    "le 1er paragraphe de la section « Follow-up and review »");
});

test("positions are ordinals: English words to ten then Intl's 11th, 21st; French 1er, 1re, 2e", () => {
  const nth = (n) => ({ form: "nth_paragraph", n });
  assert.deepEqual([1, 2, 3, 10, 11, 12, 13, 21, 22, 23, 101].map((n) => say("en", nth(n))),
    ["the first paragraph", "the second paragraph", "the third paragraph", "the tenth paragraph",
      "the 11th paragraph", "the 12th paragraph", "the 13th paragraph", "the 21st paragraph",
      "the 22nd paragraph", "the 23rd paragraph", "the 101st paragraph"]);
  assert.deepEqual([1, 2].map((n) => say("fr", nth(n))), ["le 1er paragraphe", "le 2e paragraphe"]);
  assert.equal(say("fr", { form: "nth_section", n: 1 }), "la 1re section");
  assert.equal(say("es", { form: "nth_section", n: 6 }), "la sexta sección");
  assert.equal(say("es", nth(12)), "el 12.º párrafo");
  assert.equal(say("ar", nth(2)), "الفقرة الثانية");
  assert.equal(say("ru", { form: "chapeau_of", of: { form: "nth_section", n: 6 } }), "вводная часть 6-го раздела");
});

test("in a sentence a name takes its article; a label stays the text's own", () => {
  assert.equal(say("fr", { form: "article", number: "4" }, "the"), "l’article 4");
  assert.equal(say("fr", "PP2", "the"), "le PP2");
  assert.equal(say("es", { form: "article", number: "4" }, "the"), "el artículo 4");
  const chapeau = { form: "chapeau_of", of: { form: "article", number: "1" } };
  assert.deepEqual(["en", "fr", "es", "ru"].map((lang) => say(lang, chapeau, "to")),
    ["the chapeau of Article 1", "au chapeau de l’article 1", "al encabezamiento del artículo 1", "вводной части статьи 1"]);
  assert.equal(say("ru", { form: "article", number: "4" }, "to"), "статье 4");
  assert.deepEqual(["en", "fr", "es", "ru"].map((lang) => say(lang, chapeau, "on")),
    ["the chapeau of Article 1", "le chapeau de l’article 1", "el encabezamiento del artículo 1", "вводной части статьи 1"]);
  assert.deepEqual(["fr", "es", "ru"].map((lang) => say(lang, { form: "article", number: "2" }, "following")),
    ["l’article 2", "el artículo 2", "статьи 2"]);
  for (const lang of LANGUAGES) {
    for (const alias of ["on", "following"]) assert.ok(CONTEXTS.includes(names[lang][`names.context.${alias}`]), `${lang} ${alias}`);
  }
  assert.equal(say("fr", chapeau, "nowhere"), null);
  assert.equal(say("fr", "OP3", "to"), "à l’OP3");
  assert.equal(say("en", "OP12 bis", "the"), "OP12 bis");
  assert.equal(say("fr", "OP12 bis"), "OP12 bis");
  assert.deepEqual(["PP2", "OP12 bis", "OP 3", "A.3", "12.1", "Implementation", "Chapter IV"].map(labelKind),
    ["pp", "op", "op", "number", "number", "heading", "heading"]);
  assert.equal(say("fr", { form: "paragraph_after", of: "A.3" }), "le paragraphe qui suit le paragraphe A.3");
});

test("a form this client does not know gives null, and nameOf shows the server's English", () => {
  assert.equal(say("fr", { form: "annex_of", of: "Article 1" }), null);
  assert.equal(say("fr", { form: "chapeau_of", of: { form: "annex" } }), null);
  setLanguage("fr");
  try {
    assert.equal(nameOf({ form: "annex" }, "Annex"), "Annex");
    assert.equal(nameOf(undefined, "OP12"), "OP12");
    assert.equal(nameOf(undefined, "OP12", "to"), "à l’OP12");
    assert.equal(nameOf({ form: "annex" }, "Annex", "of"), "de la section « Annex »");
    assert.equal(nameOf(undefined, undefined, "to"), undefined);
    assert.equal(nameOf({ form: "chapeau_of", of: { form: "article", number: "1" } }, "the chapeau of Article 1"),
      "le chapeau de l’article 1");
  } finally {
    setLanguage("en");
  }
});
