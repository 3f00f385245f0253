// The "admin" catalogues against the screens that use them: every t("admin....") key of the
// administration screens exists in English, French and Spanish; French and Spanish hold every
// English key and no other; every language's message of a key takes the same placeholders as
// the English one (a translation may not drop {name} nor invent {count}), with ICU syntax
// that parses. Run: node --test client/i18n/admin/admin.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as admin from "./all.js";

const here = dirname(fileURLToPath(import.meta.url));
const features = join(here, "..", "..", "features");

/** The screens whose words are in this area (the feature files of the administration screens). */
export const ADMIN_FILES = ["people", "people-list", "delegations", "delegation-groups", "phases", "phase-moves",
  "silence", "silence-procedures", "dashboard", "dashboard-charts", "clusters", "clusters-summaries",
  "consultation", "consultation-inputs", "manage", "new-process", "invitation", "password-choice",
  "password-reset", "import-draft", "import-file", "publish", "publish-preview", "renumber", "renumber-preview",
  "export-menu", "export-options", "attribution", "attribution-origins", "markup-import", "markup-changes"];

/**
 * The placeholders a message takes, as a sorted list of "name" or "name:type" (plural, select,
 * number...), found by reading the ICU syntax (a branch's own words are not placeholders);
 * throws on unbalanced braces.
 * placeholders("{count, plural, one {# file} other {# files}} by {who}") -> ["count:plural", "who"]
 */
export function placeholders(message) {
  const found = new Set();
  let i = 0;
  const text = String(message);
  const skipSpace = () => { while (/\s/.test(text[i] ?? "")) i += 1; };
  const word = () => { skipSpace(); const start = i; while (/[\w-]/.test(text[i] ?? "")) i += 1; return text.slice(start, i); };
  // A message up to the closing brace of the branch it is in (or the end at depth 0).
  const messageBody = (nested) => {
    while (i < text.length) {
      const c = text[i];
      if (c === "'" && (text[i + 1] === "{" || text[i + 1] === "}" || text[i + 1] === "'")) { // ICU quoting
        const end = text.indexOf("'", i + 1);
        i = end < 0 ? text.length : end + 1;
      } else if (c === "{") { i += 1; argument(); } else if (c === "}") {
        if (!nested) throw new Error(`unbalanced } in ${text}`);
        return;
      } else i += 1;
    }
    if (nested) throw new Error(`unclosed { in ${text}`);
  };
  const argument = () => {
    const name = word();
    if (!name) throw new Error(`an empty placeholder in ${text}`);
    skipSpace();
    if (text[i] === "}") { found.add(name); i += 1; return; }
    if (text[i] !== ",") throw new Error(`unexpected ${text[i]} after {${name} in ${text}`);
    i += 1;
    const type = word();
    found.add(`${name}:${type === "selectordinal" ? "plural" : type}`);
    skipSpace();
    if (text[i] === "}") { i += 1; return; }
    if (text[i] !== ",") throw new Error(`unexpected ${text[i]} in {${name}, ${type} in ${text}`);
    i += 1;
    if (type === "plural" || type === "select" || type === "selectordinal") {
      for (;;) {
        skipSpace();
        if (text[i] === "}") { i += 1; return; }
        if (text.startsWith("offset:", i)) { i += 7; word(); continue; }
        if (text[i] === "=") i += 1;
        if (!word()) throw new Error(`a branch without a key in ${text}`);
        skipSpace();
        if (text[i] !== "{") throw new Error(`a branch without a message in ${text}`);
        i += 1;
        messageBody(true);
        i += 1; // its closing brace
      }
    }
    const end = text.indexOf("}", i); // a style ("{n, number, percent}")
    if (end < 0) throw new Error(`unclosed { in ${text}`);
    i = end + 1;
  };
  messageBody(false);
  return [...found].sort();
}

/** The keys of the admin area the screens use: t("admin.x.y" ...) in each file. */
function usedKeys() {
  const keys = new Map();
  for (const name of ADMIN_FILES) {
    const source = readFileSync(join(features, `${name}.js`), "utf8");
    for (const [, key] of source.matchAll(/\bt(?:Parts)?\(\s*"(admin\.[\w.]+)"/g)) {
      if (!keys.has(key)) keys.set(key, name);
    }
  }
  return keys;
}

test("placeholders are read from the ICU syntax, not from a branch's words", () => {
  assert.deepEqual(placeholders("{count, plural, one {# file} other {# files}} by {who}"), ["count:plural", "who"]);
  assert.deepEqual(placeholders("{state, select, running {running} other {{state}}}"), ["state", "state:select"]);
  assert.deepEqual(placeholders("No placeholder"), []);
  assert.throws(() => placeholders("{unclosed"));
  assert.throws(() => placeholders("closed} too soon"));
});

test("every admin key a screen uses is in English, French and Spanish", () => {
  const used = usedKeys();
  assert.ok(used.size > 100, `only ${used.size} keys found: is the scan still reading the screens?`);
  for (const lang of ["en", "fr", "es"]) {
    const missing = [...used].filter(([key]) => !(key in admin[lang])).map(([key, file]) => `${key} (${file}.js)`);
    assert.deepEqual(missing, [], `${lang} lacks`);
  }
});

test("French and Spanish hold exactly the English keys", () => {
  const english = Object.keys(admin.en).sort();
  for (const lang of ["fr", "es"]) assert.deepEqual(Object.keys(admin[lang]).sort(), english, lang);
});

test("Arabic, Chinese and Russian hold no key English lacks (the rest falls back to English)", () => {
  for (const lang of ["ar", "zh", "ru"]) {
    assert.deepEqual(Object.keys(admin[lang]).filter((k) => !(k in admin.en)), [], lang);
  }
});

test("every key of the area is used by a screen (no leftover)", () => {
  const used = usedKeys();
  assert.deepEqual(Object.keys(admin.en).filter((k) => !used.has(k)), []);
});

test("each translation takes the same placeholders as the English message", () => {
  for (const [key, english] of Object.entries(admin.en)) {
    const want = placeholders(english).map((p) => p.split(":")[0]);
    const names = [...new Set(want)].sort();
    for (const lang of ["fr", "es", "ar", "zh", "ru"]) {
      if (!(key in admin[lang])) continue;
      const got = [...new Set(placeholders(admin[lang][key]).map((p) => p.split(":")[0]))].sort();
      assert.deepEqual(got, names, `${lang} ${key}`);
    }
  }
});

test("every area's key is named for it, and no message is left empty", () => {
  for (const lang of ["en", "fr", "es", "ar", "zh", "ru"]) {
    for (const [key, message] of Object.entries(admin[lang])) {
      assert.match(key, /^admin\.[a-z][\w]*\.[a-z][\w]*$/, `${lang} ${key}`);
      assert.ok(typeof message === "string" && message.trim(), `${lang} ${key} is empty`);
    }
  }
});
