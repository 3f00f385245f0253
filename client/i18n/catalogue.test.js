// The catalogues against the client's code and against each other: every key the code uses
// exists in English; English, French and Spanish are complete everywhere; Arabic, Chinese and
// Russian are complete for the reading, amending and compare screens' areas; every message
// parses, uses the same placeholders in every language, and only plural categories its
// language has.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { AREAS, LANGUAGES, messagesFor } from "./index.js";
import { parse, placeholders, branches, locale } from "../lib/i18n.js";

const client = join(dirname(fileURLToPath(import.meta.url)), "..");
const COMPLETE_EVERYWHERE = ["fr", "es"];
const COMPLETE_FOR_READING = ["ar", "zh", "ru"];
const READING_AREAS = ["common", "reading", "amending", "errors", "languages"];

function sources(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (["node_modules", "vendor", "i18n"].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...sources(path));
    else if (name.endsWith(".js") && !name.endsWith(".test.js") && !name.endsWith(".fixture.js")) found.push(path);
  }
  return found;
}

/** Keys named literally in t("..."), tParts("...") and hasMessage("..."). */
function usedKeys() {
  const keys = new Map();
  for (const file of sources(client)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\b(?:t|tParts)\(\s*"([a-z]+\.[A-Za-z0-9_.]+)"/g)) keys.set(m[1], file.slice(client.length + 1));
  }
  return keys;
}

const english = messagesFor("en");

test("the client uses keys from the catalogues, and some", () => {
  const used = usedKeys();
  assert.ok(used.size > 150, `only ${used.size} keys found in the client's code`);
  const missing = [...used].filter(([key]) => !(key in english)).map(([key, file]) => `${key} (${file})`);
  assert.deepEqual(missing, []);
});

test("each area's keys start with the area's name, in every language", () => {
  for (const [area, byLanguage] of Object.entries(AREAS)) {
    for (const lang of LANGUAGES) {
      for (const key of Object.keys(byLanguage[lang] ?? {})) assert.ok(key.startsWith(`${area}.`), `${lang}: ${key} in ${area}`);
    }
  }
});

test("French and Spanish have every English key; Arabic, Chinese and Russian those of the reading screens", () => {
  for (const [area, byLanguage] of Object.entries(AREAS)) {
    const keys = Object.keys(byLanguage.en ?? {});
    const needed = [...COMPLETE_EVERYWHERE, ...(READING_AREAS.includes(area) ? COMPLETE_FOR_READING : [])];
    for (const lang of needed) {
      const missing = keys.filter((key) => !(key in (byLanguage[lang] ?? {})));
      assert.deepEqual(missing, [], `${area}/${lang}.js lacks keys`);
    }
  }
});

test("no language has a key English does not", () => {
  for (const lang of LANGUAGES) {
    const stray = Object.keys(messagesFor(lang)).filter((key) => !(key in english));
    assert.deepEqual(stray, [], `${lang} has keys that are not in English`);
  }
});

test("every message parses, with English's placeholders, and plural categories of its own language", () => {
  for (const lang of LANGUAGES) {
    const categories = new Set(new Intl.PluralRules(locale(lang)).resolvedOptions().pluralCategories);
    for (const [key, message] of Object.entries(messagesFor(lang))) {
      assert.equal(typeof message, "string", `${lang} ${key}`);
      assert.doesNotThrow(() => parse(message), `${lang} ${key}`);
      assert.deepEqual(placeholders(message), placeholders(english[key]), `${lang} ${key}: placeholders differ from English`);
      for (const { type, keys } of branches(message)) {
        if (type !== "plural") continue;
        for (const branch of keys) {
          if (branch.startsWith("=")) continue;
          assert.ok(categories.has(branch), `${lang} ${key}: "${branch}" is not a plural category of ${lang}`);
        }
      }
      assert.ok(message.trim() !== "" || english[key].trim() === "", `${lang} ${key} is empty`);
    }
  }
});

test("the server's codes shown as labels have words in every language", () => {
  const lists = { phases: 4, unit_statuses: 4, amendment_states: 7, amendment_kinds: 6, decisions: 3, roles: 4, carried_outcomes: 3 };
  for (const [list, count] of Object.entries(lists)) {
    const keys = Object.keys(english).filter((key) => key.startsWith(`common.${list}.`));
    assert.equal(keys.length, count, list);
  }
});
