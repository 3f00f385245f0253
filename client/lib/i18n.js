// The interface's language: messages from client/i18n/, dates and numbers with Intl.
//
// Messages are ICU MessageFormat, the subset screens need, formatted here on the browser's own
// Intl (no dependency, nothing to build: Intl.PluralRules knows every language's plural
// categories, Arabic's zero/one/two/few/many/other and Russian's one/few/many/other included):
//   "{name}"                                  a value, as text
//   "{count, number}"                         a number in the language's digits and separators
//   "{when, date}" / "{when, time}"           a date (ISO string, number or Date)
//   "{count, plural, =0 {none} one {# amendment} other {# amendments}}"   # is the count
//   "{kind, select, state {a State} other {an organisation}}"
// Apostrophes are ordinary characters (messages use the typographic ’ or a plain '; there is
// no ICU quoting). A value is always inserted as text: a message is never HTML, and what the
// user or the document wrote is passed as a value, never used as a message.
import { messagesFor, LANGUAGES } from "../i18n/index.js";

export { LANGUAGES };

/** Each language named in itself (what a person picks it by). */
export const LANGUAGE_NAMES = Object.freeze({
  en: "English", fr: "Français", es: "Español", ar: "العربية", zh: "中文", ru: "Русский",
});

/** The locale Intl formats each language with: Arabic keeps the digits paragraph numbers use. */
const LOCALES = { en: "en", fr: "fr", es: "es", ar: "ar-u-nu-latn", zh: "zh-CN", ru: "ru" };

const STORE = "accord.language";
let lang = "en";
let messages = messagesFor("en");
const english = messagesFor("en");
const listeners = new Set();

/** The current interface language ("en", "fr", "es", "ar", "zh", "ru"). */
export function currentLanguage() { return lang; }

/** The Intl locale of a language (current by default). */
export function locale(code = lang) { return LOCALES[code] ?? "en"; }

/** "rtl" for Arabic, else "ltr". */
export function direction(code = lang) { return code === "ar" ? "rtl" : "ltr"; }

/**
 * The first of the browser's languages (navigator.languages) that Accord speaks, else null:
 * matchLanguage(["fr-CA", "en"]) -> "fr"; matchLanguage(["zh-Hant-TW"]) -> "zh"; matchLanguage(["de"]) -> null.
 */
export function matchLanguage(preferred) {
  for (const tag of preferred ?? []) {
    const base = String(tag).toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return null;
}

/**
 * The language to start in: the profile's choice, else the one kept in this browser (chosen
 * before signing in), else the browser's languages matched to the six, else English.
 */
export function initialLanguage({ profile = null, stored = null, preferred = [] } = {}) {
  for (const code of [profile, stored]) if (LANGUAGES.includes(code)) return code;
  return matchLanguage(preferred) ?? "en";
}

/** The language kept in this browser's localStorage (null when none or unavailable). */
export function storedLanguage() {
  try { return globalThis.localStorage?.getItem(STORE) ?? null; } catch { return null; }
}

/** Keeps a language in this browser's localStorage (for the next visit before signing in). */
export function storeLanguage(code) {
  try { globalThis.localStorage?.setItem(STORE, code); } catch { /* private mode: not kept */ }
}

/** Switch the interface language; every onLanguageChange listener is told (to re-render). */
export function setLanguage(code) {
  const next = LANGUAGES.includes(code) ? code : "en";
  const changed = next !== lang;
  lang = next;
  messages = messagesFor(lang);
  if (typeof document !== "undefined") {
    document.documentElement.lang = lang;
    document.documentElement.dir = direction(lang);
  }
  if (changed) for (const listener of listeners) listener(lang);
}

/** Calls listener(code) after each switch; returns the function that stops it. */
export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message for key in the current language (else English, else the key), formatted. */
export function t(key, values = {}) {
  const template = messages[key] ?? english[key] ?? key;
  return formatMessage(template, values, lang);
}

/**
 * The message for key as pieces, for a sentence with an element in it: values that are objects
 * (DOM nodes) come back as they are, between the text pieces.
 * tParts("common.apiDescribed", {link: a}) -> ["The JSON API is described at ", a, "."]
 */
export function tParts(key, values = {}) {
  const nodes = [];
  const plain = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && typeof value === "object" && !(value instanceof Date)) {
      plain[name] = `\u0000${nodes.length}\u0000`;
      nodes.push(value);
    } else plain[name] = value;
  }
  return t(key, plain).split(/\u0000(\d+)\u0000/).map((piece, i) => (i % 2 ? nodes[Number(piece)] : piece))
    .filter((piece) => piece !== "");
}

/** Whether the catalogues have a message for key (in English, which has every key). */
export function hasMessage(key) { return key in english; }

/** A number in the current language: fmtNumber(12345.5) -> "12,345.5" / "12 345,5". */
export function fmtNumber(n, options = {}, code = lang) {
  return new Intl.NumberFormat(locale(code), options).format(n);
}

/** A date and time in the current language; options as Intl.DateTimeFormat's. */
export function fmtDateTime(value, options = { dateStyle: "medium", timeStyle: "short" }, code = lang) {
  return new Intl.DateTimeFormat(locale(code), options).format(value instanceof Date ? value : new Date(value));
}

/**
 * What to tell a person about a refused or failed request, in their language. The server's
 * answer carries a code ({"error": {"code", "message", "details"}}): its sentence is English and
 * often names the thing ("No amendment 7."), so in English it is shown as it is; in the other
 * languages the catalogue's errors.<code> says it, the server's sentence the fallback when the
 * code is unknown. A failure with no answer (the network) is errors.network.
 */
export function errorMessage(error, code = lang) {
  if (error === null || error === undefined) return "";
  if (typeof error === "string") return error;
  const serverCode = error.code;
  if (!serverCode && error.status === undefined) {
    if (error instanceof TypeError) return lookup("errors.network", code);
    return error.message ?? String(error);
  }
  const key = `errors.${serverCode}`;
  if (code === "en" && error.message) return error.message;
  const found = catalogueFor(code)[key];
  if (found !== undefined) {
    const fields = (error.details?.fields ?? []).map((f) => f.field).filter(Boolean);
    return formatMessage(found, { fields: fields.join(", "), count: fields.length }, code);
  }
  return error.message ?? lookup("errors.unknown", code);
}

function catalogueFor(code) { return code === lang ? messages : messagesFor(code); }
function lookup(key, code) {
  return formatMessage(catalogueFor(code)[key] ?? english[key] ?? key, {}, code);
}

// ---- the message format -------------------------------------------------------------------

const parsed = new Map();

/** A message formatted with values in a language (exported for the tests). */
export function formatMessage(template, values = {}, code = lang) {
  let tree = parsed.get(template);
  if (!tree) {
    tree = parse(template);
    if (parsed.size > 5000) parsed.clear();
    parsed.set(template, tree);
  }
  return render(tree, values, code, null);
}

/** The placeholders a message uses (names of its arguments), sorted: for the catalogue test. */
export function placeholders(template) {
  const names = new Set();
  const walk = (nodes) => {
    for (const node of nodes) {
      if (typeof node === "string" || node.type === "pound") continue;
      names.add(node.name);
      for (const branch of Object.values(node.options ?? {})) walk(branch);
    }
  };
  walk(parse(template));
  return [...names].sort();
}

/** The branch names of every plural and select of a message (for the catalogue test). */
export function branches(template) {
  const found = [];
  const walk = (nodes) => {
    for (const node of nodes) {
      if (typeof node === "string" || !node.options) continue;
      found.push({ name: node.name, type: node.type, keys: Object.keys(node.options) });
      for (const branch of Object.values(node.options)) walk(branch);
    }
  };
  walk(parse(template));
  return found;
}

class MessageSyntaxError extends Error {}

/** Parses a message into text pieces and argument nodes; throws MessageSyntaxError if broken. */
export function parse(template) {
  let i = 0;
  const s = String(template);
  const fail = (why) => { throw new MessageSyntaxError(`${why} at ${i} in ${JSON.stringify(s)}`); };
  const spaces = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  const word = () => {
    spaces();
    const start = i;
    while (i < s.length && /[^\s{},]/.test(s[i])) i++;
    if (i === start) fail("a name was expected");
    return s.slice(start, i);
  };
  function nodes(inBranch) {
    const out = [];
    let text = "";
    while (i < s.length) {
      const c = s[i];
      if (c === "{") {
        if (text) { out.push(text); text = ""; }
        i++;
        out.push(argument());
      } else if (c === "}") {
        if (!inBranch) fail("an unmatched }");
        break;
      } else if (c === "#" && inBranch === "plural") {
        if (text) { out.push(text); text = ""; }
        out.push({ type: "pound" });
        i++;
      } else {
        text += c;
        i++;
      }
    }
    if (text) out.push(text);
    return out;
  }
  function argument() {
    const name = word();
    spaces();
    if (s[i] === "}") { i++; return { type: "value", name }; }
    if (s[i] !== ",") fail("a , or } was expected");
    i++;
    const type = word();
    spaces();
    if (s[i] === "}") {
      i++;
      if (!["number", "date", "time"].includes(type)) fail(`unknown type ${type}`);
      return { type, name };
    }
    if (s[i] !== ",") fail("a , or } was expected");
    i++;
    if (type !== "plural" && type !== "select" && type !== "selectordinal") fail(`unknown type ${type}`);
    const options = {};
    let offset = 0;
    for (;;) {
      spaces();
      if (s[i] === "}") { i++; break; }
      const key = word();
      if (key.startsWith("offset:")) { offset = Number(key.slice(7)); continue; }
      spaces();
      if (s[i] !== "{") fail("a { was expected");
      i++;
      options[key] = nodes(type === "select" ? "select" : "plural");
      if (s[i] !== "}") fail("a } was expected");
      i++;
    }
    if (!("other" in options)) fail(`${name} has no "other" branch`);
    return { type, name, options, offset };
  }
  const tree = nodes(null);
  if (i < s.length) fail("unexpected }");
  return tree;
}

function render(tree, values, code, count) {
  let out = "";
  for (const node of tree) {
    if (typeof node === "string") { out += node; continue; }
    const value = values?.[node.name];
    switch (node.type) {
      case "pound":
        out += count === null ? "#" : fmtNumber(count, {}, code);
        break;
      case "value":
        out += value === undefined || value === null ? `{${node.name}}` : String(value);
        break;
      case "number":
        out += value === undefined || value === null ? `{${node.name}}` : fmtNumber(Number(value), {}, code);
        break;
      case "date":
        out += value ? fmtDateTime(value, { dateStyle: "medium" }, code) : `{${node.name}}`;
        break;
      case "time":
        out += value ? fmtDateTime(value, { timeStyle: "short" }, code) : `{${node.name}}`;
        break;
      case "select": {
        const branch = node.options[String(value)] ?? node.options.other;
        out += render(branch, values, code, count);
        break;
      }
      default: { // plural, selectordinal
        const n = Number(value) - node.offset;
        const exact = node.options[`=${Number(value)}`];
        const rules = new Intl.PluralRules(locale(code), { type: node.type === "plural" ? "cardinal" : "ordinal" });
        const branch = exact ?? node.options[rules.select(n)] ?? node.options.other;
        out += render(branch, values, code, n);
      }
    }
  }
  return out;
}
